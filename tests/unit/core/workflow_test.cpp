#include "core/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/status_machine.hpp"

namespace alo153::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Time kCreated = FromUnix(1'770'000'000);  // a Monday morning, 2026-02-02 05:40 UTC

class WorkflowTest : public ::testing::Test {
  protected:
    WorkflowTest() : calendar_(HolidayTable{}) {
        request_.id = 7;
        request_.category = "SU.ARIZA";
        request_.unit = "SASKI";
        request_.status = Status::kRouted;
        request_.created_at = request_.updated_at = kCreated;
        request_.due_at = kCreated + hours(24);
        sla_ = [this](const std::string& category, const std::string& unit) {
            asked_.push_back(category + "@" + unit);
            return SlaTerms{.minutes = category == "SU.BASINC" ? minutes(48 * 60) : minutes(24 * 60)};
        };
    }

    Result<Step> Apply(Action action, ActionArgs args = {}) {
        if (args.at == Time{}) {
            args.at = kCreated + hours(1);
        }
        return ApplyAction(request_, action, args, calendar_, sla_);
    }

    /// Applies and keeps the result as the current request; fails the test on an error.
    Step Take(Action action, ActionArgs args = {}) {
        auto step = Apply(action, std::move(args));
        EXPECT_TRUE(step.ok()) << (step.ok() ? "" : step.error().detail);
        if (!step.ok()) {
            return {};
        }
        request_ = step->request;
        return *step;
    }

    static bool Changed(const Event& e, const std::string& field) {
        return std::any_of(e.changes.begin(), e.changes.end(), [&](const FieldChange& c) { return c.field == field; });
    }

    SlaCalendar calendar_;
    Request request_;
    SlaTermsOf sla_;
    std::vector<std::string> asked_;
};

TEST_F(WorkflowTest, AcceptKeepsTheStatusRecordsWhenAndIsNotPublic) {
    Step s = Take(Action::kAccept, {.actor_id = 3});
    EXPECT_EQ(s.request.status, Status::kRouted);
    EXPECT_EQ(s.request.accepted_at, kCreated + hours(1));
    EXPECT_EQ(s.request.version, 2);
    EXPECT_EQ(s.event.kind, "accept");
    EXPECT_EQ(s.event.actor_id, 3);
    EXPECT_EQ(s.event.request_id, 7);
    EXPECT_FALSE(s.event.is_public);
    ASSERT_EQ(s.event.changes.size(), 1u);
    EXPECT_EQ(s.event.changes[0].field, "accepted_at");
    // Accepting twice is refused, not recorded twice.
    auto again = Apply(Action::kAccept);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kIllegalTransition);
}

TEST_F(WorkflowTest, AssignNeedsAnAssigneeAndAcceptsOnTheWay) {
    auto missing = Apply(Action::kAssign);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, "assignee_id");
    Step s = Take(Action::kAssign, {.assignee = 42});
    EXPECT_EQ(s.request.assignee_id, 42);
    EXPECT_TRUE(s.request.accepted_at.has_value());
    EXPECT_TRUE(Changed(s.event, "assignee_id"));
    EXPECT_FALSE(s.event.is_public);
}

TEST_F(WorkflowTest, StartHoldResumeMovesTheDueTimeByTheHeldTime) {
    Take(Action::kStart, {.at = kCreated + hours(1)});
    EXPECT_EQ(request_.status, Status::kInProgress);
    Step hold = Take(Action::kHold, {.at = kCreated + hours(2), .text = "Malzeme bekleniyor"});
    EXPECT_TRUE(hold.event.is_public);
    EXPECT_EQ(hold.event.text, "Malzeme bekleniyor");
    EXPECT_EQ(request_.hold_started_at, kCreated + hours(2));
    Step resume = Take(Action::kResume, {.at = kCreated + hours(12)});
    // 22 hours were left at the hold; they count again from the resume.
    EXPECT_EQ(resume.request.due_at, kCreated + hours(12 + 22));
    EXPECT_FALSE(resume.request.hold_started_at.has_value());
    EXPECT_TRUE(Changed(resume.event, "due_at"));
    EXPECT_EQ(asked_, std::vector<std::string>{"SU.ARIZA@SASKI"});
}

TEST_F(WorkflowTest, ResolveNeedsTheAnswerAndIsPublic) {
    auto missing = Apply(Action::kResolve);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kValidation);
    EXPECT_EQ(missing.error().field, "answer");
    Step s = Take(Action::kResolve, {.text = "Boru değiştirildi."});
    EXPECT_EQ(s.request.status, Status::kResolved);
    EXPECT_EQ(s.request.public_answer, "Boru değiştirildi.");
    EXPECT_EQ(s.request.resolved_at, kCreated + hours(1));
    EXPECT_TRUE(s.event.is_public);
    EXPECT_TRUE(Changed(s.event, "public_answer"));
}

