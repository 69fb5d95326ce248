#include "api/http/target.hpp"

#include <gtest/gtest.h>

namespace alo153::api::http {
namespace {

std::string Decoded(std::string_view in, UrlPart part) {
    std::string out;
    EXPECT_TRUE(PercentDecode(in, part, out)) << in;
    return out;
}

bool Refused(std::string_view in, UrlPart part) {
    std::string out;
    return !PercentDecode(in, part, out);
}

TEST(PercentDecode, DecodesEscapesInEitherCase) {
    EXPECT_EQ(Decoded("%C3%87ar%c5%9famba", UrlPart::kPath), "Çarşamba");
    EXPECT_EQ(Decoded("a%20b", UrlPart::kQuery), "a b");
    EXPECT_EQ(Decoded("", UrlPart::kQuery), "");
}

TEST(PercentDecode, PlusIsASpaceOnlyInAQuery) {
    EXPECT_EQ(Decoded("a+b", UrlPart::kQuery), "a b");
    EXPECT_EQ(Decoded("a+b", UrlPart::kPath), "a+b");
    EXPECT_EQ(Decoded("a%2Bb", UrlPart::kQuery), "a+b");
}

TEST(PercentDecode, AnEncodedSlashIsRefusedOnlyInAPath) {
    EXPECT_TRUE(Refused("a%2Fb", UrlPart::kPath));
    EXPECT_TRUE(Refused("a%2fb", UrlPart::kPath));
    EXPECT_EQ(Decoded("a%2Fb", UrlPart::kQuery), "a/b");
}

TEST(PercentDecode, RefusesBadEscapesAndNul) {
    for (const UrlPart part : {UrlPart::kPath, UrlPart::kQuery}) {
        EXPECT_TRUE(Refused("%", part));
        EXPECT_TRUE(Refused("%4", part));
        EXPECT_TRUE(Refused("ab%", part));
        EXPECT_TRUE(Refused("%G1", part));
        EXPECT_TRUE(Refused("%1g", part));
        EXPECT_TRUE(Refused("a%00b", part));
        EXPECT_TRUE(Refused(std::string_view("a\0b", 3), part));
    }
}

TEST(ParseQuery, SplitsDecodesAndKeepsOrderAndRepeats) {
    QueryParams out;
    EXPECT_FALSE(ParseQuery("status=new&&q=su+ar%C4%B1zas%C4%B1&status=assigned&flag&=v", out));
    const QueryParams expected = {
        {"status", "new"}, {"q", "su arızası"}, {"status", "assigned"}, {"flag", ""}, {"", "v"}};
    EXPECT_EQ(out, expected);
}

TEST(ParseQuery, SaysWhichPairFailedAndWhere) {
    QueryParams out;
    auto error = ParseQuery("a=1&b%ZZ=2&c=3", out);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->index, 1U);
    EXPECT_FALSE(error->in_value);
    EXPECT_EQ(out, (QueryParams{{"a", "1"}}));

    out.clear();
    error = ParseQuery("a=1&&b=2&m%C3%BC=%", out);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->index, 2U);
    EXPECT_TRUE(error->in_value);
    EXPECT_EQ(error->name, "mü");
}

TEST(ParseTarget, SplitsPathAndQuery) {
    auto target = ParseTarget("/api/v1/requests?status=new&q=%C3%A7%C3%B6p");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/api/v1/requests");
    EXPECT_EQ(target->query, (QueryParams{{"status", "new"}, {"q", "çöp"}}));

    target = ParseTarget("/");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/");
    EXPECT_TRUE(target->query.empty());

    target = ParseTarget("*");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "*");
}

TEST(ParseTarget, DecodesThePathButKeepsItsPlus) {
    auto target = ParseTarget("/kb/a+b%20c");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/kb/a+b c");
}

TEST(ParseTarget, KeepsOnlyPathAndQueryOfAnAbsoluteTarget) {
    auto target = ParseTarget("http://alo153.samsun.bel.tr/api/v1/health?x=1");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/api/v1/health");
    EXPECT_EQ(target->query, (QueryParams{{"x", "1"}}));

    target = ParseTarget("https://alo153.samsun.bel.tr");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->path, "/");
}

TEST(ParseTarget, IgnoresAFragmentInTheQuery) {
    auto target = ParseTarget("/a?x=1&y=2#frag&z=3");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->query, (QueryParams{{"x", "1"}, {"y", "2"}}));
}

TEST(ParseTarget, RefusesWhatMustNotReachAHandler) {
    for (const char* bad : {"", "api/v1", "?x=1", "ftp://host/a", "/a/../etc/passwd", "/..", "/a/.", "/./a",
                            "/a/%2e%2e/b", "/a/%2E/b", "/a%2Fb", "/a%00", "/a%zz", "/a?x=%", "/a?%zz=1"}) {
        EXPECT_FALSE(ParseTarget(bad)) << bad;
    }
}

TEST(ParseTarget, AcceptsDotsThatAreNotWholeSegments) {
    for (const char* good : {"/a/.b", "/a/..b", "/a/b.", "/assets/app.1.js", "/a?x=..", "/a?p=../b"}) {
        EXPECT_TRUE(ParseTarget(good)) << good;
    }
}

}  // namespace
}  // namespace alo153::api::http
