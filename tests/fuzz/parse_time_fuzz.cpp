// ParseTime reads the times in API query strings and bodies (?from=, ?to=, scheduled times). Checks: no crash;
// what it accepts is ISO 8601 as documented — "YYYY-MM-DD", or that followed by "T" (or a space) "hh:mm:ss",
// optional fractional seconds and an optional "Z" or "±hh:mm" — made of digits where digits belong; and an
// accepted time survives FormatTime -> ParseTime unchanged.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/time_format.hpp"
#include "fuzz_check.hpp"

namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (s.size() < pos + n) return false;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

/// The shape of the accepted text (not the ranges of its fields).
bool WellFormed(std::string_view s) {
    if (!(Digits(s, 0, 4) && s.size() >= 10 && s[4] == '-' && Digits(s, 5, 2) && s[7] == '-' && Digits(s, 8, 2))) {
        return false;
    }
    if (s.size() == 10) return true;
    if (!((s[10] == 'T' || s[10] == ' ') && Digits(s, 11, 2) && s.size() >= 19 && s[13] == ':' && Digits(s, 14, 2) &&
          s[16] == ':' && Digits(s, 17, 2))) {
        return false;
    }
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
    const std::string_view zone = s.substr(pos);
    return zone.empty() || zone == "Z" ||
           (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && Digits(zone, 1, 2) && zone[3] == ':' &&
            Digits(zone, 4, 2));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace std::chrono;

    const auto parsed = alo153::api::ParseTime(input);
    if (!parsed) {
        return 0;
    }
    FUZZ_CHECK(WellFormed(input));
    // FormatTime writes four-digit years only.
    constexpr alo153::core::Time kFirst = sys_days{year{1000} / 1 / 2};
    constexpr alo153::core::Time kLast = sys_days{year{9999} / 12 / 30};
    if (*parsed >= kFirst && *parsed <= kLast) {
        const auto again = alo153::api::ParseTime(alo153::api::FormatTime(*parsed));
        FUZZ_CHECK(again && *again == *parsed);
    }
    return 0;
}
