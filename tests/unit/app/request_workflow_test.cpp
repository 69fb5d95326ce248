// The workflow of a request through WorkflowService::Act: each action, its rules, its event and its errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "app/application.hpp"
#include "app/intake_service.hpp"
#include "app/request_queries.hpp"
#include "app/workflow_service.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::Action;
using core::ErrorCode;
using core::Role;
using core::Status;
using namespace std::chrono_literals;

core::Time Local(int y, unsigned mo, unsigned d, int h, int mi = 0) {
    using namespace std::chrono;
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) - core::kIstanbulOffset;
}

class RequestWorkflowTest : public test::AppTest {
  protected:
    RequestWorkflowTest() : AppTest(Local(2026, 3, 4, 10)) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
        saski2_ = AddStaff("saski.personel2", Role::kUnitStaff, "SASKI");
        saski_manager_ = AddStaff("saski.mudur", Role::kUnitManager, "SASKI");
        fen_ = AddStaff("fen.personel", Role::kUnitStaff, "FEN");
        auto created = app_.Intake().Create(agent_, BurstPipe());
        EXPECT_TRUE(created.ok());
        request_ = created.ok() ? created->request : core::Request{};
    }

    Principal AddStaff(const std::string& username, Role role, const std::string& unit) {
        return AppTest::AddStaff(username, role, unit, "Personel " + username);
    }

    static CreateRequest BurstPipe() {
        CreateRequest c;
        c.category = "SU.ARIZA";  // SASKI, 240 minutes around the clock
        c.description = "Sokakta boru patladı, su akıyor.";
        c.location.district = "ATAKUM";
        return c;
    }

    core::Result<core::Request> Act(const Principal& who, Action action, ActionInput input = {}) {
        return app_.Workflow().Act(who, request_.id, action, input);
    }

    core::Request MustAct(const Principal& who, Action action, ActionInput input = {}) {
        auto r = Act(who, action, std::move(input));
        EXPECT_TRUE(r.ok()) << core::ToCode(action) << ": " << (r.ok() ? "" : r.error().detail);
        return r.ok() ? *r : core::Request{};
    }

    core::Request Current() { return *app_.Queries().Get(supervisor_, request_.id); }
    std::vector<core::Event> Events() { return *app_.Queries().History(supervisor_, request_.id); }

    /// Checks that a failed action left the request and its history as they were.
    void ExpectUnchanged(const core::Request& before, std::size_t events_before) {
        core::Request now = Current();
        EXPECT_EQ(now.version, before.version);
        EXPECT_EQ(now.status, before.status);
        EXPECT_EQ(now.unit, before.unit);
        EXPECT_EQ(now.assignee_id, before.assignee_id);
        EXPECT_EQ(Events().size(), events_before);
    }

    Principal agent_, supervisor_, saski_, saski2_, saski_manager_, fen_;
    core::Request request_;
};

const core::FieldChange* FindChange(const core::Event& e, const std::string& field) {
    for (const auto& c : e.changes) {
        if (c.field == field) {
            return &c;
        }
    }
    return nullptr;
}

TEST_F(RequestWorkflowTest, AcceptRecordsWhenAndKeepsTheStatus) {
    clock_.Advance(10min);
    auto r = MustAct(saski_, Action::kAccept);
    EXPECT_EQ(r.status, Status::kRouted);
    EXPECT_EQ(r.accepted_at, clock_.Now());
    EXPECT_EQ(r.version, 2);
    auto events = Events();
    ASSERT_EQ(events.size(), 3u);
    const auto& e = events.back();
    EXPECT_EQ(e.kind, "accept");
    EXPECT_EQ(e.actor_id, saski_.id);
    EXPECT_EQ(e.actor_name, "Personel saski.personel");
    EXPECT_EQ(e.from_status, Status::kRouted);
    EXPECT_EQ(e.to_status, Status::kRouted);
    ASSERT_NE(FindChange(e, "accepted_at"), nullptr);
    EXPECT_EQ(FindChange(e, "accepted_at")->before, "");
    EXPECT_EQ(FindChange(e, "accepted_at")->after, std::to_string(core::ToUnix(clock_.Now())));

    auto twice = Act(saski_, Action::kAccept);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kIllegalTransition);
    ExpectUnchanged(r, 3);
}

