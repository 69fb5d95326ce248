#include "core/sla_calendar.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace alo153::core {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// Turkey's 2026 public holidays (a test copy; the real table is data/calendar/holidays-tr.tsv).
constexpr std::string_view kHolidays2026 =
    "# Türkiye resmî tatilleri, 2026 (test kopyası)\n"
    "date\tkind\tname\n"
    "2026-01-01\tfull\tYılbaşı\n"
    "2026-03-19\thalf\tRamazan Bayramı arifesi\n"
    "2026-03-20\tfull\tRamazan Bayramı 1. gün\n"
    "2026-03-21\tfull\tRamazan Bayramı 2. gün\n"
    "2026-03-22\tfull\tRamazan Bayramı 3. gün\n"
    "2026-04-23\tfull\tUlusal Egemenlik ve Çocuk Bayramı\n"
    "2026-05-01\tfull\tEmek ve Dayanışma Günü\n"
    "2026-05-19\tfull\tAtatürk'ü Anma, Gençlik ve Spor Bayramı\n"
    "2026-05-26\thalf\tKurban Bayramı arifesi\n"
    "2026-05-27\tfull\tKurban Bayramı 1. gün\n"
    "2026-05-28\tfull\tKurban Bayramı 2. gün\n"
    "2026-05-29\tfull\tKurban Bayramı 3. gün\n"
    "2026-05-30\tfull\tKurban Bayramı 4. gün\n"
    "2026-07-15\tfull\tDemokrasi ve Millî Birlik Günü\n"
    "2026-08-30\tfull\tZafer Bayramı\n"
    "2026-10-28\thalf\tCumhuriyet Bayramı arifesi\n"
    "2026-10-29\tfull\tCumhuriyet Bayramı\n";

constexpr minutes kWorkingDay{9 * 60};

/// A UTC time given as Istanbul local date and time.
Time Local(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    return Time{sys_days{year{y} / m / d}} + hours{hh} + minutes{mm} + seconds{ss} - kIstanbulOffset;
}

year_month_day Date(int y, unsigned m, unsigned d) { return year{y} / m / d; }

HolidayTable Table2026() {
    auto table = HolidayTable::Parse(kHolidays2026);
    EXPECT_TRUE(table.ok()) << table.error().detail;
    return std::move(table).value();
}

class SlaCalendarTest : public ::testing::Test {
  protected:
    SlaCalendar calendar_{Table2026()};
    WorkingHours hours_;

    Time Due(Time start, minutes sla) const { return calendar_.DueTime(start, sla, SlaClock::kWorkingHours, hours_); }
    minutes Counted(Time from, Time to) const {
        return calendar_.CountedMinutes(from, to, SlaClock::kWorkingHours, hours_);
    }

    /// The obvious, slow definition: walk minute by minute and count working minutes (minute-aligned starts).
    Time ReferenceDue(Time start, minutes sla) const {
        Time t = start;
        minutes counted{0};
        if (sla <= minutes::zero()) return start;
        while (true) {
            if (calendar_.IsWorkingTime(t, hours_)) {
                ++counted;
                if (counted == sla) return t + minutes{1};
            }
            t += minutes{1};
        }
    }
};

TEST(HolidayTable, ParsesTheTurkishCalendar) {
    const HolidayTable table = Table2026();
    EXPECT_EQ(table.holidays().size(), 17u);
    EXPECT_EQ(table.KindOn(Date(2026, 3, 19)), HolidayKind::kHalfDay);
    EXPECT_EQ(table.KindOn(Date(2026, 3, 20)), HolidayKind::kFullDay);
    EXPECT_EQ(table.KindOn(Date(2026, 10, 28)), HolidayKind::kHalfDay);
    EXPECT_EQ(table.KindOn(Date(2026, 10, 29)), HolidayKind::kFullDay);
    EXPECT_EQ(table.KindOn(Date(2026, 3, 18)), HolidayKind::kNone);
    ASSERT_NE(table.Find(Date(2026, 4, 23)), nullptr);
    EXPECT_EQ(table.Find(Date(2026, 4, 23))->name, "Ulusal Egemenlik ve Çocuk Bayramı");
    EXPECT_EQ(table.Find(Date(2026, 4, 24)), nullptr);
    ASSERT_TRUE(table.LastDate().has_value());
    EXPECT_EQ(*table.LastDate(), Date(2026, 10, 29));
}

