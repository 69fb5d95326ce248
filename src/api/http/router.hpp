#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/message.hpp"

namespace alo153::api::http {

/// Maps (method, path) to a handler. Patterns are absolute paths whose segments are either literal text or
/// "{name}" (exactly one non-empty segment, available to the handler as req.Param("name")), e.g.
/// "/api/v1/requests/{id}/events". Literal segments win over parameters when both could match.
///
/// Routes are added once at start-up; Dispatch is const and may then be called from many threads at once.
class Router {
  public:
    using Handler = std::function<Response(Request&)>;

    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    /// Registers `handler` for `method` (e.g. "GET") on `pattern`. Throws std::invalid_argument for a pattern
    /// that does not start with '/', has an empty or malformed "{name}", repeats a parameter name, or is already
    /// registered for the same method (all programming errors).
    void Add(std::string method, std::string pattern, Handler handler);

    /// Handler for GET (and HEAD) requests whose path matches no route, e.g. static files. Its req.route is
    /// "fallback". Without one, such requests get a 404 problem.
    void SetFallback(Handler handler);

    /// Runs the handler for `req`, filling req.path_params and req.route (the pattern). A path that matches
    /// no route gets a 404 problem ("not-found"); a path that matches only for other methods gets a 405 problem
    /// ("method-not-allowed") with an Allow header. HEAD runs the GET handler; the body is dropped and its size
    /// kept in a Content-Length header. Exceptions from the handler propagate to the caller.
    Response Dispatch(Request& req) const;

    /// The methods registered for paths matching `path` (sorted, HEAD included when GET is), empty if none.
    std::vector<std::string> AllowedMethods(std::string_view path) const;

  private:
    struct Node;
    struct Route;

    void CollectMatches(const Node& node, const std::vector<std::string_view>& segments, std::size_t index,
                        std::vector<const Node*>& out) const;
    std::vector<const Node*> Matches(std::string_view path) const;

    std::unique_ptr<Node> root_;
    Handler fallback_;
};

}  // namespace alo153::api::http
