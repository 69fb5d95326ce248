#include "app/staff_admin.hpp"

namespace alo153::app {
namespace {

core::Result<void> RequireAdmin(const Principal& who) { return RequireRole(who, {core::Role::kAdmin}); }

}  // namespace

core::Result<std::vector<core::User>> StaffAdmin::ListUsers(const Principal& who,
                                                            const std::optional<std::string>& unit) const {
    ALO153_TRY(RequireRole(
        who, {core::Role::kAdmin, core::Role::kUnitManager, core::Role::kSupervisor, core::Role::kUnitStaff}));
    std::vector<core::User> out;
    for (auto& user : auth_.ListUsers()) {
        if ((who.IsUnitRole() && user.unit != who.unit) || (unit && user.unit != *unit)) {
            continue;
        }
        out.push_back(std::move(user));
    }
    return out;
}

core::Result<core::User> StaffAdmin::AddUser(const Principal& who, const std::string& username,
                                             const std::string& display_name, std::optional<core::Role> role,
                                             const std::string& unit, const std::string& password) {
    ALO153_TRY(RequireAdmin(who));
    if (!role) {
        return core::MakeError(core::ErrorCode::kValidation, "Rol zorunludur.", "role");
    }
    return auth_.AddUser(username, display_name, *role, unit, password);
}

core::Result<core::User> StaffAdmin::UpdateUser(const Principal& who, core::Id id, const UserChange& change) {
    ALO153_TRY(RequireAdmin(who));
    if (change.unit && !change.unit->empty() && catalog_.Current()->FindUnit(*change.unit) == nullptr) {
        return core::MakeError(core::ErrorCode::kUnknownReference, "Birim bulunamadı.", "unit");
    }
    auto user = auth_.UpdateUser(id, change.display_name, change.role, change.unit, change.active);
    ALO153_TRY(user);
    if (change.password) {
        ALO153_TRY(auth_.SetPassword(user->username, *change.password));
    }
    return user;
}

core::Result<std::vector<core::ApiKey>> StaffAdmin::ListApiKeys(const Principal& who) const {
    ALO153_TRY(RequireAdmin(who));
    return auth_.ListApiKeys();
}

core::Result<IssuedKey> StaffAdmin::IssueApiKey(const Principal& who, const std::string& name, core::Role role,
                                                const std::string& unit) {
    ALO153_TRY(RequireAdmin(who));
    return auth_.IssueApiKey(name, role, unit);
}

core::Result<void> StaffAdmin::RevokeApiKey(const Principal& who, core::Id id) {
    ALO153_TRY(RequireAdmin(who));
    return auth_.RevokeApiKey(id);
}

}  // namespace alo153::app
