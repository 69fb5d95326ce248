#include "api/http/target.hpp"

namespace alo153::api::http {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// True when the decoded path has a "." or ".." segment.
bool HasDotSegment(std::string_view path) {
    while (!path.empty()) {
        const auto slash = path.find('/', 1);
        const std::string_view segment = path.substr(1, slash == std::string_view::npos ? slash : slash - 1);
        if (segment == "." || segment == "..") {
            return true;
        }
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    return false;
}

}  // namespace

bool PercentDecode(std::string_view in, UrlPart part, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) {
                return false;
            }
            const int high = HexValue(in[i + 1]);
            const int low = HexValue(in[i + 2]);
            if (high < 0 || low < 0) {
                return false;
            }
            const char decoded = static_cast<char>(high * 16 + low);
            if (decoded == '\0' || (part == UrlPart::kPath && decoded == '/')) {
                return false;
            }
            out += decoded;
            i += 2;
        } else if (c == '\0') {
            return false;
        } else if (c == '+' && part == UrlPart::kQuery) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return true;
}

std::optional<QueryError> ParseQuery(std::string_view text, QueryParams& out) {
    std::size_t index = 0;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto equals = pair.find('=');
        std::string name;
        std::string value;
        if (!PercentDecode(pair.substr(0, equals), UrlPart::kQuery, name)) {
            return QueryError{index, false, {}};
        }
        if (equals != std::string_view::npos && !PercentDecode(pair.substr(equals + 1), UrlPart::kQuery, value)) {
            return QueryError{index, true, std::move(name)};
        }
        out.emplace_back(std::move(name), std::move(value));
        ++index;
    }
    return std::nullopt;
}

std::optional<Target> ParseTarget(std::string_view target) {
    for (const std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (target.substr(0, scheme.size()) == scheme) {
            const auto slash = target.find_first_of("/?", scheme.size());
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
            break;
        }
    }
    if (target.empty() || (target.front() != '/' && target != "*")) {
        return std::nullopt;
    }
    Target out;
    const auto question = target.find('?');
    if (!PercentDecode(target.substr(0, question), UrlPart::kPath, out.path) || HasDotSegment(out.path)) {
        return std::nullopt;
    }
    if (question == std::string_view::npos) {
        return out;
    }
    std::string_view query = target.substr(question + 1);
    query = query.substr(0, query.find('#'));
    if (ParseQuery(query, out.query)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace alo153::api::http