TEST_F(RequestWorkflowTest, AssignToAStaffMemberOfTheUnit) {
    auto r = MustAct(saski_manager_, Action::kAssign, {.assignee = saski2_.id});
    EXPECT_EQ(r.assignee_id, saski2_.id);
    EXPECT_TRUE(r.accepted_at.has_value());
    const core::Event e = Events().back();
    EXPECT_EQ(e.kind, "assign");
    ASSERT_NE(FindChange(e, "assignee_id"), nullptr);
    EXPECT_EQ(FindChange(e, "assignee_id")->after, std::to_string(saski2_.id));

    storage::RequestFilter mine;
    mine.assignee_id = saski2_.id;
    auto page = app_.Queries().List(saski2_, mine, "", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, request_.id);
}

TEST_F(RequestWorkflowTest, AssignRejectsStaffOfAnotherUnitAndMissingAssignee) {
    auto other_unit = Act(saski_manager_, Action::kAssign, {.assignee = fen_.id});
    ASSERT_FALSE(other_unit.ok());
    EXPECT_EQ(other_unit.error().code, ErrorCode::kUnknownReference);
    auto nobody = Act(saski_manager_, Action::kAssign);
    ASSERT_FALSE(nobody.ok());
    EXPECT_EQ(nobody.error().code, ErrorCode::kValidation);
    auto someone_else = Act(saski_, Action::kAssign, {.assignee = saski2_.id});  // staff may take it, not give it
    ASSERT_FALSE(someone_else.ok());
    EXPECT_EQ(someone_else.error().code, ErrorCode::kForbidden);
    ExpectUnchanged(request_, 2);
    EXPECT_EQ(MustAct(saski_, Action::kAssign, {.assignee = saski_.id}).assignee_id, saski_.id);
}

TEST_F(RequestWorkflowTest, StartMovesToInProgress) {
    auto r = MustAct(saski_, Action::kStart);
    EXPECT_EQ(r.status, Status::kInProgress);
    EXPECT_TRUE(r.accepted_at.has_value());
    const core::Event e = Events().back();
    EXPECT_EQ(e.from_status, Status::kRouted);
    EXPECT_EQ(e.to_status, Status::kInProgress);
    ASSERT_NE(FindChange(e, "status"), nullptr);
    EXPECT_EQ(FindChange(e, "status")->before, "routed");
    EXPECT_EQ(FindChange(e, "status")->after, "in_progress");
}

TEST_F(RequestWorkflowTest, HoldThenResumeMovesTheDueTimeByTheTimeHeld) {
    const core::Time due = request_.due_at;  // created + 4 h, around the clock
    MustAct(saski_, Action::kStart);
    clock_.Advance(1h);
    auto held = MustAct(saski_, Action::kHold, {.text = "Malzeme bekleniyor"});
    EXPECT_EQ(held.status, Status::kOnHold);
    EXPECT_EQ(held.hold_started_at, clock_.Now());
    clock_.Advance(3h + 20min);
    auto resumed = MustAct(saski_, Action::kResume);
    EXPECT_EQ(resumed.status, Status::kInProgress);
    EXPECT_FALSE(resumed.hold_started_at.has_value());
    EXPECT_EQ(resumed.due_at, due + 3h + 20min);
    const core::Event e = Events().back();
    EXPECT_EQ(e.kind, "resume");
    ASSERT_NE(FindChange(e, "due_at"), nullptr);
    EXPECT_EQ(FindChange(e, "due_at")->after, std::to_string(core::ToUnix(due + 3h + 20min)));
}

TEST_F(RequestWorkflowTest, HoldNeedsAReason) {
    MustAct(saski_, Action::kStart);
    auto r = Act(saski_, Action::kHold);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(Current().status, Status::kInProgress);
}

