#include "api/time_format.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace alo153::api {
namespace {

using namespace std::chrono;

core::Time Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return core::Time(sys_days(year{y} / month{mo} / day{d})) + hours{h} + minutes{mi} + seconds{s};
}

TEST(TimeFormat, WritesIstanbulTimeWithItsOffset) {
    EXPECT_EQ(FormatTime(Utc(2026, 11, 29, 20, 15, 0)), "2026-11-29T23:15:00+03:00");
    // Past midnight in Istanbul while still the previous day in UTC.
    EXPECT_EQ(FormatTime(Utc(2026, 12, 31, 22, 30, 5)), "2027-01-01T01:30:05+03:00");
}

TEST(TimeFormat, WritesALocalDayNumber) {
    const auto day = sys_days(year{2026} / 3 / 1).time_since_epoch().count();
    EXPECT_EQ(FormatDay(day), "2026-03-01");
}

TEST(TimeFormat, ReadsOffsetsZuluAndPlainDates) {
    EXPECT_EQ(ParseTime("2026-11-29T23:15:00+03:00"), Utc(2026, 11, 29, 20, 15, 0));
    EXPECT_EQ(ParseTime("2026-11-29T20:15:00Z"), Utc(2026, 11, 29, 20, 15, 0));
    EXPECT_EQ(ParseTime("2026-11-29 20:15:00Z"), Utc(2026, 11, 29, 20, 15, 0));
    EXPECT_EQ(ParseTime("2026-11-29T18:15:00-02:00"), Utc(2026, 11, 29, 20, 15, 0));
    EXPECT_EQ(ParseTime("2026-11-29T23:15:00"), Utc(2026, 11, 29, 20, 15, 0));  // no offset: Istanbul
    // A plain date is Istanbul midnight: 21:00 UTC the day before.
    EXPECT_EQ(ParseTime("2026-11-29"), Utc(2026, 11, 28, 21, 0, 0));
}

TEST(TimeFormat, RoundTripsWhatItWrites) {
    const auto t = Utc(2026, 7, 4, 9, 8, 7);
    EXPECT_EQ(ParseTime(FormatTime(t)), t);
}

TEST(TimeFormat, RejectsMalformedTimes) {
    for (const char* bad :
         {"", "2026", "2026-13-01", "2026-02-30", "26-11-29", "2026-11-29T25:00:00Z", "2026-11-29T23:15",
          "2026-11-29T23:15:00+3:00", "2026-11-29T23:15:00+03:00x", "2026-1１-29", "yesterday"}) {
        EXPECT_FALSE(ParseTime(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace alo153::api
