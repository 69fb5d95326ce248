#include "core/workflow.hpp"

#include "core/status_machine.hpp"

namespace alo153::core {
namespace {

std::string TimeText(const std::optional<Time>& t) { return t ? std::to_string(ToUnix(*t)) : std::string{}; }

}  // namespace

Time DueTime(const SlaCalendar& calendar, const SlaTerms& terms, Time from) {
    return calendar.DueTime(from, terms.minutes, terms.clock, terms.hours);
}

bool ActionNeedsText(Action action) {
    return action == Action::kHold || action == Action::kReject || action == Action::kReopen ||
           action == Action::kReroute || action == Action::kResolve;
}

bool IsPublicStep(Action action, Status from, Status to) { return from != to && action != Action::kReroute; }

Result<Step> ApplyAction(const Request& request, Action action, const ActionArgs& args, const SlaCalendar& calendar,
                         const SlaTermsOf& sla) {
    if (ActionNeedsText(action) && args.text.empty()) {
        return MakeError(ErrorCode::kValidation, "Bu işlem için bir açıklama yazılmalıdır.",
                         action == Action::kResolve ? "answer" : "reason");
    }
    if (action == Action::kAssign && !args.assignee) {
        return MakeError(ErrorCode::kValidation, "Atanacak personel zorunludur.", "assignee_id");
    }
    auto next = NextStatus(request.status, action);
    ALO153_TRY(next);
    const Time now = args.at;
    Step step{request, {}};
    Request& r = step.request;
    r.status = *next;
    switch (action) {
        case Action::kAccept:
            if (r.accepted_at) {
                return MakeError(ErrorCode::kIllegalTransition, "Başvuru zaten kabul edilmiş.");
            }
            r.accepted_at = now;
            break;
        case Action::kAssign:
            r.assignee_id = args.assignee;
            if (!r.accepted_at) {
                r.accepted_at = now;
            }
            break;
        case Action::kStart:
            if (!r.accepted_at) {
                r.accepted_at = now;
            }
            break;
        case Action::kHold:
            r.hold_started_at = now;
            break;
        case Action::kResume: {
            // The SLA clock stopped while on hold: what was left at the hold is counted again from now.
            const SlaTerms terms = sla(r.category, r.unit);
            const Time held_at = r.hold_started_at.value_or(now);
            const auto left = calendar.CountedMinutes(held_at, r.due_at, terms.clock, terms.hours);
            r.due_at = calendar.DueTime(now, left, terms.clock, terms.hours);
            r.hold_started_at.reset();
            break;
        }
        case Action::kResolve:
            r.public_answer = args.text;
            r.resolved_at = now;
            break;
        case Action::kClose:
            r.closed_at = now;
            break;
        case Action::kReject:
            r.reject_reason = args.text;
            r.hold_started_at.reset();
            break;
        case Action::kReopen:
            // A new SLA from now: the citizen is waiting again.
            r.resolved_at.reset();
            r.closed_at.reset();
            r.hold_started_at.reset();
            r.accepted_at.reset();
            r.due_at = DueTime(calendar, sla(r.category, r.unit), now);
            break;
        case Action::kReroute:
            if (args.unit == r.unit && (args.category.empty() || args.category == r.category)) {
                return MakeError(ErrorCode::kValidation, "Başvuru zaten bu birimde.", "unit");
            }
            r.unit = args.unit;
            if (!args.category.empty() && args.category != r.category) {
                // A corrected category has its own time limit, counted from when the citizen asked.
                r.category = args.category;
                r.due_at = DueTime(calendar, sla(r.category, r.unit), r.created_at);
            }
            r.assignee_id.reset();
            r.accepted_at.reset();
            r.hold_started_at.reset();
            break;
        case Action::kRoute:
            break;
    }
    r.version += 1;
    r.updated_at = now;
    step.event = Event{.request_id = r.id,
                       .at = now,
                       .actor_id = args.actor_id,
                       .kind = std::string(ToCode(action)),
                       .from_status = request.status,
                       .to_status = r.status,
                       .is_public = IsPublicStep(action, request.status, r.status),
                       .text = args.text,
                       .changes = Diff(request, r)};
    return step;
}

std::vector<FieldChange> Diff(const Request& a, const Request& b) {
    std::vector<FieldChange> out;
    auto add = [&](const char* field, std::string before, std::string after) {
        if (before != after) {
            out.push_back({field, std::move(before), std::move(after)});
        }
    };
    add("status", std::string(ToCode(a.status)), std::string(ToCode(b.status)));
    add("unit", a.unit, b.unit);
    add("category", a.category, b.category);
    add("priority", std::string(ToCode(a.priority)), std::string(ToCode(b.priority)));
    add("assignee_id", a.assignee_id ? std::to_string(*a.assignee_id) : "",
        b.assignee_id ? std::to_string(*b.assignee_id) : "");
    add("due_at", std::to_string(ToUnix(a.due_at)), std::to_string(ToUnix(b.due_at)));
    add("accepted_at", TimeText(a.accepted_at), TimeText(b.accepted_at));
    add("public_answer", a.public_answer, b.public_answer);
    add("reject_reason", a.reject_reason, b.reject_reason);
    return out;
}

}  // namespace alo153::core
