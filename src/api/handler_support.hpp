#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/http/message.hpp"
#include "api/http/router.hpp"
#include "api/json_mapping.hpp"
#include "api/problem.hpp"
#include "api/server_config.hpp"
#include "app/application.hpp"

namespace alo153::api {

inline constexpr const char* kSessionCookie = "alo153_session";

/// What every handler needs: the use cases and the server's settings.
struct Context {
    app::Application& app;
    const ServerConfig& config;
};

/// The principal of a request: the session cookie (with the CSRF token on writes) or an API key
/// ("Authorization: Bearer alo153_..." or "X-API-Key"). Deny by default.
core::Result<app::Principal> Authenticate(const Context& ctx, const http::Request& req);

/// The address of the client a request comes from: the peer's, or, when the peer is one of the trusted reverse
/// proxies (ServerConfig::trusted_proxies), the nearest address in X-Forwarded-For that is not one of them.
std::string ClientAddress(const std::vector<std::string>& trusted_proxies, const http::Request& req);

/// What a REST handler gives back: its response, or the error that the one wrapper (Public or Authed) answers
/// with its problem (problem.hpp maps every error code to its status). Handlers return errors with `return
/// error;` or ALO153_TRY and never build problem responses themselves.
using Answer = core::Result<http::Response>;

/// A handler that anyone may call (the portal, sign-in, public figures).
using PublicHandler = std::function<Answer(http::Request&)>;
http::Router::Handler Public(PublicHandler handler);

/// A handler that runs only for an authenticated principal.
using AuthedHandler = std::function<Answer(http::Request&, const app::Principal&)>;
http::Router::Handler Authed(Context& ctx, AuthedHandler handler);

/// The response of an answer: itself, or the problem of its error.
http::Response ToResponse(Answer answer);

/// A JSON response.
http::Response JsonResponse(int status, const Json& body);
/// A JSON response for a versioned object, with its ETag.
http::Response VersionedResponse(int status, const Json& body, int version);

/// The value of a use case as JSON (ToJson of json_mapping.hpp) with `status`, or its problem.
template <typename T>
Answer Reply(int status, const core::Result<T>& result) {
    if (!result.ok()) {
        return result.error();
    }
    return JsonResponse(status, ToJson(*result));
}

/// A JSON array of ToJson of each element.
template <typename Range>
Json Items(const Range& range) {
    Json items = Json::array();
    for (const auto& item : range) {
        items.push_back(ToJson(item));
    }
    return items;
}

/// A list answer: {"items": [...]}.
template <typename Range>
http::Response ItemsResponse(const Range& range) {
    return JsonResponse(200, {{"items", Items(range)}});
}

/// A list from a use case as {"items": [...]}, or its problem.
template <typename T>
Answer ReplyItems(const core::Result<std::vector<T>>& result) {
    if (!result.ok()) {
        return result.error();
    }
    return ItemsResponse(*result);
}

/// The If-Match header as a version number, if present. A malformed header is a validation error.
core::Result<std::optional<int>> IfMatch(const http::Request& req);

/// A positive integer path parameter.
core::Result<core::Id> IdParam(const http::Request& req, const std::string& name);
/// A query parameter naming an id (a positive integer), if present; anything else is a validation error.
core::Result<std::optional<core::Id>> IdQuery(const http::Request& req, std::string_view name);
/// A query parameter as a positive integer within [min, max], or `fallback` when absent.
core::Result<int> IntQuery(const http::Request& req, std::string_view name, int fallback, int min, int max);

/// Reads a JSON object body with typed access to its fields; the first type error wins.
class Body {
  public:
    /// Parses the body; not JSON or not an object is a validation error.
    static core::Result<Body> Parse(const http::Request& req, std::size_t limit);

    std::optional<std::string> Str(const char* name);
    std::optional<std::int64_t> Int(const char* name);
    std::optional<double> Num(const char* name);
    std::optional<bool> Bool(const char* name);
    /// A nested object (empty Body when absent).
    std::optional<Body> Object(const char* name);
    const Json* Raw(const char* name) const;
    bool Has(const char* name) const { return json_.contains(name) && !json_[name].is_null(); }
    /// The first type error seen, if any.
    core::Result<void> Status() const;
    /// An error for a field whose value is not one of the known codes.
    void BadCode(const char* name);

  private:
    explicit Body(Json json, std::string prefix = {}) : json_(std::move(json)), prefix_(std::move(prefix)) {}
    void Fail(const char* name, const char* expected);

    Json json_;
    std::string prefix_;
    std::optional<core::Error> error_;
};

/// Parses a code with `parse` from an optional string field, recording an error on an unknown code.
template <typename E, typename ParseFn>
std::optional<E> CodeField(Body& body, const char* name, ParseFn parse) {
    auto s = body.Str(name);
    if (!s) {
        return std::nullopt;
    }
    auto v = parse(*s);
    if (!v) {
        body.BadCode(name);
    }
    return v;
}

}  // namespace alo153::api