TEST_F(RequestWorkflowTest, ResolveNeedsAnAnswerAndRecordsIt) {
    auto empty = Act(saski_, Action::kResolve, {.text = "  "});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ErrorCode::kValidation);
    EXPECT_EQ(empty.error().field, "answer");
    ExpectUnchanged(request_, 2);

    clock_.Advance(2h);
    auto r = MustAct(saski_, Action::kResolve, {.text = "Boru değiştirildi."});
    EXPECT_EQ(r.status, Status::kResolved);
    EXPECT_EQ(r.public_answer, "Boru değiştirildi.");
    EXPECT_EQ(r.resolved_at, clock_.Now());
    const core::Event e = Events().back();
    EXPECT_TRUE(e.is_public);
    EXPECT_EQ(e.text, "Boru değiştirildi.");
    ASSERT_NE(FindChange(e, "public_answer"), nullptr);
}

TEST_F(RequestWorkflowTest, CloseAfterResolveThenReopen) {
    MustAct(saski_, Action::kResolve, {.text = "Onarıldı."});
    auto staff_close = Act(saski_, Action::kClose);  // closing is the call centre's
    ASSERT_FALSE(staff_close.ok());
    EXPECT_EQ(staff_close.error().code, ErrorCode::kForbidden);

    clock_.Advance(1h);
    auto closed = MustAct(supervisor_, Action::kClose);
    EXPECT_EQ(closed.status, Status::kClosed);
    EXPECT_EQ(closed.closed_at, clock_.Now());

    auto no_reason = Act(supervisor_, Action::kReopen);
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().code, ErrorCode::kValidation);

    clock_.Advance(1h);
    auto reopened = MustAct(supervisor_, Action::kReopen, {.text = "Vatandaş su akmaya devam ediyor dedi."});
    EXPECT_EQ(reopened.status, Status::kReopened);
    EXPECT_FALSE(reopened.resolved_at.has_value());
    EXPECT_FALSE(reopened.closed_at.has_value());
    EXPECT_FALSE(reopened.accepted_at.has_value());
    EXPECT_EQ(reopened.due_at, clock_.Now() + 4h);  // a fresh SLA from the reopening
    EXPECT_EQ(Events().back().from_status, Status::kClosed);
    EXPECT_EQ(Events().back().to_status, Status::kReopened);
}

TEST_F(RequestWorkflowTest, RejectNeedsAReason) {
    auto none = Act(saski_, Action::kReject);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::kValidation);
    auto r = MustAct(saski_, Action::kReject, {.text = "Mükerrer başvuru"});
    EXPECT_EQ(r.status, Status::kRejected);
    EXPECT_EQ(r.reject_reason, "Mükerrer başvuru");
    EXPECT_TRUE(Events().back().is_public);
}

