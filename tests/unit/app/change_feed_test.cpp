#include "app/change_feed.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "app/application.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::Role;
using namespace std::chrono_literals;

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 10:00 in Istanbul

/// Collects what a subscription delivers, and waits for it.
class Collector {
  public:
    ChangeFeed::Deliver Deliver() {
        return [this](const std::vector<ChangePtr>& changes) {
            std::lock_guard lock(mutex_);
            changes_.insert(changes_.end(), changes.begin(), changes.end());
            cv_.notify_all();
        };
    }
    /// The changes once there are at least `n` (fails the test after 5 s).
    std::vector<ChangePtr> WaitFor(std::size_t n) {
        std::unique_lock lock(mutex_);
        EXPECT_TRUE(cv_.wait_for(lock, 5s, [&] { return changes_.size() >= n; }))
            << "got " << changes_.size() << " of " << n << " changes";
        return changes_;
    }
    std::vector<ChangePtr> Now() {
        std::lock_guard lock(mutex_);
        return changes_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<ChangePtr> changes_;
};

class ChangeFeedTest : public test::AppTest {
  protected:
    ChangeFeedTest() : AppTest(kNow) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
    }
    ~ChangeFeedTest() override { app_.Feed().Stop(); }

    core::Request Create(const std::string& category) {
        CreateRequest c;
        c.category = category;
        c.description = "Canlı akış denemesi";
        c.location.district = "ATAKUM";
        auto created = app_.Intake().Create(agent_, c);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().detail);
        return created.ok() ? created->request : core::Request{};
    }

    Principal agent_;
    Principal saski_;
};

TEST_F(ChangeFeedTest, CommittedChangesArriveInOrderWithTheirRequest) {
    app_.Feed().Start();
    Collector got;
    app_.Feed().Subscribe(got.Deliver(), std::nullopt);
    const core::Request r = Create("SU.ARIZA");
    auto changes = got.WaitFor(2);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0]->event.kind, "created");
    EXPECT_EQ(changes[1]->event.kind, "routed");
    for (const auto& c : changes) {
        EXPECT_EQ(c->kind, Change::Kind::kRequest);
        EXPECT_EQ(c->event.request_id, r.id);
        EXPECT_EQ(c->event.tracking_number, r.tracking_number);
        EXPECT_EQ(c->event.unit, "SASKI");
        EXPECT_EQ(c->event.category, "SU.ARIZA");
    }
    EXPECT_LT(changes[0]->cursor.event_id, changes[1]->cursor.event_id);
    EXPECT_LT(changes[0]->cursor.seq, changes[1]->cursor.seq);
    EXPECT_EQ(app_.Feed().Head().event_id, changes[1]->cursor.event_id);
}

TEST_F(ChangeFeedTest, AWriteThatFailsIsNeverAnnounced) {
    const core::Request r = Create("SU.ARIZA");
    app_.Feed().Start();
    Collector got;
    app_.Feed().Subscribe(got.Deliver(), std::nullopt);
    // A stale If-Match fails inside the writer's transaction: rolled back, so nothing to tell.
    ActionInput stale;
    stale.if_match = r.version + 5;
    EXPECT_FALSE(app_.Workflow().Act(saski_, r.id, core::Action::kAccept, stale).ok());
    ActionInput fresh;
    fresh.if_match = r.version;
    ASSERT_TRUE(app_.Workflow().Act(saski_, r.id, core::Action::kAccept, fresh).ok());
    auto changes = got.WaitFor(1);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0]->event.kind, "accept");
    EXPECT_TRUE(app_.Feed().PollOnce().empty());
    EXPECT_EQ(got.Now().size(), 1u);
}

