#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace alo153::core {

/// A public holiday on a local (Istanbul) date. Half days (arife, 28 October) end at noon-ish for offices: see
/// WorkingHours::half_day_end_minute.
struct Holiday {
    std::chrono::year_month_day date;
    bool half_day = false;
    std::string name;
};

/// What a local date is in the holiday table.
enum class HolidayKind { kNone, kHalfDay, kFullDay };

/// The public holidays, looked up by local date. Immutable once built; cheap to search (sorted, one per date).
class HolidayTable {
  public:
    HolidayTable() = default;

    /// Builds a table from holidays in any order. Two entries on the same date are merged: a full day wins over
    /// a half day (a bayram that falls on a national day is still a full holiday) and the names are joined.
    explicit HolidayTable(std::vector<Holiday> holidays);

    /// Parses the holiday file: UTF-8 TSV; lines starting with '#' and blank lines are ignored; the first other
    /// line is the header "date<TAB>kind<TAB>name"; each row is "YYYY-MM-DD<TAB>full|half<TAB>name". A bad line
    /// gives a kValidation error (field "holidays") whose Turkish detail names the line number.
    static Result<HolidayTable> Parse(std::string_view tsv);

    /// Whether `local_date` is a full holiday, a half day, or neither.
    HolidayKind KindOn(std::chrono::year_month_day local_date) const;

    /// The holiday on `local_date`, or nullptr.
    const Holiday* Find(std::chrono::year_month_day local_date) const;

    /// The last date in the table; after it, the calendar repeats week by week.
    std::optional<std::chrono::year_month_day> LastDate() const;

    /// All holidays, sorted by date, one per date.
    const std::vector<Holiday>& holidays() const { return holidays_; }

  private:
    std::vector<Holiday> holidays_;
};

/// The hours during which a unit's working-hours SLA clock runs, in Istanbul local time.
struct WorkingHours {
    int start_minute = 8 * 60 + 30;     ///< minutes after local midnight when the working day begins
    int end_minute = 17 * 60 + 30;      ///< ... and when it ends (exclusive)
    std::uint8_t weekdays = 0b0011111;  ///< bit 0 = Monday ... bit 6 = Sunday
    int half_day_end_minute = 13 * 60;  ///< on half-day holidays the day ends here (or at end_minute if earlier)
};

/// Computes SLA due times and elapsed SLA time, either around the clock or over working hours without public
/// holidays. Istanbul is UTC+3 all year (kIstanbulOffset), so local dates are a fixed shift of UTC.
///
/// Counting works per local day on intervals (never minute by minute), and after the last date in the holiday
/// table whole weeks are skipped arithmetically, so a 60-day SLA or a year-long report costs a few dozen steps.
/// Times are meant to lie between 1970 and 9999; SLAs longer than 100 years are treated as 100 years.
class SlaCalendar {
  public:
    explicit SlaCalendar(HolidayTable holidays);

    /// When an SLA of `sla` started at `start` runs out. kAroundTheClock: start + sla. kWorkingHours: only
    /// minutes inside `hours` on working weekdays that are not full holidays count (on half days only until
    /// half_day_end_minute); a start outside working hours begins counting at the next working minute; a due
    /// time that falls exactly at the end of a working day is that end, not the next morning. A zero or
    /// negative SLA is due at `start`. If `hours` has no working time at all, returns Time::max().
    Time DueTime(Time start, std::chrono::minutes sla, SlaClock clock, const WorkingHours& hours) const;

    /// The SLA minutes counted between `from` and `to` (whole minutes, rounded down; 0 if to <= from): the
    /// inverse of DueTime, so CountedMinutes(s, DueTime(s, m)) == m.
    std::chrono::minutes CountedMinutes(Time from, Time to, SlaClock clock, const WorkingHours& hours) const;

    /// Whether the working-hours SLA clock runs at `t` (inside hours, on a working weekday, not a holiday).
    bool IsWorkingTime(Time t, const WorkingHours& hours) const;

    const HolidayTable& holidays() const { return holidays_; }

  private:
    /// A working interval of one local day, as pseudo-local times (UTC + offset); empty when begin >= end.
    struct Window {
        Time begin;
        Time end;
    };

    Window WindowOn(std::chrono::sys_days local_day, const WorkingHours& hours) const;
    std::chrono::seconds WeeklyWorkingTime(const WorkingHours& hours) const;

    HolidayTable holidays_;
    std::chrono::sys_days last_holiday_;  ///< after this local day the week pattern repeats
};

}  // namespace alo153::core
