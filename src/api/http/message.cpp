#include "api/http/message.hpp"

#include <nlohmann/json.hpp>

namespace alo153::api::http {
namespace {

constexpr std::string_view kProblemTypeBase = "https://alo153.org/problems/";

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::vector<std::string> Request::QueryAll(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : query) {
        if (key != name) {
            continue;
        }
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            const std::string_view piece = Trim(rest.substr(0, comma));
            if (!piece.empty()) {
                values.emplace_back(piece);
            }
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    return values;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    // A client may send several Cookie headers (HTTP/2 proxies split them); look through all of them.
    for (const auto& [header_name, header_value] : headers) {
        if (header_name != "cookie") {
            continue;
        }
        std::string_view rest = header_value;
        while (!rest.empty()) {
            const auto semicolon = rest.find(';');
            const std::string_view pair = Trim(rest.substr(0, semicolon));
            rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
            const auto equals = pair.find('=');
            if (equals == std::string_view::npos || Trim(pair.substr(0, equals)) != name) {
                continue;
            }
            std::string_view value = Trim(pair.substr(equals + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
    }
    return std::nullopt;
}

Response MakeProblem(int status, std::string_view type_slug, std::string_view title, std::string_view detail,
                     const std::vector<std::pair<std::string, std::string>>& extra) {
    nlohmann::json body = nlohmann::json::object();
    body["type"] = std::string(kProblemTypeBase) + std::string(type_slug);
    body["title"] = std::string(title);
    body["status"] = status;
    if (!detail.empty()) {
        body["detail"] = std::string(detail);
    }
    for (const auto& [key, value] : extra) {
        // The standard members keep their meaning; an extra member never overrides them.
        if (!body.contains(key)) {
            body[key] = value;
        }
    }
    Response response;
    response.status = status;
    response.content_type = "application/problem+json";
    // Replace invalid UTF-8 (e.g. echoed user input) instead of throwing.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace alo153::api::http