TEST(HolidayTable, AcceptsCrlfBomBlankLinesAndRowsInAnyOrder) {
    const auto table = HolidayTable::Parse(
        "\xEF\xBB\xBF# yorum\r\n\r\ndate\tkind\tname\r\n2026-10-29\tfull\tCumhuriyet Bayramı\r\n"
        "# ara yorum\r\n2026-01-01\tfull\tYılbaşı\r\n");
    ASSERT_TRUE(table.ok()) << table.error().detail;
    ASSERT_EQ(table->holidays().size(), 2u);
    EXPECT_EQ(table->holidays()[0].date, Date(2026, 1, 1));
    EXPECT_EQ(table->holidays()[1].name, "Cumhuriyet Bayramı");
}

TEST(HolidayTable, SameDateTwiceMergesAndFullDayWins) {
    const auto table =
        HolidayTable::Parse("date\tkind\tname\n2026-07-15\thalf\tBir arife\n2026-07-15\tfull\tBir bayram\n");
    ASSERT_TRUE(table.ok()) << table.error().detail;
    ASSERT_EQ(table->holidays().size(), 1u);
    EXPECT_EQ(table->KindOn(Date(2026, 7, 15)), HolidayKind::kFullDay);
    EXPECT_EQ(table->holidays()[0].name, "Bir arife / Bir bayram");
}

void ExpectBadLine(std::string_view tsv, int line_no) {
    const auto table = HolidayTable::Parse(tsv);
    ASSERT_FALSE(table.ok()) << tsv;
    EXPECT_EQ(table.error().code, ErrorCode::kValidation);
    EXPECT_EQ(table.error().field, "holidays");
    EXPECT_NE(table.error().detail.find("satır " + std::to_string(line_no) + ":"), std::string::npos)
        << table.error().detail;
}

TEST(HolidayTable, BadRowsAreRejectedWithTheirLineNumber) {
    ExpectBadLine("date\tkind\tname\n2026-13-01\tfull\tX\n", 2);
    ExpectBadLine("date\tkind\tname\n2026-02-30\tfull\tX\n", 2);
    ExpectBadLine("# c\ndate\tkind\tname\n2026-01-01\tfull\tYılbaşı\n26-01-01\tfull\tX\n", 4);
    ExpectBadLine("date\tkind\tname\n2026-01-01\tquarter\tX\n", 2);
    ExpectBadLine("date\tkind\tname\n2026-01-01\tfull\n", 2);
    ExpectBadLine("date\tkind\tname\n2026-01-01\tfull\tX\tY\n", 2);
    ExpectBadLine("date\tkind\tname\n2026-01-01\tfull\t\n", 2);
    ExpectBadLine("date\tkind\tname\n2026-01-01 full Yılbaşı\n", 2);
    ExpectBadLine("2026-01-01\tfull\tYılbaşı\n", 1);  // header missing
}

TEST(HolidayTable, FileWithoutHeaderIsRejected) {
    const auto table = HolidayTable::Parse("# only comments\n\n");
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.error().code, ErrorCode::kValidation);
}

TEST(HolidayTable, HeaderOnlyGivesEmptyTable) {
    const auto table = HolidayTable::Parse("date\tkind\tname\n");
    ASSERT_TRUE(table.ok());
    EXPECT_TRUE(table->holidays().empty());
    EXPECT_FALSE(table->LastDate().has_value());
}

TEST_F(SlaCalendarTest, ThreeWorkingDaysFromFridayAfternoonEndWednesdayAfternoon) {
    // Friday 6 March 2026 16:00: 90 minutes on Friday, Monday and Tuesday in full, 450 minutes on Wednesday.
    EXPECT_EQ(Due(Local(2026, 3, 6, 16, 0), 3 * kWorkingDay), Local(2026, 3, 11, 16, 0));
}

TEST_F(SlaCalendarTest, RamazanBayramiStopsTheClockAndItsEveCountsHalf) {
    // Wednesday 18 March 10:00, two working days: 450 min Wed, 270 min on the eve (8:30–13:00), the bayram
    // (Fri 20 – Sun 22) and the weekend skipped, 360 min on Monday 23 March.
    EXPECT_EQ(Due(Local(2026, 3, 18, 10, 0), 2 * kWorkingDay), Local(2026, 3, 23, 14, 30));
}

