#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "core/sla_calendar.hpp"

namespace alo153::core {

/// What a request's due time is counted by: its category's time limit and clock, and its unit's hours.
struct SlaTerms {
    std::chrono::minutes minutes{0};
    SlaClock clock = SlaClock::kAroundTheClock;
    WorkingHours hours;
};

/// The SLA terms of a category in a unit, looked up by whoever holds the catalog.
using SlaTermsOf = std::function<SlaTerms(const std::string& category, const std::string& unit)>;

/// The due time of a request in `category` and `unit` that starts (or starts again) at `from`.
Time DueTime(const SlaCalendar& calendar, const SlaTerms& terms, Time from);

/// What a workflow action carries. The caller has checked everything that needs the database or the
/// catalog (the assignee is active staff of the request's unit, the new unit and category exist) and cleaned
/// the text; the rule checks the rest.
struct ActionArgs {
    Time at{};
    std::optional<Id> actor_id;
    std::string text;            ///< reason (hold, reject, reopen, reroute) or public answer (resolve)
    std::optional<Id> assignee;  ///< assign
    std::string unit;            ///< reroute: the new unit
    std::string category;        ///< reroute: optionally a corrected category
};

/// One step of a request's workflow: the request after it, and the event that records it.
struct Step {
    Request request;
    Event event;
};

/// Whether an action needs a text: a reason, or the public answer of a resolve.
bool ActionNeedsText(Action action);

/// Whether the citizen sees a step: every status change except a re-routing (which unit works on a request
/// is the municipality's internal business).
bool IsPublicStep(Action action, Status from, Status to);

/// The one rule of what every workflow action does, used by the live service and the demo history alike:
/// the status (core/status_machine), the timestamps, the due time (the SLA clock stops on hold and restarts
/// on reopen), the version, and the event with its field changes and whether it is public. `sla` is asked
/// only by resume, reopen and a re-routing that corrects the category.
///
/// Errors: kIllegalTransition (the status machine forbids it; accepting an accepted request), kValidation
/// (a missing text or assignee, a re-routing to where the request already is).
Result<Step> ApplyAction(const Request& request, Action action, const ActionArgs& args, const SlaCalendar& calendar,
                         const SlaTermsOf& sla);

/// The fields that differ between two versions of a request, as text for the audit trail.
std::vector<FieldChange> Diff(const Request& before, const Request& after);

}  // namespace alo153::core
