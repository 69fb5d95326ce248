#include "app/application.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/temp_dir.hpp"

namespace alo153::app {
namespace {

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 07:00 UTC, 10:00 in Istanbul

AppConfig ConfigIn(const test::TempDir& dir) {
    AppConfig config;
    config.database_url = dir.File("t.db");
    return config;
}

TEST(Application, SeedsTheSamsunCatalogIntoAnEmptyDatabase) {
    test::TempDir dir;
    ManualClock clock(kNow);
    Application app(ConfigIn(dir), clock);
    auto catalog = app.Catalog().Current();
    EXPECT_EQ(catalog->Districts().size(), 17u);
    EXPECT_EQ(catalog->Neighbourhoods().size(), 1258u);
    EXPECT_EQ(catalog->Units().size(), 33u);  // 13 internal, 2 companies, 17 district municipalities, YEDAS

    std::set<std::string> units;
    for (const auto& u : catalog->Units()) {
        units.insert(u.code);
    }
    for (const char* code : {"ALO153", "FEN", "ULASIM", "ZABITA", "PARK", "MEZARLIK", "CEVRE", "VETERINER", "SAGLIK",
                             "SOSYAL", "IMAR", "ITFAIYE", "KULTUR", "SASKI", "SAMULAS", "YEDAS"}) {
        EXPECT_TRUE(units.count(code)) << code;
    }
    for (const auto& d : catalog->Districts()) {
        const core::Unit* municipality = catalog->DistrictMunicipality(d.code);
        ASSERT_NE(municipality, nullptr) << d.code;
        EXPECT_EQ(municipality->code, "ILCE_" + d.code);
        EXPECT_FALSE(catalog->NeighbourhoodsOf(d.code).empty()) << d.code;
    }

    int top = 0;
    int sub = 0;
    for (const auto& c : catalog->Categories()) {
        if (c.IsTopLevel()) {
            ++top;
            EXPECT_FALSE(c.unit.empty()) << c.code;
        } else {
            ++sub;
            EXPECT_NE(catalog->FindCategory(c.parent), nullptr) << c.code;
            EXPECT_GT(c.sla_minutes, 0) << c.code;
        }
    }
    EXPECT_EQ(top, 17);
    EXPECT_EQ(sub, 98);
    ASSERT_NE(catalog->FindCategory("SU.ARIZA"), nullptr);
    EXPECT_EQ(catalog->FindCategory("SU.ARIZA")->sla_minutes, 240);
    EXPECT_EQ(catalog->FindCategory("SU.ARIZA")->clock, core::SlaClock::kAroundTheClock);
    EXPECT_EQ(catalog->FindCategory("ATIK")->unit, core::kDistrictUnit);

    // Every sub-category routes somewhere (waste: given a district).
    for (const auto& c : catalog->Categories()) {
        if (!c.IsTopLevel()) {
            auto d = routing::Route(*catalog, {c.code, "ATAKUM", core::Channel::kPhone, core::RequestType::kRequest});
            EXPECT_TRUE(d.ok()) << c.code;
        }
    }
    EXPECT_EQ(app.Articles().SearchArticles("", false, 1000).size(), 32u);
}

TEST(Application, ReopeningDoesNotSeedAgain) {
    test::TempDir dir;
    ManualClock clock(kNow);
    { Application first(ConfigIn(dir), clock); }
    Application again(ConfigIn(dir), clock);
    auto catalog = again.Catalog().Current();
    EXPECT_EQ(catalog->Units().size(), 33u);
    EXPECT_EQ(catalog->Neighbourhoods().size(), 1258u);
    EXPECT_EQ(catalog->Categories().size(), 115u);
    EXPECT_EQ(again.Articles().SearchArticles("", false, 1000).size(), 32u);
}

TEST(Application, PhotosGoBesideTheDatabaseByDefault) {
    test::TempDir dir;
    ManualClock clock(kNow);
    Application app(ConfigIn(dir), clock);
    EXPECT_EQ(app.Config().photo_dir, dir.File("photos"));
}

TEST(Application, DemoStaffCanSignInWithTheDemoPasswordAndIsCreatedOnce) {
    test::TempDir dir;
    ManualClock clock(kNow);
    Application app(ConfigIn(dir), clock);
    ASSERT_TRUE(CreateDemoStaff(app.Auth()).ok());
    auto users = app.Auth().ListUsers();
    ASSERT_EQ(users.size(), DemoLogins().size());
    for (const auto& login : DemoLogins()) {
        auto it =
            std::find_if(users.begin(), users.end(), [&](const core::User& u) { return u.username == login.username; });
        ASSERT_NE(it, users.end()) << login.username;
        EXPECT_EQ(core::ToCode(it->role), login.role) << login.username;
        EXPECT_EQ(it->unit, login.unit) << login.username;
    }
    auto signed_in = app.Auth().SignIn("saski.personel", kDemoPassword);
    ASSERT_TRUE(signed_in.ok());
    EXPECT_EQ(signed_in->user.unit, "SASKI");

    ASSERT_TRUE(CreateDemoStaff(app.Auth()).ok());  // existing accounts are left alone
    EXPECT_EQ(app.Auth().ListUsers().size(), DemoLogins().size());
}

}  // namespace
}  // namespace alo153::app