TEST_F(SlaCalendarTest, RepublicDayEveEndsAtOnePm) {
    // Wednesday 28 October (half day) 12:00: one hour until 13:00, Thursday 29 October is a full holiday.
    EXPECT_EQ(Due(Local(2026, 10, 28, 12, 0), minutes{120}), Local(2026, 10, 30, 9, 30));
    EXPECT_EQ(Due(Local(2026, 10, 28, 14, 0), minutes{60}), Local(2026, 10, 30, 9, 30));
    EXPECT_EQ(Due(Local(2026, 10, 28, 12, 0), minutes{60}), Local(2026, 10, 28, 13, 0));
}

TEST_F(SlaCalendarTest, KurbanBayramiSpansMostOfAWeek) {
    // Tuesday 26 May (eve) 8:30 → 270 min; Wed 27 – Sat 30 bayram; Sunday; Monday 1 June 8:30 + 90 min.
    EXPECT_EQ(Due(Local(2026, 5, 26, 8, 30), minutes{360}), Local(2026, 6, 1, 10, 0));
}

TEST_F(SlaCalendarTest, StartAtNightBeginsNextMorning) {
    EXPECT_EQ(Due(Local(2026, 3, 3, 22, 0), minutes{60}), Local(2026, 3, 4, 9, 30));
    EXPECT_EQ(Due(Local(2026, 3, 4, 5, 0), minutes{60}), Local(2026, 3, 4, 9, 30));
    EXPECT_EQ(Due(Local(2026, 3, 4, 0, 0), minutes{60}), Local(2026, 3, 4, 9, 30));
}

TEST_F(SlaCalendarTest, StartOnSundayBeginsMonday) {
    EXPECT_EQ(Due(Local(2026, 3, 8, 11, 0), minutes{30}), Local(2026, 3, 9, 9, 0));
    EXPECT_EQ(Due(Local(2026, 3, 7, 9, 0), kWorkingDay), Local(2026, 3, 9, 17, 30));  // Saturday start
}

TEST_F(SlaCalendarTest, DueExactlyAtEndOfDayIsThatEveningNotNextMorning) {
    EXPECT_EQ(Due(Local(2026, 3, 2, 8, 30), kWorkingDay), Local(2026, 3, 2, 17, 30));
    EXPECT_EQ(Due(Local(2026, 3, 2, 16, 30), minutes{60}), Local(2026, 3, 2, 17, 30));
    EXPECT_EQ(Due(Local(2026, 3, 2, 16, 30), minutes{61}), Local(2026, 3, 3, 8, 31));
    EXPECT_EQ(Due(Local(2026, 3, 19, 8, 30), minutes{270}), Local(2026, 3, 19, 13, 0));  // half day
}

TEST_F(SlaCalendarTest, ZeroSlaIsDueAtStart) {
    EXPECT_EQ(Due(Local(2026, 3, 3, 22, 0), minutes{0}), Local(2026, 3, 3, 22, 0));
    EXPECT_EQ(Due(Local(2026, 3, 3, 10, 0), minutes{-5}), Local(2026, 3, 3, 10, 0));
}

TEST_F(SlaCalendarTest, SecondsOfTheStartAreKept) {
    EXPECT_EQ(Due(Local(2026, 3, 3, 10, 0, 42), minutes{10}), Local(2026, 3, 3, 10, 10, 42));
    EXPECT_EQ(Due(Local(2026, 3, 3, 17, 29, 30), minutes{1}), Local(2026, 3, 4, 8, 30, 30));
}

TEST_F(SlaCalendarTest, AroundTheClockIgnoresHoursAndHolidays) {
    const Time start = Local(2026, 3, 19, 22, 15);
    EXPECT_EQ(calendar_.DueTime(start, hours{72}, SlaClock::kAroundTheClock, hours_), start + hours{72});
    EXPECT_EQ(calendar_.CountedMinutes(start, start + hours{72}, SlaClock::kAroundTheClock, hours_), minutes{72 * 60});
    EXPECT_EQ(calendar_.CountedMinutes(start, start + seconds{119}, SlaClock::kAroundTheClock, hours_), minutes{1});
    EXPECT_EQ(calendar_.CountedMinutes(start, start - hours{1}, SlaClock::kAroundTheClock, hours_), minutes{0});
}