TEST_F(ChangeFeedTest, AReaderResumesExactlyAfterItsCursor) {
    app_.Feed().Start();
    Collector first;
    app_.Feed().Subscribe(first.Deliver(), std::nullopt);
    Create("SU.ARIZA");
    Create("YOL.CUKUR");
    auto all = first.WaitFor(4);
    ASSERT_EQ(all.size(), 4u);

    Collector resumed;
    bool gap = false;
    app_.Feed().Subscribe(resumed.Deliver(), all[1]->cursor, [&] { gap = true; });
    auto replay = resumed.Now();
    EXPECT_FALSE(gap);
    ASSERT_EQ(replay.size(), 2u);
    EXPECT_EQ(replay[0], all[2]);
    EXPECT_EQ(replay[1], all[3]);

    // By the ids alone (the position of another process): the same changes.
    Collector by_ids;
    FeedCursor other = all[1]->cursor;
    other.seq = 987654;
    app_.Feed().Subscribe(by_ids.Deliver(), other, [&] { gap = true; });
    EXPECT_FALSE(gap);
    EXPECT_EQ(by_ids.Now().size(), 2u);

    // A cursor ahead of this database: the reader must reload.
    Collector foreign;
    app_.Feed().Subscribe(foreign.Deliver(), FeedCursor{1'000'000, 0, 1}, [&] { gap = true; });
    EXPECT_TRUE(gap);
    EXPECT_TRUE(foreign.Now().empty());
}

TEST_F(ChangeFeedTest, AReaderOlderThanTheHistoryIsToldOfTheGap) {
    for (int i = 0; i < 3; ++i) {
        Create("SU.ARIZA");
    }
    ChangeFeed feed(app_.Store(), clock_, ChangeFeed::Options{.poll_interval = 1h, .history = 2, .backlog_events = 2});
    feed.Start();
    bool gap = false;
    Collector got;
    feed.Subscribe(got.Deliver(), FeedCursor{1, 0, 0}, [&] { gap = true; });
    EXPECT_TRUE(gap);
    feed.Stop();
}

TEST_F(ChangeFeedTest, ACallIsAnnouncedWhenRecordedAndWhenItEnds) {
    app_.Feed().Start();
    Collector got;
    app_.Feed().Subscribe(got.Deliver(), std::nullopt);
    auto started = app_.Contacts().Start(agent_, StartContact{.caller_phone = "0532 111 22 33"});
    ASSERT_TRUE(started.ok());
    auto changes = got.WaitFor(1);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0]->kind, Change::Kind::kContact);
    EXPECT_EQ(changes[0]->contact.id, started->id);
    EXPECT_FALSE(changes[0]->contact.outcome);

    ASSERT_TRUE(app_.Contacts().End(agent_, started->id, EndContact{.outcome = core::ContactOutcome::kDropped}).ok());
    changes = got.WaitFor(2);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[1]->contact.id, started->id);
    EXPECT_EQ(changes[1]->contact.outcome, core::ContactOutcome::kDropped);
    EXPECT_TRUE(changes[1]->contact.ended_at.has_value());
}

TEST(ChangeFeedVisibility, UnitRolesSeeTheirUnitAndWhatLeavesItButNoCalls) {
    Principal saski{.role = Role::kUnitStaff, .unit = "SASKI"};
    Principal supervisor{.role = Role::kSupervisor};
    Change mine;
    mine.event.unit = "SASKI";
    Change other;
    other.event.unit = "FEN";
    Change left;
    left.event.unit = "FEN";
    left.event.previous_unit = "SASKI";
    Change call;
    call.kind = Change::Kind::kContact;
    EXPECT_TRUE(MaySee(saski, mine));
    EXPECT_FALSE(MaySee(saski, other));
    EXPECT_TRUE(MaySee(saski, left));
    EXPECT_FALSE(MaySee(saski, call));
    for (const auto* c : {&mine, &other, &left, &call}) {
        EXPECT_TRUE(MaySee(supervisor, *c));
    }
    Principal no_unit{.role = Role::kUnitManager, .unit = ""};
    EXPECT_FALSE(MaySee(no_unit, mine));
}

}  // namespace
}  // namespace alo153::app
