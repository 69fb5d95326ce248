// ParseTarget reads the request target of every HTTP request before routing; ParseQuery also reads Open311's
// form bodies. Checks: no crash; an accepted target's path starts with '/' (or is "*" or empty after an
// absolute form without a path), holds no NUL and no "." or ".." segment; re-encoding the accepted path and
// query and parsing them again gives the same result.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/http/target.hpp"
#include "fuzz_check.hpp"

namespace {

using alo153::api::http::ParseQuery;
using alo153::api::http::ParseTarget;
using alo153::api::http::QueryParams;

/// Percent-encodes everything but unreserved characters (and '/' in a path).
std::string Encode(std::string_view s, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string EncodeQuery(const QueryParams& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) {
            out += '&';
        }
        out.append(Encode(name, false)).append("=").append(Encode(value, false));
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    QueryParams params;
    if (!ParseQuery(input, params)) {
        QueryParams again;
        FUZZ_CHECK(!ParseQuery(EncodeQuery(params), again));
        FUZZ_CHECK(again == params);
    }

    const auto target = ParseTarget(input);
    if (!target) {
        return 0;
    }
    const std::string& path = target->path;
    FUZZ_CHECK(path.find('\0') == std::string::npos);
    FUZZ_CHECK(path.empty() || path.front() == '/' || path == "*");
    for (std::size_t start = 0; start < path.size();) {
        const auto slash = path.find('/', start + 1);
        const std::string_view segment = std::string_view(path).substr(
            start + 1, slash == std::string::npos ? std::string::npos : slash - start - 1);
        FUZZ_CHECK(segment != "." && segment != "..");
        start = slash == std::string::npos ? path.size() : slash;
    }
    if (!path.empty() && path.front() == '/') {
        std::string again = Encode(path, true);
        if (!target->query.empty()) {
            again += "?" + EncodeQuery(target->query);
        }
        const auto reparsed = ParseTarget(again);
        FUZZ_CHECK(reparsed.has_value());
        FUZZ_CHECK(reparsed->path == path);
        FUZZ_CHECK(reparsed->query == target->query);
    }
    return 0;
}
