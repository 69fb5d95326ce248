#include "core/sla_calendar.hpp"

#include <algorithm>

namespace alo153::core {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::string_view kField = "holidays";
constexpr int kMinutesPerDay = 24 * 60;
constexpr days kWeek{7};
// Bounds that keep every intermediate sum far from overflow (see the class comment).
constexpr minutes kMaxSla = std::chrono::duration_cast<minutes>(days{100 * 366});
constexpr Time kEarliest = sys_days{std::chrono::year{1970} / 1 / 1};
constexpr Time kLatest = sys_days{std::chrono::year{9999} / 12 / 31};

Time Clamp(Time t) { return std::clamp(t, kEarliest, kLatest); }

Time ToLocal(Time utc) { return utc + kIstanbulOffset; }
Time ToUtc(Time local) { return local - kIstanbulOffset; }

bool HasWorkingTime(const WorkingHours& hours) {
    return (hours.weekdays & 0x7Fu) != 0 &&
           std::clamp(hours.start_minute, 0, kMinutesPerDay) < std::clamp(hours.end_minute, 0, kMinutesPerDay);
}

Error LineError(std::size_t line_no, std::string_view what) {
    return MakeError(ErrorCode::kValidation,
                     "Tatil tablosu, satır " + std::to_string(line_no) + ": " + std::string(what), std::string(kField));
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t begin = 0;
    while (true) {
        const std::size_t tab = line.find('\t', begin);
        fields.push_back(line.substr(begin, tab == std::string_view::npos ? std::string_view::npos : tab - begin));
        if (tab == std::string_view::npos) break;
        begin = tab + 1;
    }
    return fields;
}

std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// Strict "YYYY-MM-DD" with a date that exists (no 2026-02-30).
std::optional<year_month_day> ParseDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int values[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int part = 0; part < 3; ++part) {
        for (std::size_t i = 0; i < lengths[part]; ++i) {
            const char c = s[starts[part] + i];
            if (c < '0' || c > '9') return std::nullopt;
            values[part] = values[part] * 10 + (c - '0');
        }
    }
    const year_month_day date{std::chrono::year{values[0]}, std::chrono::month{static_cast<unsigned>(values[1])},
                              std::chrono::day{static_cast<unsigned>(values[2])}};
    if (!date.ok()) return std::nullopt;
    return date;
}

}  // namespace

HolidayTable::HolidayTable(std::vector<Holiday> holidays) {
    std::stable_sort(holidays.begin(), holidays.end(),
                     [](const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; });
    for (Holiday& h : holidays) {
        if (!holidays_.empty() && holidays_.back().date == h.date) {
            Holiday& kept = holidays_.back();
            kept.half_day = kept.half_day && h.half_day;
            if (!h.name.empty()) kept.name += (kept.name.empty() ? "" : " / ") + h.name;
            continue;
        }
        holidays_.push_back(std::move(h));
    }
}

Result<HolidayTable> HolidayTable::Parse(std::string_view tsv) {
    if (tsv.substr(0, 3) == "\xEF\xBB\xBF") tsv.remove_prefix(3);  // a BOM left by a spreadsheet export
    std::vector<Holiday> holidays;
    bool header_seen = false;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < tsv.size()) {
        const std::size_t newline = tsv.find('\n', pos);
        std::string_view line =
            tsv.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
        pos = newline == std::string_view::npos ? tsv.size() : newline + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (TrimSpaces(line).empty() || line.front() == '#') continue;

        const std::vector<std::string_view> fields = SplitTabs(line);
        if (!header_seen) {
            if (fields.size() != 3 || TrimSpaces(fields[0]) != "date" || TrimSpaces(fields[1]) != "kind" ||
                TrimSpaces(fields[2]) != "name") {
                return LineError(line_no, "başlık satırı \"date<TAB>kind<TAB>name\" olmalıdır.");
            }
            header_seen = true;
            continue;
        }
        if (fields.size() != 3) {
            return LineError(line_no, "sekmeyle ayrılmış 3 sütun (tarih, tür, ad) bekleniyor.");
        }
        const std::optional<year_month_day> date = ParseDate(TrimSpaces(fields[0]));
        if (!date) {
            return LineError(line_no, "tarih YYYY-AA-GG biçiminde geçerli bir tarih olmalıdır.");
        }
        const std::string_view kind = TrimSpaces(fields[1]);
        if (kind != "full" && kind != "half") {
            return LineError(line_no, "tür \"full\" ya da \"half\" olmalıdır.");
        }
        const std::string_view name = TrimSpaces(fields[2]);
        if (name.empty()) {
            return LineError(line_no, "tatilin adı boş olamaz.");
        }
        holidays.push_back(Holiday{*date, kind == "half", std::string(name)});
    }
    if (!header_seen) {
        return MakeError(ErrorCode::kValidation,
                         "Tatil tablosunda başlık satırı (\"date<TAB>kind<TAB>name\") bulunamadı.",
                         std::string(kField));
    }
    return HolidayTable(std::move(holidays));
}

