#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "api/http/router.hpp"

namespace alo153::api::http {
namespace {

Router::Handler Returns(std::string body) {
    return [body = std::move(body)](Request&) {
        Response response;
        response.body = body;
        return response;
    };
}

Request Make(std::string method, std::string path) {
    Request req;
    req.method = std::move(method);
    req.path = std::move(path);
    req.target = req.path;
    return req;
}

std::string ProblemType(const Response& response) {
    return nlohmann::json::parse(response.body).at("type").get<std::string>();
}

TEST(HttpRouter, LiteralRouteMatches) {
    Router router;
    router.Add("GET", "/healthz", Returns("ok"));
    router.Add("GET", "/", Returns("root"));
    auto req = Make("GET", "/healthz");
    EXPECT_EQ(router.Dispatch(req).body, "ok");
    EXPECT_EQ(req.route, "/healthz");
    auto root = Make("GET", "/");
    EXPECT_EQ(router.Dispatch(root).body, "root");
}

TEST(HttpRouter, PathParamsAreFilled) {
    Router router;
    router.Add("GET", "/api/v1/requests/{id}/events/{seq}", [](Request& req) {
        Response response;
        response.body = req.Param("id") + "|" + req.Param("seq");
        return response;
    });
    auto req = Make("GET", "/api/v1/requests/2026-004512-3/events/7");
    EXPECT_EQ(router.Dispatch(req).body, "2026-004512-3|7");
    EXPECT_EQ(req.route, "/api/v1/requests/{id}/events/{seq}");
    EXPECT_EQ(req.path_params.size(), 2u);
}

TEST(HttpRouter, LiteralSegmentWinsOverParameter) {
    Router router;
    router.Add("GET", "/api/v1/requests/{id}", Returns("by-id"));
    router.Add("GET", "/api/v1/requests/search", Returns("search"));
    auto search = Make("GET", "/api/v1/requests/search");
    EXPECT_EQ(router.Dispatch(search).body, "search");
    auto by_id = Make("GET", "/api/v1/requests/42");
    EXPECT_EQ(router.Dispatch(by_id).body, "by-id");
    EXPECT_EQ(by_id.Param("id"), "42");
}

TEST(HttpRouter, FallsBackToParameterWhenLiteralBranchDeadEnds) {
    Router router;
    router.Add("GET", "/a/b/c", Returns("literal"));
    router.Add("GET", "/a/{x}/d", Returns("param"));
    auto req = Make("GET", "/a/b/d");
    EXPECT_EQ(router.Dispatch(req).body, "param");
    EXPECT_EQ(req.Param("x"), "b");
}

TEST(HttpRouter, ParameterNeverMatchesEmptySegment) {
    Router router;
    router.Add("GET", "/items/{id}", Returns("item"));
    auto empty = Make("GET", "/items/");
    EXPECT_EQ(router.Dispatch(empty).status, 404);
    auto deeper = Make("GET", "/items/1/2");
    EXPECT_EQ(router.Dispatch(deeper).status, 404);
}

TEST(HttpRouter, UnknownPathIsNotFoundProblem) {
    Router router;
    router.Add("GET", "/healthz", Returns("ok"));
    auto req = Make("GET", "/nope");
    const Response response = router.Dispatch(req);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.content_type, "application/problem+json");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/not-found");
    EXPECT_EQ(body["title"], "Kaynak bulunamadı");
    EXPECT_EQ(body["status"], 404);
    EXPECT_TRUE(req.route.empty());
}

TEST(HttpRouter, WrongMethodIsMethodNotAllowedWithAllow) {
    Router router;
    router.Add("GET", "/api/v1/requests", Returns("list"));
    router.Add("POST", "/api/v1/requests", Returns("created"));
    auto req = Make("DELETE", "/api/v1/requests");
    const Response response = router.Dispatch(req);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(ProblemType(response), "https://alo153.org/problems/method-not-allowed");
    EXPECT_EQ(nlohmann::json::parse(response.body)["title"], "Yöntem desteklenmiyor");
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "Allow");
    EXPECT_EQ(response.headers[0].second, "GET, HEAD, POST");
    EXPECT_EQ(req.route, "/api/v1/requests");
}

TEST(HttpRouter, MethodIsLookedUpAcrossMatchingPatterns) {
    Router router;
    router.Add("GET", "/units/active", Returns("active"));
    router.Add("DELETE", "/units/{id}", Returns("deleted"));
    auto req = Make("DELETE", "/units/active");
    EXPECT_EQ(router.Dispatch(req).body, "deleted");
    auto put = Make("PUT", "/units/active");
    const Response response = router.Dispatch(put);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.headers.at(0).second, "DELETE, GET, HEAD");
}

TEST(HttpRouter, HeadRunsGetAndDropsBody) {
    Router router;
    router.Add("GET", "/doc", Returns("hello"));
    auto req = Make("HEAD", "/doc");
    const Response response = router.Dispatch(req);
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.body.empty());
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "Content-Length");
    EXPECT_EQ(response.headers[0].second, "5");
}

TEST(HttpRouter, ExplicitHeadRouteIsPreferred) {
    Router router;
    router.Add("GET", "/doc", Returns("hello"));
    router.Add("HEAD", "/doc", Returns(""));
    auto req = Make("HEAD", "/doc");
    EXPECT_TRUE(router.Dispatch(req).headers.empty());
}

TEST(HttpRouter, FallbackServesUnmatchedGetOnly) {
    Router router;
    router.Add("POST", "/api/v1/requests", Returns("created"));
    router.SetFallback([](Request& req) {
        Response response;
        response.body = "static:" + req.path;
        return response;
    });
    auto get = Make("GET", "/index.html");
    EXPECT_EQ(router.Dispatch(get).body, "static:/index.html");
    EXPECT_EQ(get.route, "fallback");
    auto post = Make("POST", "/index.html");
    EXPECT_EQ(router.Dispatch(post).status, 404);
    auto wrong_method = Make("GET", "/api/v1/requests");
    EXPECT_EQ(router.Dispatch(wrong_method).status, 405);
}

TEST(HttpRouter, HandlerExceptionsPropagate) {
    Router router;
    router.Add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("boom"); });
    auto req = Make("GET", "/boom");
    EXPECT_THROW(router.Dispatch(req), std::runtime_error);
}

TEST(HttpRouter, RejectsBadPatterns) {
    Router router;
    EXPECT_THROW(router.Add("GET", "relative", Returns("")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/a/{}", Returns("")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/a/x{id}", Returns("")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/a/{id}/{id}", Returns("")), std::invalid_argument);
    router.Add("GET", "/a/{id}", Returns(""));
    EXPECT_THROW(router.Add("GET", "/a/{other}", Returns("")), std::invalid_argument);
    EXPECT_NO_THROW(router.Add("POST", "/a/{other}", Returns("")));
}

TEST(HttpRouter, DifferentParameterNamesOnSharedPrefix) {
    Router router;
    router.Add("GET", "/a/{id}", [](Request& req) {
        Response response;
        response.body = req.Param("id");
        return response;
    });
    router.Add("POST", "/a/{name}", [](Request& req) {
        Response response;
        response.body = req.Param("name");
        return response;
    });
    auto get = Make("GET", "/a/x");
    EXPECT_EQ(router.Dispatch(get).body, "x");
    auto post = Make("POST", "/a/y");
    EXPECT_EQ(router.Dispatch(post).body, "y");
    EXPECT_EQ(post.path_params.count("id"), 0u);
}

}  // namespace
}  // namespace alo153::api::http
