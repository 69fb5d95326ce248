#include "api/http/server_support.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <random>

namespace alo153::api::http::detail {

void Fail(beast::error_code ec, const char* what) {
    if (ec == net::error::operation_aborted) {
        return;
    }
    if (ec == beast::error::timeout || ec == net::error::eof || ec == bhttp::error::end_of_stream ||
        ec == bhttp::error::partial_message || ec == net::error::connection_reset || ec == net::error::broken_pipe ||
        ec == net::error::not_connected || ec == net::error::bad_descriptor) {
        spdlog::debug("http {}: {}", what, ec.message());
        return;
    }
    spdlog::warn("http {}: {}", what, ec.message());
}

std::string HttpDate() {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[40];
    std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays.at(tm.tm_wday), tm.tm_mday,
                  kMonths.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

std::string RandomRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    char buffer[33];
    std::snprintf(buffer, sizeof(buffer), "%016llx%016llx", static_cast<unsigned long long>(generator()),
                  static_cast<unsigned long long>(generator()));
    return buffer;
}

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
}

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string MethodLabel(bhttp::verb verb) {
    return verb == bhttp::verb::unknown ? std::string("OTHER") : std::string(ToStd(bhttp::to_string(verb)));
}

}  // namespace alo153::api::http::detail