TEST_F(SlaCalendarTest, CountedMinutesOverAWeekend) {
    EXPECT_EQ(Counted(Local(2026, 3, 6, 16, 0), Local(2026, 3, 9, 9, 0)), minutes{90 + 30});
    EXPECT_EQ(Counted(Local(2026, 3, 7, 0, 0), Local(2026, 3, 8, 23, 59)), minutes{0});
}

TEST_F(SlaCalendarTest, CountedMinutesAcrossRamazanBayrami) {
    // Wednesday 18 March 8:30 → Monday 23 March 17:30: 540 + 270 + 540.
    EXPECT_EQ(Counted(Local(2026, 3, 18, 8, 30), Local(2026, 3, 23, 17, 30)), minutes{540 + 270 + 540});
}

TEST_F(SlaCalendarTest, CountedMinutesIsZeroWhenEndIsNotAfterStart) {
    const Time t = Local(2026, 3, 3, 10, 0);
    EXPECT_EQ(Counted(t, t), minutes{0});
    EXPECT_EQ(Counted(t, t - hours{5}), minutes{0});
}

TEST_F(SlaCalendarTest, WorkingTimeBoundaries) {
    EXPECT_FALSE(calendar_.IsWorkingTime(Local(2026, 3, 3, 8, 29, 59), hours_));
    EXPECT_TRUE(calendar_.IsWorkingTime(Local(2026, 3, 3, 8, 30), hours_));
    EXPECT_TRUE(calendar_.IsWorkingTime(Local(2026, 3, 3, 17, 29, 59), hours_));
    EXPECT_FALSE(calendar_.IsWorkingTime(Local(2026, 3, 3, 17, 30), hours_));
    EXPECT_FALSE(calendar_.IsWorkingTime(Local(2026, 3, 7, 10, 0), hours_));   // Saturday
    EXPECT_FALSE(calendar_.IsWorkingTime(Local(2026, 3, 20, 10, 0), hours_));  // bayram
    EXPECT_TRUE(calendar_.IsWorkingTime(Local(2026, 3, 19, 12, 59), hours_));  // eve, morning
    EXPECT_FALSE(calendar_.IsWorkingTime(Local(2026, 3, 19, 13, 0), hours_));  // eve, afternoon
}

TEST_F(SlaCalendarTest, IstanbulLocalDateIsUsedNotUtcDate) {
    // 23:30 UTC on Thursday 19 March is already Friday 20 March 02:30 in Istanbul (bayram).
    const Time t = Time{sys_days{year{2026} / 3 / 19}} + hours{23} + minutes{30};
    EXPECT_EQ(Due(t, minutes{10}), Local(2026, 3, 23, 8, 40));
    // 06:00 UTC is 09:00 in Istanbul: working time.
    EXPECT_TRUE(calendar_.IsWorkingTime(Time{sys_days{year{2026} / 3 / 3}} + hours{6}, hours_));
}

TEST_F(SlaCalendarTest, SaturdayWorkingUnit) {
    hours_.weekdays = 0b0111111;  // Monday to Saturday
    EXPECT_EQ(Due(Local(2026, 3, 6, 16, 0), minutes{120}), Local(2026, 3, 7, 9, 0));
}

TEST_F(SlaCalendarTest, CustomHoursAndHalfDayEndingAfterTheDay) {
    hours_.start_minute = 9 * 60;
    hours_.end_minute = 12 * 60;
    hours_.half_day_end_minute = 13 * 60;  // later than the day's end: the day's end applies
    EXPECT_EQ(Due(Local(2026, 3, 19, 9, 0), minutes{180}), Local(2026, 3, 19, 12, 0));
    EXPECT_EQ(Due(Local(2026, 3, 19, 9, 0), minutes{181}), Local(2026, 3, 23, 9, 1));
}

TEST_F(SlaCalendarTest, UnitWithNoWorkingTimeNeverFallsDue) {
    hours_.weekdays = 0;
    EXPECT_EQ(Due(Local(2026, 3, 3, 10, 0), minutes{60}), Time::max());
    EXPECT_EQ(Counted(Local(2026, 3, 3, 10, 0), Local(2026, 4, 3, 10, 0)), minutes{0});
    EXPECT_EQ(Counted(Local(2026, 3, 3, 10, 0), Time::max()), minutes{0});
}

