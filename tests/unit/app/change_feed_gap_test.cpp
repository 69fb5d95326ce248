// The live-update feed on a database server, where transactions commit out of id order: an event whose id was
// skipped because a later one committed first is announced when it commits, not lost. Against real PostgreSQL.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "app/change_feed.hpp"
#include "storage/postgres/pg_store.hpp"
#include "support/pg_test_database.hpp"
#include "support/temp_dir.hpp"

namespace alo153::app {
namespace {

using namespace std::chrono_literals;

const core::Time kNow = core::FromUnix(1'772'607'600);

core::Id InsertRequest(storage::Tx& tx) {
    core::Request r;
    r.year = 2026;
    r.sequence = tx.NextSequence("tracking-2026");
    r.tracking_number = "2026-" + std::to_string(r.sequence);
    r.category = "SU.ARIZA";
    r.unit = "SASKI";
    r.description = "Sıra dışı commit";
    r.created_at = r.updated_at = r.due_at = kNow;
    return tx.InsertRequest(r);
}

core::Event NoteOn(core::Id request_id, const std::string& text) {
    return core::Event{.request_id = request_id, .at = kNow, .kind = "note", .text = text};
}

TEST(ChangeFeedGaps, AnEventThatCommitsAfterALaterOneIsAnnouncedLateNotLost) {
    test::TempDir dir;
    const std::string url = test::TestPgSchemaUrl(dir.Path().string());
    if (url.empty()) {
        GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps)";
    }
    storage::postgres::PgStore store({url});
    ManualClock clock(kNow);
    ChangeFeed feed(store, clock);
    const core::Id request = *store.Write([](storage::Tx& tx) -> core::Result<core::Id> { return InsertRequest(tx); });
    feed.Start();
    feed.Stop();  // driven by PollOnce below, not by its thread
    feed.PollOnce();

    // A takes the next event id and stays open; B takes the one after it and commits first.
    std::promise<core::Id> a_took;
    std::promise<void> a_may_commit;
    std::thread a([&] {
        auto r = store.Write([&](storage::Tx& tx) -> core::Result<core::Id> {
            const core::Id id = tx.InsertEvent(NoteOn(request, "A"));
            a_took.set_value(id);
            a_may_commit.get_future().wait();
            return id;
        });
        EXPECT_TRUE(r.ok());
    });
    const core::Id a_id = a_took.get_future().get();
    const core::Id b_id =
        *store.Write([&](storage::Tx& tx) -> core::Result<core::Id> { return tx.InsertEvent(NoteOn(request, "B")); });
    ASSERT_EQ(b_id, a_id + 1);

    const auto first = feed.PollOnce();
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0]->event.event_id, b_id);

    a_may_commit.set_value();
    a.join();
    const auto second = feed.PollOnce();
    ASSERT_EQ(second.size(), 1u) << "A's event, skipped while it was uncommitted, is announced now";
    EXPECT_EQ(second[0]->event.event_id, a_id);
    EXPECT_GT(second[0]->cursor.seq, first[0]->cursor.seq);
    EXPECT_TRUE(feed.PollOnce().empty()) << "and only once";
}

TEST(ChangeFeedGaps, AHoleThatNeverFillsAnnouncesNothingAndHoldsNothingUp) {
    test::TempDir dir;
    const std::string url = test::TestPgSchemaUrl(dir.Path().string());
    if (url.empty()) {
        GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps)";
    }
    storage::postgres::PgStore store({url});
    ManualClock clock(kNow);
    ChangeFeed feed(store, clock);
    const core::Id request = *store.Write([](storage::Tx& tx) -> core::Result<core::Id> { return InsertRequest(tx); });
    feed.PollOnce();
    // A rolled-back insert leaves its id unused for good.
    auto rolled_back = store.Write([&](storage::Tx& tx) -> core::Result<core::Id> {
        tx.InsertEvent(NoteOn(request, "rolled back"));
        return core::MakeError(core::ErrorCode::kValidation, "no");
    });
    ASSERT_FALSE(rolled_back.ok());
    ASSERT_TRUE(
        store.Write([&](storage::Tx& tx) -> core::Result<core::Id> { return tx.InsertEvent(NoteOn(request, "after")); })
            .ok());
    EXPECT_EQ(feed.PollOnce().size(), 1u);
    clock.Advance(11s);
    EXPECT_TRUE(feed.PollOnce().empty());
    // Given up: a later event is still announced (the feed is not stuck on the hole).
    ASSERT_TRUE(
        store.Write([&](storage::Tx& tx) -> core::Result<core::Id> { return tx.InsertEvent(NoteOn(request, "later")); })
            .ok());
    EXPECT_EQ(feed.PollOnce().size(), 1u);
}

}  // namespace
}  // namespace alo153::app
