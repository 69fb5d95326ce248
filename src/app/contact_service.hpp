#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/clock.hpp"
#include "app/principal.hpp"
#include "storage/store.hpp"

namespace alo153::app {

struct StartContact {
    core::Channel channel = core::Channel::kPhone;
    std::string caller_phone;  ///< may be empty (number withheld)
    std::optional<core::Id> citizen_id;
    /// Set to record a finished contact in one step (e.g. an "informed" call).
    std::optional<core::ContactOutcome> outcome;
    std::optional<core::Id> article_id;
    std::string note;
};

struct EndContact {
    core::ContactOutcome outcome = core::ContactOutcome::kInformed;
    std::optional<core::Id> article_id;
    std::optional<core::Id> request_id;
    std::string note;
};

/// Contacts: every call or visit, whether or not it opens a request, with the article the agent read from.
class ContactService {
  public:
    ContactService(storage::Store& store, const Clock& clock);

    core::Result<core::Contact> Start(const Principal& who, const StartContact& input);
    core::Result<core::Contact> End(const Principal& who, core::Id id, const EndContact& input);
    core::Result<core::Contact> Get(const Principal& who, core::Id id) const;
    core::Result<std::vector<core::Contact>> List(const Principal& who, storage::ContactFilter filter) const;

  private:
    core::Result<void> CheckArticle(storage::Tx& tx, const std::optional<core::Id>& id) const;

    storage::Store& store_;
    const Clock& clock_;
};

}  // namespace alo153::app
