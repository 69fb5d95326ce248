#include "app/rate_limiter.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace alo153::app
