#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"

namespace alo153::app {

/// Who is asking: a signed-in staff member, another system with an API key, or a citizen on the public portal
/// (no account; only the portal's own use cases accept it).
struct Principal {
    enum class Kind { kUser, kApiKey, kPublic };
    Kind kind = Kind::kUser;
    core::Id id = 0;  ///< user id or API key id
    core::Role role = core::Role::kAgent;
    std::string unit;  ///< for unit roles
    std::string name;
    std::string csrf_token;  ///< sessions only

    /// A stable string for per-principal records (idempotency keys).
    std::string Key() const {
        return (kind == Kind::kUser ? "user:" : kind == Kind::kApiKey ? "key:" : "public:") + std::to_string(id);
    }
    std::optional<core::Id> UserId() const { return kind == Kind::kUser ? std::optional<core::Id>(id) : std::nullopt; }
    bool IsUnitRole() const { return role == core::Role::kUnitStaff || role == core::Role::kUnitManager; }
};

/// Whether `who` may see `request` at all. Deny by default: unit roles see only their unit's requests.
/// Callers answer kNotFound when this is false, so a request of another unit looks as if it did not exist.
bool CanSee(const Principal& who, const core::Request& request);

/// Whether `who`'s role may take `action` (visibility is checked separately).
bool MayAct(const Principal& who, core::Action action);

/// The actions `who` may take on `request` now: allowed by the status machine, by the role, and not already
/// done (a request is accepted once). What the interface offers as buttons.
std::vector<core::Action> AvailableActions(const Principal& who, const core::Request& request);

/// Fails with kForbidden unless the role is one of `roles`.
core::Result<void> RequireRole(const Principal& who, std::initializer_list<core::Role> roles);

}  // namespace alo153::app
