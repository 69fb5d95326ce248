#include "app/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace alo153::app {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsUpToTheLimitPerWindowThenSaysHowLongToWait) {
    ManualClock clock(core::FromUnix(1'772'607'600));
    RateLimiter limiter(2, 60s, clock);
    EXPECT_FALSE(limiter.RetryAfter("10.0.0.1"));
    limiter.Record("10.0.0.1");
    clock.Advance(10s);
    EXPECT_FALSE(limiter.RetryAfter("10.0.0.1"));
    limiter.Record("10.0.0.1");
    ASSERT_TRUE(limiter.RetryAfter("10.0.0.1"));
    EXPECT_EQ(*limiter.RetryAfter("10.0.0.1"), 50s);  // the first one leaves the window 60 s after it came
    clock.Advance(49s);
    EXPECT_EQ(*limiter.RetryAfter("10.0.0.1"), 1s);
    clock.Advance(1s);
    EXPECT_FALSE(limiter.RetryAfter("10.0.0.1"));
    limiter.Record("10.0.0.1");
    EXPECT_EQ(*limiter.RetryAfter("10.0.0.1"), 10s);  // now the second one is the oldest in the window
}

TEST(RateLimiter, KeysAreCountedApart) {
    ManualClock clock(core::FromUnix(1'772'607'600));
    RateLimiter limiter(1, 600s, clock);
    limiter.Record("a");
    EXPECT_TRUE(limiter.RetryAfter("a"));
    EXPECT_FALSE(limiter.RetryAfter("b"));
}

TEST(RateLimiter, ZeroMeansNoLimit) {
    ManualClock clock(core::FromUnix(1'772'607'600));
    RateLimiter limiter(0, 600s, clock);
    for (int i = 0; i < 100; ++i) {
        limiter.Record("a");
    }
    EXPECT_FALSE(limiter.RetryAfter("a"));
}

TEST(RateLimiter, ManyClientsDoNotGrowMemoryPastTheActiveOnes) {
    ManualClock clock(core::FromUnix(1'772'607'600));
    RateLimiter limiter(1, 60s, clock);
    for (int i = 0; i < 5000; ++i) {
        limiter.Record("old-" + std::to_string(i));
    }
    clock.Advance(61s);
    for (int i = 0; i < 5000; ++i) {
        limiter.Record("new-" + std::to_string(i));
    }
    // The old keys were swept; the new ones still count.
    EXPECT_FALSE(limiter.RetryAfter("old-1"));
    EXPECT_TRUE(limiter.RetryAfter("new-1"));
}

TEST(RateLimiter, TwoLimitersOnOneSharedStoreCountTogetherAsTwoAppServersWould) {
    ManualClock clock(core::FromUnix(1'772'607'600));
    test::TempDir dir;
    storage::sqlite::SqliteStore store({dir.File("t.db")});
    RateLimiter first(3, 60s, clock, &store);
    RateLimiter second(3, 60s, clock, &store);
    first.Record("10.0.0.1");
    second.Record("10.0.0.1");
    clock.Advance(20s);
    EXPECT_FALSE(first.RetryAfter("10.0.0.1"));
    first.Record("10.0.0.1");
    ASSERT_TRUE(second.RetryAfter("10.0.0.1")) << "the other server's events count here too";
    EXPECT_EQ(*second.RetryAfter("10.0.0.1"), 40s);
    EXPECT_FALSE(second.RetryAfter("10.0.0.2"));
    clock.Advance(40s);
    EXPECT_FALSE(first.RetryAfter("10.0.0.1")) << "the first two left the window";
    // Old events are swept as the limiter goes: only the one still inside the window stays.
    second.Record("10.0.0.1");
    EXPECT_EQ(
        store.Read([&](storage::Tx& tx) { return tx.RateEventsSince("10.0.0.1", core::FromUnix(0), 100).size(); }), 2U);
}

}  // namespace
}  // namespace alo153::app