const Holiday* HolidayTable::Find(year_month_day local_date) const {
    const auto it = std::lower_bound(holidays_.begin(), holidays_.end(), sys_days{local_date},
                                     [](const Holiday& h, sys_days d) { return sys_days{h.date} < d; });
    if (it == holidays_.end() || it->date != local_date) return nullptr;
    return &*it;
}

HolidayKind HolidayTable::KindOn(year_month_day local_date) const {
    const Holiday* h = Find(local_date);
    if (h == nullptr) return HolidayKind::kNone;
    return h->half_day ? HolidayKind::kHalfDay : HolidayKind::kFullDay;
}

std::optional<year_month_day> HolidayTable::LastDate() const {
    if (holidays_.empty()) return std::nullopt;
    return holidays_.back().date;
}

SlaCalendar::SlaCalendar(HolidayTable holidays)
    : holidays_(std::move(holidays)),
      last_holiday_(holidays_.LastDate() ? sys_days{*holidays_.LastDate()} : floor<days>(kEarliest)) {}

SlaCalendar::Window SlaCalendar::WindowOn(sys_days local_day, const WorkingHours& hours) const {
    const unsigned weekday_bit = std::chrono::weekday{local_day}.iso_encoding() - 1;  // Monday = 0
    if ((hours.weekdays & (1u << weekday_bit)) == 0) return {};
    const HolidayKind kind = holidays_.KindOn(year_month_day{local_day});
    if (kind == HolidayKind::kFullDay) return {};
    const int start = std::clamp(hours.start_minute, 0, kMinutesPerDay);
    int end = std::clamp(hours.end_minute, 0, kMinutesPerDay);
    if (kind == HolidayKind::kHalfDay) end = std::min(end, std::clamp(hours.half_day_end_minute, 0, kMinutesPerDay));
    if (start >= end) return {};
    return {local_day + minutes{start}, local_day + minutes{end}};
}

seconds SlaCalendar::WeeklyWorkingTime(const WorkingHours& hours) const {
    const int start = std::clamp(hours.start_minute, 0, kMinutesPerDay);
    const int end = std::clamp(hours.end_minute, 0, kMinutesPerDay);
    int working_days = 0;
    for (unsigned bit = 0; bit < 7; ++bit) working_days += (hours.weekdays >> bit) & 1u;
    return minutes{std::max(0, end - start) * working_days};
}

Time SlaCalendar::DueTime(Time start, minutes sla, SlaClock clock, const WorkingHours& hours) const {
    start = Clamp(start);
    sla = std::min(sla, kMaxSla);
    if (sla <= minutes::zero()) return start;
    if (clock == SlaClock::kAroundTheClock) return start + sla;
    if (!HasWorkingTime(hours)) return Time::max();

    const Time local_start = ToLocal(start);
    const sys_days first_day = floor<days>(local_start);
    const seconds weekly = WeeklyWorkingTime(hours);
    seconds remaining = sla;
    for (sys_days day = first_day;; day += days{1}) {
        // Past the holiday table every week is the same: skip whole weeks, keeping some time for the loop to
        // place within the last (partial) week.
        if (day > first_day && day > last_holiday_ && remaining > weekly) {
            const auto weeks = (remaining - seconds{1}) / weekly;
            day += kWeek * weeks;
            remaining -= weekly * weeks;
        }
        const Window w = WindowOn(day, hours);
        const Time begin = std::max(w.begin, local_start);
        if (begin >= w.end) continue;
        const seconds available = w.end - begin;
        if (remaining <= available) return ToUtc(begin + remaining);
        remaining -= available;
    }
}

minutes SlaCalendar::CountedMinutes(Time from, Time to, SlaClock clock, const WorkingHours& hours) const {
    from = Clamp(from);
    to = Clamp(to);
    if (to <= from) return minutes::zero();
    if (clock == SlaClock::kAroundTheClock) return floor<minutes>(to - from);
    if (!HasWorkingTime(hours)) return minutes::zero();

    const Time local_from = ToLocal(from);
    const Time local_to = ToLocal(to);
    const sys_days first_day = floor<days>(local_from);
    const sys_days last_day = floor<days>(local_to);
    const seconds weekly = WeeklyWorkingTime(hours);
    seconds counted{0};
    for (sys_days day = first_day; day <= last_day; day += days{1}) {
        // Past the holiday table, whole weeks strictly between the first and the last day count in one step.
        if (day > first_day && day > last_holiday_ && last_day - day >= kWeek) {
            const auto weeks = (last_day - day) / kWeek;
            counted += weekly * weeks;
            day += kWeek * weeks;
        }
        const Window w = WindowOn(day, hours);
        const Time begin = std::max(w.begin, local_from);
        const Time end = std::min(w.end, local_to);
        if (begin < end) counted += end - begin;
    }
    return floor<minutes>(counted);
}

bool SlaCalendar::IsWorkingTime(Time t, const WorkingHours& hours) const {
    const Time local = ToLocal(Clamp(t));
    const Window w = WindowOn(floor<days>(local), hours);
    return w.begin <= local && local < w.end;
}

}  // namespace alo153::core