TEST_F(WorkflowTest, CloseAndReopenStartANewDueTimeFromTheReopen) {
    Take(Action::kResolve, {.text = "Yapıldı."});
    Take(Action::kClose, {.at = kCreated + hours(30)});
    EXPECT_EQ(request_.closed_at, kCreated + hours(30));
    auto no_reason = Apply(Action::kReopen, {.at = kCreated + hours(40)});
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().field, "reason");
    Step s = Take(Action::kReopen, {.at = kCreated + hours(40), .text = "Su yine akıyor."});
    EXPECT_EQ(s.request.status, Status::kReopened);
    EXPECT_EQ(s.request.due_at, kCreated + hours(40 + 24));
    EXPECT_FALSE(s.request.resolved_at || s.request.closed_at || s.request.accepted_at);
    EXPECT_TRUE(s.event.is_public);
}

TEST_F(WorkflowTest, RejectRecordsTheReasonAndEndsAHold) {
    Take(Action::kStart);
    Take(Action::kHold, {.text = "Bekle"});
    Step s = Take(Action::kReject, {.text = "Belediyenin görev alanı dışında."});
    EXPECT_EQ(s.request.status, Status::kRejected);
    EXPECT_EQ(s.request.reject_reason, "Belediyenin görev alanı dışında.");
    EXPECT_FALSE(s.request.hold_started_at.has_value());
    EXPECT_TRUE(s.event.is_public);
}

TEST_F(WorkflowTest, RerouteIsInternalClearsTheAssigneeAndRetimesACorrectedCategory) {
    Take(Action::kAssign, {.assignee = 42});
    auto same = Apply(Action::kReroute, {.text = "Yanlış birim", .unit = "SASKI"});
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().field, "unit");
    Take(Action::kStart);
    Step s = Take(Action::kReroute, {.text = "Basınç sorunu", .unit = "FEN", .category = "SU.BASINC"});
    EXPECT_EQ(s.request.status, Status::kRouted);
    EXPECT_EQ(s.request.unit, "FEN");
    EXPECT_EQ(s.request.category, "SU.BASINC");
    EXPECT_EQ(s.request.due_at, kCreated + hours(48));  // counted from the creation
    EXPECT_FALSE(s.request.assignee_id || s.request.accepted_at);
    EXPECT_FALSE(s.event.is_public);
    EXPECT_TRUE(Changed(s.event, "unit") && Changed(s.event, "category") && Changed(s.event, "due_at"));
}

TEST_F(WorkflowTest, ForbiddenTransitionsAreErrorsAndChangeNothing) {
    const Request before = request_;
    auto close = Apply(Action::kClose);
    ASSERT_FALSE(close.ok());
    EXPECT_EQ(close.error().code, ErrorCode::kIllegalTransition);
    EXPECT_EQ(request_.version, before.version);
}

TEST(IsPublicStep, EveryStatusChangeButARerouting) {
    for (int a = 0; a < EnumCount<Action>(); ++a) {
        const auto action = static_cast<Action>(a);
        for (int s = 0; s < EnumCount<Status>(); ++s) {
            const auto from = static_cast<Status>(s);
            auto to = NextStatus(from, action);
            if (!to.ok()) {
                continue;
            }
            EXPECT_EQ(IsPublicStep(action, from, *to), *to != from && action != Action::kReroute)
                << ToCode(action) << " from " << ToCode(from);
        }
    }
    EXPECT_TRUE(IsPublicStep(Action::kResolve, Status::kInProgress, Status::kResolved));
    EXPECT_FALSE(IsPublicStep(Action::kAccept, Status::kRouted, Status::kRouted));
    EXPECT_FALSE(IsPublicStep(Action::kReroute, Status::kInProgress, Status::kRouted));
}

TEST(Diff, ListsOnlyChangedFieldsInAFixedOrder) {
    Request a;
    Request b = a;
    EXPECT_TRUE(Diff(a, b).empty());
    b.status = Status::kResolved;
    b.public_answer = "Tamam";
    auto d = Diff(a, b);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].field, "status");
    EXPECT_EQ(d[0].before, "new");
    EXPECT_EQ(d[0].after, "resolved");
    EXPECT_EQ(d[1].field, "public_answer");
}

}  // namespace
}  // namespace alo153::core
