#include "app/contact_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "app/application.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ContactOutcome;
using core::ErrorCode;
using core::Role;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 10:00 in Istanbul

class ContactServiceTest : public test::AppTest {
  protected:
    ContactServiceTest() : AppTest(kNow) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
        auto articles = app_.Articles().SearchArticles("", false, 1);
        EXPECT_FALSE(articles.empty());
        article_ = articles.empty() ? 0 : articles.front().id;
    }

    core::Contact MustStart(StartContact input) {
        auto c = app_.Contacts().Start(agent_, input);
        EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().detail);
        return c.ok() ? *c : core::Contact{};
    }

    Stats Today() {
        auto day = LocalDay(clock_.Now());
        auto s = app_.Stats().Compute(supervisor_, day, day + 1);
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : Stats{};
    }

    Principal agent_, supervisor_, saski_;
    core::Id article_ = 0;
};

TEST_F(ContactServiceTest, InformedCallWithAnArticleUpdatesTheContactFigures) {
    core::Contact c = MustStart({.channel = core::Channel::kPhone, .caller_phone = "0532 123 45 67"});
    EXPECT_EQ(c.caller_phone, "+905321234567");
    EXPECT_EQ(c.agent_id, agent_.id);
    EXPECT_FALSE(c.ended_at.has_value());
    EXPECT_FALSE(c.outcome.has_value());
    Stats s = Today();
    EXPECT_EQ(s.contacts, 1);
    EXPECT_THAT(s.contacts_by_outcome, UnorderedElementsAre(Pair("open", 1)));

    clock_.Advance(3min);
    auto ended = app_.Contacts().End(
        agent_, c.id,
        {.outcome = ContactOutcome::kInformed, .article_id = article_, .note = "Su kesintisi bilgisi verildi"});
    ASSERT_TRUE(ended.ok()) << ended.error().detail;
    EXPECT_EQ(ended->outcome, ContactOutcome::kInformed);
    EXPECT_EQ(ended->article_id, article_);
    EXPECT_EQ(ended->ended_at, clock_.Now());
    EXPECT_EQ(ended->version, 2);

    s = Today();
    EXPECT_EQ(s.contacts, 1);
    EXPECT_THAT(s.contacts_by_outcome, UnorderedElementsAre(Pair("informed", 1)));
    EXPECT_THAT(s.contacts_by_channel, UnorderedElementsAre(Pair("phone", 1)));
    EXPECT_THAT(s.contacts_by_hour_of_day, UnorderedElementsAre(Pair(10, 1)));  // local hour
    EXPECT_EQ(s.requests, 0);  // calls received and requests opened are different figures

    auto again = app_.Contacts().End(agent_, c.id, {.outcome = ContactOutcome::kDropped});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kIllegalTransition);
}

TEST_F(ContactServiceTest, OneStepInformedContactIsCountedOnce) {
    core::Contact c =
        MustStart({.channel = core::Channel::kWalkIn, .outcome = ContactOutcome::kInformed, .article_id = article_});
    EXPECT_TRUE(c.ended_at.has_value());
    Stats s = Today();
    EXPECT_EQ(s.contacts, 1);
    EXPECT_THAT(s.contacts_by_outcome, UnorderedElementsAre(Pair("informed", 1)));
    EXPECT_THAT(s.contacts_by_channel, UnorderedElementsAre(Pair("walk_in", 1)));
}

TEST_F(ContactServiceTest, RequestOpenedOutcomeRequiresARequest) {
    core::Contact c = MustStart({.caller_phone = "05321234567"});
    auto without = app_.Contacts().End(agent_, c.id, {.outcome = ContactOutcome::kRequestOpened});
    ASSERT_FALSE(without.ok());
    EXPECT_EQ(without.error().code, ErrorCode::kValidation);
    auto unknown = app_.Contacts().End(agent_, c.id, {.outcome = ContactOutcome::kRequestOpened, .request_id = 77});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownReference);
    auto start_opened = app_.Contacts().Start(agent_, {.outcome = ContactOutcome::kRequestOpened});
    ASSERT_FALSE(start_opened.ok());
    EXPECT_EQ(start_opened.error().code, ErrorCode::kValidation);

    CreateRequest req;
    req.category = "SU.ARIZA";
    req.description = "Boru patladı";
    req.location.district = "ATAKUM";
    req.contact_id = c.id;
    auto created = app_.Intake().Create(agent_, req);
    ASSERT_TRUE(created.ok()) << created.error().detail;
    auto linked = app_.Contacts().Get(agent_, c.id);
    ASSERT_TRUE(linked.ok());
    EXPECT_EQ(linked->request_id, created->request.id);

    auto ended = app_.Contacts().End(agent_, c.id,
                                     {.outcome = ContactOutcome::kRequestOpened, .request_id = created->request.id});
    ASSERT_TRUE(ended.ok()) << ended.error().detail;
    Stats s = Today();
    EXPECT_EQ(s.contacts, 1);
    EXPECT_EQ(s.requests, 1);
    EXPECT_THAT(s.contacts_by_outcome, UnorderedElementsAre(Pair("request_opened", 1)));
}

TEST_F(ContactServiceTest, EndWithAnUnknownArticleChangesNothing) {
    core::Contact c = MustStart({.caller_phone = "05321234567"});
    auto r = app_.Contacts().End(agent_, c.id, {.outcome = ContactOutcome::kInformed, .article_id = 99999});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownReference);
    auto still = app_.Contacts().Get(agent_, c.id);
    ASSERT_TRUE(still.ok());
    EXPECT_FALSE(still->ended_at.has_value());
    EXPECT_THAT(Today().contacts_by_outcome, UnorderedElementsAre(Pair("open", 1)));
}

TEST_F(ContactServiceTest, AKnownCallerIsLinkedToTheirCitizenRecord) {
    auto citizen = app_.Citizens().Create(agent_, {.phone = "05321234567", .first_name = "Ayşe"});
    ASSERT_TRUE(citizen.ok());
    core::Contact c = MustStart({.caller_phone = "+90 532 123 45 67"});
    EXPECT_EQ(c.citizen_id, citizen->id);
    auto history = app_.Citizens().FindByPhone(agent_, "05321234567");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->contacts.size(), 1u);
    EXPECT_EQ(history->contacts[0].id, c.id);
}

TEST_F(ContactServiceTest, OnlyTheCallCentreRecordsContacts) {
    auto r = app_.Contacts().Start(saski_, {.caller_phone = "05321234567"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
    auto bad_phone = app_.Contacts().Start(agent_, {.caller_phone = "abc"});
    ASSERT_FALSE(bad_phone.ok());
    EXPECT_EQ(bad_phone.error().code, ErrorCode::kValidation);
    EXPECT_EQ(Today().contacts, 0);
}

}  // namespace
}  // namespace alo153::app
