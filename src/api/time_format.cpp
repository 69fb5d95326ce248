#include "api/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace alo153::api {

std::string FormatTime(core::Time t) {
    auto local = t + core::kIstanbulOffset;
    auto days = std::chrono::floor<std::chrono::days>(local);
    std::chrono::year_month_day ymd(days);
    std::chrono::hh_mm_ss hms(local - days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+03:00", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string FormatDay(std::int64_t local_day) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{local_day}}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

namespace {
/// The number written with exactly `n` ASCII digits at `pos`, or -1.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) {
        return -1;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
}  // namespace

std::optional<core::Time> ParseTime(std::string_view s) {
    // YYYY-MM-DD[(T| )hh:mm:ss[.fff][Z|(+|-)hh:mm]], every field with its exact number of digits.
    int y = Digits(s, 0, 4);
    int mo = Digits(s, 5, 2);
    int d = Digits(s, 8, 2);
    if (y < 0 || mo < 0 || d < 0 || s[4] != '-' || s[7] != '-') {
        return std::nullopt;
    }
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    auto base = core::Time(std::chrono::sys_days(ymd));
    if (s.size() == 10) {
        return base - core::kIstanbulOffset;
    }
    int h = Digits(s, 11, 2);
    int mi = Digits(s, 14, 2);
    int se = Digits(s, 17, 2);
    if ((s[10] != 'T' && s[10] != ' ') || h < 0 || mi < 0 || se < 0 || s[13] != ':' || s[16] != ':' || h > 23 ||
        mi > 59 || se > 59) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t digits_start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ++pos;
        }
        if (pos == digits_start) {
            return std::nullopt;
        }
    }
    std::string_view zone = s.substr(pos);
    int offset_minutes = 0;
    if (zone.empty()) {
        offset_minutes = 180;  // no offset: Istanbul time
    } else if (zone == "Z") {
        offset_minutes = 0;
    } else {
        int oh = Digits(zone, 1, 2);
        int om = Digits(zone, 4, 2);
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || oh < 0 || om < 0 || oh > 14 ||
            om > 59) {
            return std::nullopt;
        }
        offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
    }
    return base + std::chrono::seconds(h * 3600 + mi * 60 + se) - std::chrono::minutes(offset_minutes);
}

}  // namespace alo153::api
