#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/http/message.hpp"

namespace alo153::api::http {
namespace {

Request RequestWith(std::vector<std::pair<std::string, std::string>> headers,
                    std::vector<std::pair<std::string, std::string>> query = {}) {
    Request req;
    req.headers = std::move(headers);
    req.query = std::move(query);
    return req;
}

TEST(HttpRequest, HeaderFindsFirstByLowerCaseName) {
    const Request req = RequestWith({{"accept", "a"}, {"x-a", "1"}, {"x-a", "2"}});
    EXPECT_EQ(req.Header("x-a"), "1");
    EXPECT_EQ(req.Header("accept"), "a");
    EXPECT_FALSE(req.Header("x-b").has_value());
}

TEST(HttpRequest, QueryFindsFirstValue) {
    const Request req = RequestWith({}, {{"status", "new"}, {"status", "closed"}, {"empty", ""}});
    EXPECT_EQ(req.Query("status"), "new");
    EXPECT_EQ(req.Query("empty"), "");
    EXPECT_FALSE(req.Query("missing").has_value());
}

TEST(HttpRequest, QueryAllJoinsRepeatsAndCommaSeparatedValues) {
    const Request req = RequestWith({}, {{"status", "new,assigned"}, {"unit", "7"}, {"status", " closed ,"}});
    EXPECT_EQ(req.QueryAll("status"), (std::vector<std::string>{"new", "assigned", "closed"}));
    EXPECT_EQ(req.QueryAll("unit"), (std::vector<std::string>{"7"}));
    EXPECT_TRUE(req.QueryAll("missing").empty());
}

TEST(HttpRequest, CookieParsesPairsAcrossHeaders) {
    const Request req =
        RequestWith({{"cookie", "theme=dark;  alo153_session=abc123 ; quoted=\"q v\""}, {"cookie", "csrf=zz"}});
    EXPECT_EQ(req.Cookie("alo153_session"), "abc123");
    EXPECT_EQ(req.Cookie("theme"), "dark");
    EXPECT_EQ(req.Cookie("quoted"), "q v");
    EXPECT_EQ(req.Cookie("csrf"), "zz");
    EXPECT_FALSE(req.Cookie("session").has_value());
    EXPECT_FALSE(RequestWith({}).Cookie("theme").has_value());
}

TEST(HttpProblem, HasTypeTitleStatusDetailAndExtras) {
    const Response response = MakeProblem(422, "validation", "Geçersiz alan", "telefon numarası eksik",
                                          {{"field", "phone"}, {"status", "ignored"}});
    EXPECT_EQ(response.status, 422);
    EXPECT_EQ(response.content_type, "application/problem+json");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/validation");
    EXPECT_EQ(body["title"], "Geçersiz alan");
    EXPECT_EQ(body["status"], 422);
    EXPECT_EQ(body["detail"], "telefon numarası eksik");
    EXPECT_EQ(body["field"], "phone");
}

TEST(HttpProblem, InvalidUtf8IsReplacedNotThrown) {
    Response response;
    ASSERT_NO_THROW(response = MakeProblem(400, "bad-request", "Geçersiz istek", "bad \xff\xfe bytes"));
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["detail"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

}  // namespace
}  // namespace alo153::api::http
