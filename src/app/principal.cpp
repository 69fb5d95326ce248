#include "app/principal.hpp"

#include <algorithm>

#include "core/status_machine.hpp"

namespace alo153::app {

using core::Action;
using core::Role;

bool CanSee(const Principal& who, const core::Request& request) {
    if (who.IsUnitRole()) {
        return !who.unit.empty() && request.unit == who.unit;
    }
    return true;
}

bool MayAct(const Principal& who, Action action) {
    switch (action) {
        case Action::kRoute:
            return false;  // only intake routes
        case Action::kAccept:
        case Action::kStart:
        case Action::kHold:
        case Action::kResume:
        case Action::kResolve:
        case Action::kReject:
        case Action::kReroute:
        case Action::kAssign:
            return who.role != Role::kAgent;
        case Action::kClose:
        case Action::kReopen:
            return who.role != Role::kUnitStaff;
    }
    return false;
}

std::vector<Action> AvailableActions(const Principal& who, const core::Request& request) {
    std::vector<Action> out;
    for (Action a : core::AllowedActions(request.status)) {
        if (!MayAct(who, a) || (a == Action::kAccept && request.accepted_at)) {
            continue;
        }
        out.push_back(a);
    }
    return out;
}

core::Result<void> RequireRole(const Principal& who, std::initializer_list<Role> roles) {
    if (std::find(roles.begin(), roles.end(), who.role) == roles.end()) {
        return core::MakeError(core::ErrorCode::kForbidden, "Bu işlem için yetkiniz yok.");
    }
    return core::Ok();
}

}  // namespace alo153::app
