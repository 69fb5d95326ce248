#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/clock.hpp"
#include "app/principal.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// What an agent sees when a caller's number is typed: the citizens with that number and their history.
struct CallerHistory {
    std::string phone;                    ///< normalised
    std::vector<core::Citizen> citizens;  ///< masked unless revealed
    std::vector<core::Request> requests;  ///< open ones first, then newest
    std::vector<core::Contact> contacts;  ///< newest first
};

/// Fields of a citizen a client may set; unset fields stay as they are.
struct CitizenFields {
    std::optional<std::string> phone;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::optional<std::string> tckn;
    std::optional<std::string> email;
    std::optional<std::string> address;
    std::optional<bool> kvkk_consent;
};

/// Citizens: finding them by phone number, recording and correcting them, and showing their personal data
/// masked unless someone opens it (which is logged, KVKK).
class CitizenService {
  public:
    CitizenService(storage::Store& store, const Clock& clock);

    /// Any common spelling of a Turkish number is accepted and normalised to +90... Call-center roles only.
    core::Result<CallerHistory> FindByPhone(const Principal& who, std::string_view phone) const;
    /// One citizen; `reveal` shows personal data unmasked and logs that `who` saw it, with `reason`. Unit roles
    /// see only citizens of their unit's requests (kNotFound otherwise).
    core::Result<core::Citizen> Get(const Principal& who, core::Id id, bool reveal, const std::string& reason);
    core::Result<core::Citizen> Create(const Principal& who, const CitizenFields& fields);
    core::Result<core::Citizen> Update(const Principal& who, core::Id id, const CitizenFields& fields,
                                       std::optional<int> if_match);

    /// The citizen with personal data masked: surname, T.C. kimlik no, e-mail, address, phone's middle digits.
    static core::Citizen Masked(core::Citizen c);

  private:
    core::Result<void> Apply(core::Citizen& c, const CitizenFields& f) const;

    storage::Store& store_;
    const Clock& clock_;
};

}  // namespace alo153::app
