#include "core/status_machine.hpp"
#include "core/labels.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace alo153::core {
namespace {

using ::testing::ElementsAre;
using S = Status;
using A = Action;

/// The rules, written out independently of the implementation: (from, action) → to. Everything else is illegal.
const std::map<std::pair<Status, Action>, Status>& ExpectedTransitions() {
    static const auto* const table = new std::map<std::pair<Status, Action>, Status>{
        {{S::kNew, A::kRoute}, S::kRouted},

        {{S::kRouted, A::kAccept}, S::kRouted},       {{S::kReopened, A::kAccept}, S::kReopened},

        {{S::kRouted, A::kAssign}, S::kRouted},       {{S::kInProgress, A::kAssign}, S::kInProgress},
        {{S::kOnHold, A::kAssign}, S::kOnHold},       {{S::kReopened, A::kAssign}, S::kReopened},

        {{S::kRouted, A::kStart}, S::kInProgress},    {{S::kReopened, A::kStart}, S::kInProgress},

        {{S::kInProgress, A::kHold}, S::kOnHold},     {{S::kOnHold, A::kResume}, S::kInProgress},

        {{S::kRouted, A::kResolve}, S::kResolved},    {{S::kInProgress, A::kResolve}, S::kResolved},
        {{S::kReopened, A::kResolve}, S::kResolved},

        {{S::kResolved, A::kClose}, S::kClosed},

        {{S::kNew, A::kReject}, S::kRejected},        {{S::kRouted, A::kReject}, S::kRejected},
        {{S::kInProgress, A::kReject}, S::kRejected}, {{S::kOnHold, A::kReject}, S::kRejected},
        {{S::kReopened, A::kReject}, S::kRejected},

        {{S::kResolved, A::kReopen}, S::kReopened},   {{S::kClosed, A::kReopen}, S::kReopened},
        {{S::kRejected, A::kReopen}, S::kReopened},

        {{S::kRouted, A::kReroute}, S::kRouted},      {{S::kInProgress, A::kReroute}, S::kRouted},
        {{S::kOnHold, A::kReroute}, S::kRouted},      {{S::kReopened, A::kReroute}, S::kRouted},
    };
    return *table;
}

TEST(StatusMachine, EveryStatusAndActionFollowsTheRuleTable) {
    int allowed = 0;
    for (int s = 0; s < EnumCount<Status>(); ++s) {
        for (int a = 0; a < EnumCount<Action>(); ++a) {
            const auto from = static_cast<Status>(s);
            const auto action = static_cast<Action>(a);
            const Result<Status> next = NextStatus(from, action);
            const auto it = ExpectedTransitions().find({from, action});
            if (it == ExpectedTransitions().end()) {
                ASSERT_FALSE(next.ok()) << ToCode(from) << " + " << ToCode(action) << " should be illegal";
                EXPECT_EQ(next.error().code, ErrorCode::kIllegalTransition);
                EXPECT_FALSE(next.error().detail.empty());
            } else {
                ++allowed;
                ASSERT_TRUE(next.ok()) << ToCode(from) << " + " << ToCode(action) << ": " << next.error().detail;
                EXPECT_EQ(*next, it->second) << ToCode(from) << " + " << ToCode(action);
            }
        }
    }
    EXPECT_EQ(allowed, static_cast<int>(ExpectedTransitions().size()));
}

TEST(StatusMachine, AllowedActionsMatchNextStatus) {
    for (int s = 0; s < EnumCount<Status>(); ++s) {
        const auto from = static_cast<Status>(s);
        std::vector<Action> expected;
        for (int a = 0; a < EnumCount<Action>(); ++a) {
            if (NextStatus(from, static_cast<Action>(a)).ok()) expected.push_back(static_cast<Action>(a));
        }
        EXPECT_EQ(AllowedActions(from), expected) << ToCode(from);
    }
}

TEST(StatusMachine, ResolvedRequestCannotBeAssigned) {
    const auto r = NextStatus(S::kResolved, A::kAssign);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIllegalTransition);
    EXPECT_EQ(r.error().detail, "'Çözüldü' durumundaki başvuruya 'atama' yapılamaz.");
}

