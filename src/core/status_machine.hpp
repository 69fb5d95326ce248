#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace alo153::core {

/// The status a request moves to when `action` is taken in status `from`. Some actions keep the status (accept,
/// assign: the caller records who and when). Fails with kIllegalTransition and a Turkish sentence naming the
/// status and the action ("'Çözüldü' durumundaki başvuruya 'atama' yapılamaz.") when the rules forbid it.
///
/// The rules: route new→routed; accept routed|reopened→same; assign routed|in_progress|on_hold|reopened→same;
/// start routed|reopened→in_progress; hold in_progress→on_hold; resume on_hold→in_progress;
/// resolve routed|in_progress|reopened→resolved; close resolved→closed;
/// reject new|routed|in_progress|on_hold|reopened→rejected; reopen resolved|closed|rejected→reopened;
/// reroute routed|in_progress|on_hold|reopened→routed.
Result<Status> NextStatus(Status from, Action action);

/// Whether a request in this status still awaits the municipality: new, routed, in_progress, on_hold, reopened.
bool IsOpen(Status status);

/// Whether the SLA clock runs in this status: open and not on hold.
bool CountsTowardSla(Status status);

/// The actions allowed in `status`, in the declaration order of Action (for building menus and buttons).
std::vector<Action> AllowedActions(Status status);

}  // namespace alo153::core
