#include "api/problem.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace alo153::api {
namespace {

using core::ErrorCode;

TEST(Problem, EveryCodeHasAStatusASlugAndATurkishTitle) {
    for (const auto code :
         {ErrorCode::kValidation, ErrorCode::kNotFound, ErrorCode::kUnknownReference, ErrorCode::kIllegalTransition,
          ErrorCode::kConflict, ErrorCode::kPreconditionFailed, ErrorCode::kPreconditionRequired,
          ErrorCode::kBadTrackingNumber, ErrorCode::kUnauthenticated, ErrorCode::kForbidden, ErrorCode::kCsrf,
          ErrorCode::kPayloadTooLarge, ErrorCode::kUnsupportedMedia, ErrorCode::kTooManyRequests,
          ErrorCode::kUnavailable, ErrorCode::kInternal}) {
        const auto described = Describe(core::MakeError(code, "ayrıntı"));
        EXPECT_GE(described.status, 400);
        EXPECT_LE(described.status, 503);
        EXPECT_FALSE(described.slug.empty());
        EXPECT_FALSE(described.title.empty());
        EXPECT_EQ(described.status, StatusOf(code));
    }
}

TEST(Problem, Open311GetsTheSpecsStatusesFromTheSameMapping) {
    EXPECT_EQ(StatusOf(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(StatusOf(ErrorCode::kUnauthenticated, Audience::kOpen311), 403);
    EXPECT_EQ(StatusOf(ErrorCode::kCsrf, Audience::kOpen311), 403);
    EXPECT_EQ(StatusOf(ErrorCode::kUnknownReference), 422);
    EXPECT_EQ(StatusOf(ErrorCode::kUnknownReference, Audience::kOpen311), 400);
    EXPECT_EQ(StatusOf(ErrorCode::kUnsupportedMedia, Audience::kOpen311), 400);
    // Where the spec says nothing of its own, both audiences agree.
    for (const auto code : {ErrorCode::kValidation, ErrorCode::kNotFound, ErrorCode::kConflict,
                            ErrorCode::kTooManyRequests, ErrorCode::kUnavailable, ErrorCode::kInternal}) {
        EXPECT_EQ(StatusOf(code, Audience::kOpen311), StatusOf(code));
    }
}

TEST(Problem, InternalDetailsNeverReachTheClient) {
    const auto described = Describe(core::MakeError(ErrorCode::kInternal, "disk I/O error at /var/lib/alo153.db"));
    EXPECT_EQ(described.status, 500);
    EXPECT_EQ(described.detail.find("/var/lib"), std::string::npos);
    const auto response = Problem(core::MakeError(ErrorCode::kInternal, "disk I/O error at /var/lib/alo153.db"));
    EXPECT_EQ(response.body.find("/var/lib"), std::string::npos);
}

TEST(Problem, RendersProblemJsonWithTheFieldAndAnAuthenticateChallenge) {
    const auto response = Problem(core::MakeError(ErrorCode::kValidation, "Açıklama gerekli.", "description"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/problem+json");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["title"], "Geçersiz bilgi");
    EXPECT_EQ(body["detail"], "Açıklama gerekli.");
    EXPECT_EQ(body["field"], "description");
    EXPECT_EQ(body["status"], 400);

    const auto unauthenticated = Problem(core::MakeError(ErrorCode::kUnauthenticated, "Oturum açın."));
    bool challenged = false;
    for (const auto& [name, value] : unauthenticated.headers) {
        challenged = challenged || name == "WWW-Authenticate";
    }
    EXPECT_TRUE(challenged);
}

}  // namespace
}  // namespace alo153::api