TEST(StatusMachine, NewRequestMustBeRoutedBeforeWork) {
    EXPECT_FALSE(NextStatus(S::kNew, A::kStart).ok());
    EXPECT_FALSE(NextStatus(S::kNew, A::kResolve).ok());
    EXPECT_FALSE(NextStatus(S::kNew, A::kAssign).ok());
    EXPECT_EQ(*NextStatus(S::kNew, A::kRoute), S::kRouted);
}

TEST(StatusMachine, AcceptAndAssignKeepTheStatus) {
    EXPECT_EQ(*NextStatus(S::kRouted, A::kAccept), S::kRouted);
    EXPECT_EQ(*NextStatus(S::kOnHold, A::kAssign), S::kOnHold);
}

TEST(StatusMachine, OnHoldRequestMustResumeBeforeResolving) {
    EXPECT_FALSE(NextStatus(S::kOnHold, A::kResolve).ok());
    EXPECT_EQ(*NextStatus(S::kOnHold, A::kResume), S::kInProgress);
}

TEST(StatusMachine, ClosedRequestCanOnlyBeReopened) {
    EXPECT_THAT(AllowedActions(S::kClosed), ElementsAre(A::kReopen));
    EXPECT_EQ(*NextStatus(S::kClosed, A::kReopen), S::kReopened);
}

TEST(StatusMachine, RejectedRequestCannotBeRejectedAgain) {
    const auto r = NextStatus(S::kRejected, A::kReject);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "'Reddedildi' durumundaki başvuruya 'reddetme' yapılamaz.");
}

TEST(StatusMachine, RerouteSendsAnOpenRequestBackToRouted) {
    EXPECT_EQ(*NextStatus(S::kInProgress, A::kReroute), S::kRouted);
    EXPECT_FALSE(NextStatus(S::kNew, A::kReroute).ok());
}

TEST(StatusMachine, TypicalLifeCycleReachesClosed) {
    Status s = S::kNew;
    for (Action a : {A::kRoute, A::kAccept, A::kAssign, A::kStart, A::kHold, A::kResume, A::kResolve, A::kClose,
                     A::kReopen, A::kStart, A::kResolve, A::kClose}) {
        const auto next = NextStatus(s, a);
        ASSERT_TRUE(next.ok()) << ToCode(s) << " + " << ToCode(a);
        s = *next;
    }
    EXPECT_EQ(s, S::kClosed);
}

TEST(StatusMachine, OpenStatuses) {
    EXPECT_TRUE(IsOpen(S::kNew));
    EXPECT_TRUE(IsOpen(S::kRouted));
    EXPECT_TRUE(IsOpen(S::kInProgress));
    EXPECT_TRUE(IsOpen(S::kOnHold));
    EXPECT_TRUE(IsOpen(S::kReopened));
    EXPECT_FALSE(IsOpen(S::kResolved));
    EXPECT_FALSE(IsOpen(S::kClosed));
    EXPECT_FALSE(IsOpen(S::kRejected));
}

TEST(StatusMachine, SlaClockStopsOnHoldAndWhenNotOpen) {
    for (int s = 0; s < EnumCount<Status>(); ++s) {
        const auto status = static_cast<Status>(s);
        EXPECT_EQ(CountsTowardSla(status), IsOpen(status) && status != S::kOnHold) << ToCode(status);
    }
    EXPECT_FALSE(CountsTowardSla(S::kOnHold));
    EXPECT_TRUE(CountsTowardSla(S::kReopened));
}

TEST(StatusMachine, EveryActionHasATurkishNoun) {
    for (int a = 0; a < EnumCount<Action>(); ++a) {
        EXPECT_FALSE(ActionNounTr(static_cast<Action>(a)).empty());
    }
    EXPECT_EQ(ActionNounTr(A::kReopen), "yeniden açma");
}

}  // namespace
}  // namespace alo153::core