TEST_F(RequestWorkflowTest, RerouteMovesTheRequestToAnotherUnit) {
    MustAct(saski_, Action::kAssign, {.assignee = saski_.id});
    MustAct(saski_, Action::kStart);
    auto no_reason = Act(saski_, Action::kReroute, {.unit = "FEN"});
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().code, ErrorCode::kValidation);
    auto unknown = Act(saski_, Action::kReroute, {.text = "Yol çökmüş", .unit = "YOK"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownReference);
    auto same = Act(saski_, Action::kReroute, {.text = "Yol çökmüş", .unit = "SASKI"});
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().code, ErrorCode::kValidation);

    auto r = MustAct(saski_, Action::kReroute, {.text = "Yol çökmüş, Fen İşleri'nin", .unit = "FEN"});
    EXPECT_EQ(r.unit, "FEN");
    EXPECT_EQ(r.status, Status::kRouted);
    EXPECT_FALSE(r.assignee_id.has_value());
    EXPECT_FALSE(r.accepted_at.has_value());
    const core::Event e = Events().back();
    EXPECT_EQ(e.kind, "reroute");
    EXPECT_FALSE(e.is_public);  // the citizen is not told about internal hand-overs
    ASSERT_NE(FindChange(e, "unit"), nullptr);
    EXPECT_EQ(FindChange(e, "unit")->before, "SASKI");
    EXPECT_EQ(FindChange(e, "unit")->after, "FEN");

    // The old unit no longer sees it; the new one does.
    EXPECT_EQ(app_.Queries().Get(saski_, request_.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(app_.Queries().Get(fen_, request_.id).ok());
}

TEST_F(RequestWorkflowTest, RerouteWithACorrectedCategoryRecomputesTheDueTime) {
    auto r = MustAct(saski_, Action::kReroute,
                     {.text = "Asfalt çökmesi", .unit = "FEN", .category = "YOL.COKME"});  // 240 min, 24x7
    EXPECT_EQ(r.category, "YOL.COKME");
    EXPECT_EQ(r.due_at, r.created_at + 4h);
    auto top = Act(fen_, Action::kReroute, {.text = "x", .unit = "SASKI", .category = "YOL"});
    ASSERT_FALSE(top.ok());
    EXPECT_EQ(top.error().code, ErrorCode::kUnknownReference);
}

TEST_F(RequestWorkflowTest, IllegalTransitionsAreRefusedAndChangeNothing) {
    auto close_routed = Act(supervisor_, Action::kClose);
    ASSERT_FALSE(close_routed.ok());
    EXPECT_EQ(close_routed.error().code, ErrorCode::kIllegalTransition);
    auto resume_routed = Act(saski_, Action::kResume);
    ASSERT_FALSE(resume_routed.ok());
    EXPECT_EQ(resume_routed.error().code, ErrorCode::kIllegalTransition);
    ExpectUnchanged(request_, 2);

    auto resolved = MustAct(saski_, Action::kResolve, {.text = "Tamam."});
    auto assign_resolved = Act(saski_, Action::kAssign, {.assignee = saski_.id});
    ASSERT_FALSE(assign_resolved.ok());
    EXPECT_EQ(assign_resolved.error().code, ErrorCode::kIllegalTransition);
    auto route = Act(supervisor_, Action::kRoute);
    ASSERT_FALSE(route.ok());  // only intake routes
    ExpectUnchanged(resolved, 3);
}

TEST_F(RequestWorkflowTest, StaleIfMatchIsAPreconditionFailure) {
    auto r = MustAct(saski_, Action::kAccept, {.if_match = 1});
    EXPECT_EQ(r.version, 2);
    auto stale = Act(saski_, Action::kStart, {.if_match = 1});
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
    ExpectUnchanged(r, 3);
    EXPECT_EQ(MustAct(saski_, Action::kStart, {.if_match = 2}).version, 3);
}

TEST_F(RequestWorkflowTest, EveryChangeAddsOneEventWithItsStatuses) {
    MustAct(saski_, Action::kAccept);
    MustAct(saski_, Action::kStart);
    MustAct(saski_, Action::kHold, {.text = "Bekleniyor"});
    MustAct(saski_, Action::kResume);
    MustAct(saski_, Action::kResolve, {.text = "Bitti."});
    MustAct(supervisor_, Action::kClose);
    auto events = Events();
    ASSERT_EQ(events.size(), 8u);
    std::vector<std::string> kinds;
    for (const auto& e : events) {
        kinds.push_back(e.kind);
    }
    EXPECT_THAT(kinds,
                ::testing::ElementsAre("created", "routed", "accept", "start", "hold", "resume", "resolve", "close"));
    for (std::size_t i = 2; i < events.size(); ++i) {
        ASSERT_TRUE(events[i].from_status.has_value()) << i;
        ASSERT_TRUE(events[i].to_status.has_value()) << i;
        EXPECT_EQ(*events[i].from_status, *events[i - 1].to_status) << i;  // an unbroken chain of statuses
        EXPECT_FALSE(events[i].changes.empty()) << i;
    }
    EXPECT_EQ(*events.back().to_status, Status::kClosed);
    EXPECT_EQ(Current().version, 7);
}

}  // namespace
}  // namespace alo153::app
