#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/catalog_service.hpp"
#include "app/principal.hpp"

namespace alo153::app {

/// A change to a staff account; fields left empty stay as they are.
struct UserChange {
    std::optional<std::string> display_name;
    std::optional<core::Role> role;
    std::optional<std::string> unit;  ///< "" clears it; otherwise an existing unit's code
    std::optional<bool> active;
    std::optional<std::string> password;
};

/// Staff accounts and API keys as the web interface manages them: every use case checks who asks. Admins
/// manage accounts and keys; unit roles and supervisors may list staff (unit roles only their own unit's, to
/// assign work). The command line (an operator on the machine) uses AuthService directly.
class StaffAdmin {
  public:
    StaffAdmin(AuthService& auth, CatalogService& catalog) : auth_(auth), catalog_(catalog) {}

    /// The staff `who` may see, only those of `unit` when given.
    core::Result<std::vector<core::User>> ListUsers(const Principal& who, const std::optional<std::string>& unit) const;
    /// A new account; `role` is required (kValidation naming "role" when missing).
    core::Result<core::User> AddUser(const Principal& who, const std::string& username, const std::string& display_name,
                                     std::optional<core::Role> role, const std::string& unit,
                                     const std::string& password);
    core::Result<core::User> UpdateUser(const Principal& who, core::Id id, const UserChange& change);

    core::Result<std::vector<core::ApiKey>> ListApiKeys(const Principal& who) const;
    core::Result<IssuedKey> IssueApiKey(const Principal& who, const std::string& name, core::Role role,
                                        const std::string& unit);
    core::Result<void> RevokeApiKey(const Principal& who, core::Id id);

  private:
    AuthService& auth_;
    CatalogService& catalog_;
};

}  // namespace alo153::app
