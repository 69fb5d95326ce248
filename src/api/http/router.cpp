#include "api/http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

namespace alo153::api::http {
namespace {

constexpr std::string_view kFallbackRoute = "fallback";

/// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives {""} and "/a/" gives {"a", ""}. Precondition: starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> segments;
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool IsParamSegment(std::string_view segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

/// Drops the body of a HEAD response, keeping its length as the GET response would have had it.
void DropBodyForHead(Response& response) {
    response.Header("Content-Length", std::to_string(response.body.size()));
    response.body.clear();
}

}  // namespace

struct Router::Route {
    std::string pattern;
    std::vector<std::pair<std::size_t, std::string>> params;  ///< segment index -> parameter name
    Handler handler;
};

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;
    std::map<std::string, Route, std::less<>> routes;  ///< by method
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(std::string method, std::string pattern, Handler handler) {
    if (pattern.empty() || pattern.front() != '/') {
        throw std::invalid_argument("route pattern must start with '/': " + pattern);
    }
    if (method.empty() || !handler) {
        throw std::invalid_argument("route needs a method and a handler: " + pattern);
    }
    Route route{pattern, {}, std::move(handler)};
    Node* node = root_.get();
    const auto segments = SplitPath(pattern);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string_view segment = segments[i];
        if (IsParamSegment(segment)) {
            const std::string_view name = segment.substr(1, segment.size() - 2);
            if (name.empty() || name.find_first_of("{}/") != std::string_view::npos) {
                throw std::invalid_argument("malformed route parameter in " + pattern);
            }
            for (const auto& existing : route.params) {
                if (existing.second == name) {
                    throw std::invalid_argument("repeated route parameter in " + pattern);
                }
            }
            route.params.emplace_back(i, std::string(name));
            if (!node->param) {
                node->param = std::make_unique<Node>();
            }
            node = node->param.get();
            continue;
        }
        if (segment.find_first_of("{}") != std::string_view::npos) {
            throw std::invalid_argument("malformed route segment in " + pattern);
        }
        auto it = node->literals.find(segment);
        if (it == node->literals.end()) {
            it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
        }
        node = it->second.get();
    }
    if (!node->routes.emplace(method, std::move(route)).second) {
        throw std::invalid_argument("route registered twice: " + method + " " + pattern);
    }
}

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

void Router::CollectMatches(const Node& node, const std::vector<std::string_view>& segments, std::size_t index,
                            std::vector<const Node*>& out) const {
    if (index == segments.size()) {
        if (!node.routes.empty()) {
            out.push_back(&node);
        }
        return;
    }
    // Literal segments first, so that they win over parameters.
    if (const auto it = node.literals.find(segments[index]); it != node.literals.end()) {
        CollectMatches(*it->second, segments, index + 1, out);
    }
    if (node.param && !segments[index].empty()) {
        CollectMatches(*node.param, segments, index + 1, out);
    }
}

std::vector<const Router::Node*> Router::Matches(std::string_view path) const {
    std::vector<const Node*> matches;
    if (path.empty() || path.front() != '/') {
        return matches;
    }
    CollectMatches(*root_, SplitPath(path), 0, matches);
    return matches;
}

std::vector<std::string> Router::AllowedMethods(std::string_view path) const {
    std::set<std::string> methods;
    for (const Node* node : Matches(path)) {
        for (const auto& [method, route] : node->routes) {
            methods.insert(method);
            if (method == "GET") {
                methods.insert("HEAD");
            }
        }
    }
    return {methods.begin(), methods.end()};
}

Response Router::Dispatch(Request& req) const {
    const bool is_head = req.method == "HEAD";
    const auto matches = Matches(req.path);
    for (const Node* node : matches) {
        auto it = node->routes.find(req.method);
        if (it == node->routes.end() && is_head) {
            it = node->routes.find(std::string_view("GET"));
        }
        if (it == node->routes.end()) {
            continue;
        }
        const Route& route = it->second;
        const auto segments = SplitPath(req.path);
        req.path_params.clear();
        for (const auto& [index, name] : route.params) {
            req.path_params.emplace(name, std::string(segments[index]));
        }
        req.route = route.pattern;
        Response response = route.handler(req);
        if (is_head && it->first == "GET") {
            DropBodyForHead(response);
        }
        return response;
    }

    if (!matches.empty()) {
        req.route = matches.front()->routes.begin()->second.pattern;
        std::string allow;
        for (const auto& method : AllowedMethods(req.path)) {
            allow += allow.empty() ? method : ", " + method;
        }
        Response response =
            MakeProblem(405, "method-not-allowed", "Yöntem desteklenmiyor",
                        "Bu kaynak " + req.method + " yöntemini desteklemiyor; desteklenenler: " + allow);
        response.Header("Allow", allow);
        return response;
    }

    if (fallback_ && (req.method == "GET" || is_head)) {
        req.route = kFallbackRoute;
        req.path_params.clear();
        Response response = fallback_(req);
        if (is_head) {
            DropBodyForHead(response);
        }
        return response;
    }
    return MakeProblem(404, "not-found", "Kaynak bulunamadı", "Bu adreste bir kaynak yok: " + req.path);
}

}  // namespace alo153::api::http