TEST_F(SlaCalendarTest, SixtyDaySlaMatchesMinuteByMinuteReference) {
    const Time start = Local(2026, 2, 27, 15, 17);
    const minutes sla = 60 * kWorkingDay;
    EXPECT_EQ(Due(start, sla), ReferenceDue(start, sla));
    EXPECT_EQ(Counted(start, Due(start, sla)), sla);
}

TEST_F(SlaCalendarTest, RandomStartsMatchMinuteByMinuteReference) {
    std::mt19937_64 rng(153);
    const Time year_start = Local(2026, 1, 1, 0, 0);
    std::uniform_int_distribution<int> minute_of_year(0, 365 * 24 * 60 - 1);
    std::uniform_int_distribution<int> sla_minutes(0, 5 * 9 * 60);
    for (int i = 0; i < 100; ++i) {
        const Time start = year_start + minutes{minute_of_year(rng)};
        const minutes sla{sla_minutes(rng)};
        ASSERT_EQ(Due(start, sla), ReferenceDue(start, sla)) << ToUnix(start) << " + " << sla.count();
    }
}

TEST_F(SlaCalendarTest, CountedMinutesInvertsDueTimeForRandomStartsAndDurations) {
    std::mt19937_64 rng(2026);
    const Time base = Local(2025, 12, 1, 0, 0);
    std::uniform_int_distribution<std::int64_t> second_offset(0, 400LL * 24 * 3600);
    std::uniform_int_distribution<int> sla_minutes(0, 60 * 9 * 60);
    for (int i = 0; i < 2000; ++i) {
        const Time start = base + seconds{second_offset(rng)};
        const minutes sla{sla_minutes(rng)};
        const Time due = Due(start, sla);
        ASSERT_EQ(Counted(start, due), sla) << ToUnix(start) << " + " << sla.count();
        if (sla > minutes::zero()) {
            // The last counted second is working time, and due is never before start.
            ASSERT_TRUE(calendar_.IsWorkingTime(due - seconds{1}, hours_)) << ToUnix(start) << " + " << sla.count();
            ASSERT_GT(due, start);
        }
    }
}

TEST_F(SlaCalendarTest, BeyondTheHolidayTableWeeksRepeat) {
    // Past 2026 the table is empty, so a year-long count is 52 weeks of 5 days plus the remainder.
    const Time from = Local(2027, 1, 4, 0, 0);  // a Monday
    EXPECT_EQ(Counted(from, from + days{52 * 7}), 52 * 5 * kWorkingDay);
    EXPECT_EQ(Due(from, 52 * 5 * kWorkingDay), Local(2027, 12, 31, 17, 30));  // a Friday evening
    EXPECT_EQ(Due(Local(2026, 12, 20, 12, 0), minutes{100}), ReferenceDue(Local(2026, 12, 20, 12, 0), minutes{100}));
}

TEST_F(SlaCalendarTest, LongSpansAndSlasStayConsistent) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> sla_minutes(0, 10LL * 260 * 9 * 60);  // up to ten working years
    for (int i = 0; i < 200; ++i) {
        const Time start = Local(2026, 6, 1, 0, 0) + seconds{static_cast<std::int64_t>(rng() % (400LL * 86400))};
        const minutes sla{sla_minutes(rng)};
        ASSERT_EQ(Counted(start, Due(start, sla)), sla);
    }
}

TEST_F(SlaCalendarTest, HugeInputsDoNotOverflow) {
    const Time start = Local(2026, 3, 3, 10, 0);
    EXPECT_GT(Due(start, minutes::max()), start);
    EXPECT_GT(calendar_.DueTime(start, minutes::max(), SlaClock::kAroundTheClock, hours_), start);
    EXPECT_GT(Counted(start, Time::max()), minutes{0});
    EXPECT_FALSE(calendar_.IsWorkingTime(Time::min(), hours_));
}

TEST(SlaCalendar, EmptyHolidayTableCountsOnlyWeekdays) {
    const SlaCalendar calendar{HolidayTable{}};
    const WorkingHours hours;
    // 1 January 2026 is a holiday in reality, but not in an empty table.
    EXPECT_EQ(calendar.DueTime(Local(2026, 1, 1, 8, 30), minutes{60}, SlaClock::kWorkingHours, hours),
              Local(2026, 1, 1, 9, 30));
}

}  // namespace
}  // namespace alo153::core
