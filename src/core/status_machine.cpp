#include "core/status_machine.hpp"

#include "core/labels.hpp"

#include <array>
#include <optional>
#include <string>

namespace alo153::core {
namespace {

constexpr std::size_t kStatusCount = EnumCount<Status>();
constexpr std::size_t kActionCount = EnumCount<Action>();

using Row = std::array<std::optional<Status>, kActionCount>;

/// kTransitions[from][action] = the next status, or nullopt when the action is not allowed. Built from the
/// rules as written in the header so that the table reads like the rules.
constexpr std::array<Row, kStatusCount> MakeTransitions() {
    std::array<Row, kStatusCount> t{};
    auto move_to = [&t](Action action, std::initializer_list<Status> from, Status to) {
        for (Status s : from) {
            t[static_cast<std::size_t>(s)][static_cast<std::size_t>(action)] = to;
        }
    };
    // Actions that record something (who accepted, who is assigned) without changing the status.
    auto keep = [&t](Action action, std::initializer_list<Status> from) {
        for (Status s : from) {
            t[static_cast<std::size_t>(s)][static_cast<std::size_t>(action)] = s;
        }
    };
    using S = Status;
    using A = Action;
    move_to(A::kRoute, {S::kNew}, S::kRouted);
    keep(A::kAccept, {S::kRouted, S::kReopened});
    keep(A::kAssign, {S::kRouted, S::kInProgress, S::kOnHold, S::kReopened});
    move_to(A::kStart, {S::kRouted, S::kReopened}, S::kInProgress);
    move_to(A::kHold, {S::kInProgress}, S::kOnHold);
    move_to(A::kResume, {S::kOnHold}, S::kInProgress);
    move_to(A::kResolve, {S::kRouted, S::kInProgress, S::kReopened}, S::kResolved);
    move_to(A::kClose, {S::kResolved}, S::kClosed);
    move_to(A::kReject, {S::kNew, S::kRouted, S::kInProgress, S::kOnHold, S::kReopened}, S::kRejected);
    move_to(A::kReopen, {S::kResolved, S::kClosed, S::kRejected}, S::kReopened);
    move_to(A::kReroute, {S::kRouted, S::kInProgress, S::kOnHold, S::kReopened}, S::kRouted);
    return t;
}

constexpr std::array<Row, kStatusCount> kTransitions = MakeTransitions();

}  // namespace

Result<Status> NextStatus(Status from, Action action) {
    const std::optional<Status> next =
        kTransitions.at(static_cast<std::size_t>(from)).at(static_cast<std::size_t>(action));
    if (!next) {
        return MakeError(ErrorCode::kIllegalTransition, "'" + std::string(LabelTr(from)) + "' durumundaki başvuruya '" +
                                                            std::string(ActionNounTr(action)) + "' yapılamaz.");
    }
    return *next;
}

bool IsOpen(Status status) {
    switch (status) {
        case Status::kNew:
        case Status::kRouted:
        case Status::kInProgress:
        case Status::kOnHold:
        case Status::kReopened:
            return true;
        case Status::kResolved:
        case Status::kClosed:
        case Status::kRejected:
            return false;
    }
    return false;
}

bool CountsTowardSla(Status status) { return IsOpen(status) && status != Status::kOnHold; }

std::vector<Action> AllowedActions(Status status) {
    std::vector<Action> actions;
    const Row& row = kTransitions.at(static_cast<std::size_t>(status));
    for (std::size_t a = 0; a < kActionCount; ++a) {
        if (row[a]) {
            actions.push_back(static_cast<Action>(a));
        }
    }
    return actions;
}

}  // namespace alo153::core
