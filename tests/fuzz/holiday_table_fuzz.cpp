// HolidayTable::Parse reads the public-holiday file an administrator edits (often via a spreadsheet). Checks:
// no crash; a table is sorted with one entry per real date and a name each, and looks up what it holds; every
// failure is a validation error on "holidays". Then the SLA calendar built on it keeps its documented inverse,
// CountedMinutes(s, DueTime(s, m)) == m, for starts around the holidays it was given.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/sla_calendar.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace std::chrono;
using alo153::core::Time;

// The calendar is documented for times between 1970 and 9999; keep a margin for the SLA itself.
constexpr sys_days kFirstStart = year{1971} / 1 / 1;
constexpr sys_days kLastStart = year{9998} / 1 / 1;
constexpr int kMaxDaysChecked = 3;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::core;

    auto parsed = HolidayTable::Parse(input);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == ErrorCode::kValidation);
        FUZZ_CHECK(parsed.error().field == "holidays");
        return 0;
    }
    const HolidayTable& table = *parsed;
    const auto& holidays = table.holidays();
    for (std::size_t i = 0; i < holidays.size(); ++i) {
        const Holiday& h = holidays[i];
        FUZZ_CHECK(h.date.ok());
        FUZZ_CHECK(!h.name.empty());
        if (i > 0) {
            FUZZ_CHECK(sys_days{holidays[i - 1].date} < sys_days{h.date});
        }
        FUZZ_CHECK(table.Find(h.date) == &h);
        FUZZ_CHECK(table.KindOn(h.date) == (h.half_day ? HolidayKind::kHalfDay : HolidayKind::kFullDay));
        const year_month_day next{sys_days{h.date} + days{1}};
        if (i + 1 == holidays.size() || holidays[i + 1].date != next) {
            FUZZ_CHECK(table.Find(next) == nullptr);
        }
    }
    FUZZ_CHECK(table.LastDate().has_value() == !holidays.empty());
    if (!holidays.empty()) {
        FUZZ_CHECK(*table.LastDate() == holidays.back().date);
    }

    const SlaCalendar calendar(table);
    const WorkingHours working;
    int checked = 0;
    for (const Holiday& h : holidays) {
        const sys_days day{h.date};
        if (day < kFirstStart || day > kLastStart) continue;
        if (++checked > kMaxDaysChecked) break;
        // The morning before, the holiday itself mid-morning, and just before a half day's noon closing.
        for (const Time local_start : {Time{day - days{1}} + hours{9}, Time{day} + hours{10} + seconds{17},
                                       Time{day} + hours{12} + minutes{59} + seconds{30}}) {
            const Time start = local_start - kIstanbulOffset;
            for (const minutes sla : {minutes{1}, minutes{4 * 60}, minutes{3 * 24 * 60}, minutes{60 * 24 * 60}}) {
                const Time due = calendar.DueTime(start, sla, SlaClock::kWorkingHours, working);
                FUZZ_CHECK(due >= start);
                FUZZ_CHECK(calendar.CountedMinutes(start, due, SlaClock::kWorkingHours, working) == sla);
                FUZZ_CHECK(calendar.IsWorkingTime(due - seconds{1}, working));
            }
        }
    }
    return 0;
}
