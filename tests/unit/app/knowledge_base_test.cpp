#include "app/knowledge_base.hpp"

#include <gtest/gtest.h>

#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::Role;

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 10:00 in Istanbul

class KnowledgeBaseTest : public test::AppTest {
  protected:
    KnowledgeBaseTest() : AppTest(kNow) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
    }

    Principal agent_;
    Principal supervisor_;
};

TEST_F(KnowledgeBaseTest, TheSeedArticlesAreListedByTitle) {
    const auto articles = app_.Articles().SearchArticles("", false, 1000);
    ASSERT_GE(articles.size(), 2U);
    for (std::size_t i = 1; i < articles.size(); ++i) {
        EXPECT_LE(articles[i - 1].title, articles[i].title);
    }
}

TEST_F(KnowledgeBaseTest, SearchIsFoldedTheTurkishWay) {
    auto saved = app_.Articles().SaveArticle(supervisor_,
                                             {.title = "Çöp toplama saatleri",
                                              .body = "Çöpler her gün akşam toplanır.",
                                              .category = "ATIK",
                                              .tags = "çöp|konteyner"},
                                             std::nullopt);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    auto found = app_.Articles().SearchArticles("COP TOPLAMA SAATLERI", false, 10);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().id, saved->id);
    auto by_agent = app_.Articles().SaveArticle(agent_, {.title = "x", .body = "y"}, std::nullopt);
    ASSERT_FALSE(by_agent.ok());
    EXPECT_EQ(by_agent.error().code, ErrorCode::kForbidden);
}

TEST_F(KnowledgeBaseTest, AnUpdateOfAStaleVersionIsRefused) {
    auto saved =
        app_.Articles().SaveArticle(supervisor_, {.title = "Nikah salonları", .body = "Randevu ile."}, std::nullopt);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    core::Article change = *saved;
    change.body = "Randevu ile, hafta içi.";
    auto first = app_.Articles().SaveArticle(supervisor_, change, saved->version);
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(first->version, saved->version + 1);
    auto stale = app_.Articles().SaveArticle(supervisor_, change, saved->version);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
    EXPECT_EQ(app_.Articles().GetArticle(saved->id)->body, "Randevu ile, hafta içi.");
}

TEST_F(KnowledgeBaseTest, AnUnknownArticleIsNotFound) {
    auto missing = app_.Articles().GetArticle(999999);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace alo153::app
