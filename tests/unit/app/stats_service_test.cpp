#include "app/stats_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "app/application.hpp"
#include "app/rollups.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::Action;
using core::ErrorCode;
using core::Role;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;

core::Time Local(int y, unsigned mo, unsigned d, int h, int mi = 0) {
    using namespace std::chrono;
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) - core::kIstanbulOffset;
}

class StatsServiceTest : public test::AppTest {
  protected:
    StatsServiceTest() : AppTest(Local(2026, 3, 4, 9)) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
        fen_ = AddStaff("fen.personel", Role::kUnitStaff, "FEN");
        today_ = LocalDay(clock_.Now());
    }

    core::Id Create(const std::string& category) {
        CreateRequest c;
        c.category = category;
        c.description = "Test başvurusu";
        c.location.district = "ILKADIM";
        auto r = app_.Intake().Create(agent_, c);
        EXPECT_TRUE(r.ok());
        return r.ok() ? r->request.id : 0;
    }

    void MustAct(const Principal& who, core::Id id, Action action, const std::string& text = "") {
        auto r = app_.Workflow().Act(who, id, action, {.text = text});
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    }

    Stats Today(const Principal& who) {
        auto s = app_.Stats().Compute(who, today_, today_ + 1);
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : Stats{};
    }

    Principal agent_, supervisor_, saski_, fen_;
    std::int64_t today_ = 0;
};

TEST_F(StatsServiceTest, FiguresFollowCreatesAndTransitions) {
    core::Id a = Create("SU.ARIZA");   // SASKI, due in 4 h
    core::Id b = Create("SU.ARIZA");   // SASKI, due in 4 h
    core::Id c = Create("YOL.CUKUR");  // FEN, 72 working hours
    clock_.Advance(2h);
    MustAct(saski_, a, Action::kResolve, "Onarıldı.");
    MustAct(fen_, c, Action::kReject, "Özel mülk");

    Stats s = Today(supervisor_);
    EXPECT_EQ(s.requests, 3);
    EXPECT_THAT(s.requests_by_status,
                UnorderedElementsAre(Pair("routed", 1), Pair("resolved", 1), Pair("rejected", 1)));
    EXPECT_THAT(s.requests_by_unit, UnorderedElementsAre(Pair("SASKI", 2), Pair("FEN", 1)));
    EXPECT_THAT(s.requests_by_category, UnorderedElementsAre(Pair("SU.ARIZA", 2), Pair("YOL.CUKUR", 1)));
    EXPECT_THAT(s.requests_by_top_category, UnorderedElementsAre(Pair("SU", 2), Pair("YOL", 1)));
    EXPECT_THAT(s.requests_by_day, UnorderedElementsAre(Pair(today_, 3)));
    EXPECT_EQ(s.open_now, 1);
    EXPECT_THAT(s.open_by_unit, UnorderedElementsAre(Pair("SASKI", 1)));
    EXPECT_EQ(s.overdue_now, 0);
    EXPECT_EQ(s.resolution_all.resolved, 1);
    EXPECT_EQ(s.resolution_all.mean_seconds, 7200);
    EXPECT_GT(s.resolution_all.median_seconds, 3600);  // inside the bucket that holds two hours
    EXPECT_LE(s.resolution_all.median_seconds, 7200);

    clock_.Advance(3h);  // b is now an hour past due
    s = Today(supervisor_);
    EXPECT_EQ(s.overdue_now, 1);
    EXPECT_THAT(s.overdue_by_unit, UnorderedElementsAre(Pair("SASKI", 1)));

    MustAct(saski_, b, Action::kResolve, "Onarıldı.");  // five hours after it was opened
    s = Today(supervisor_);
    EXPECT_EQ(s.requests, 3);
    EXPECT_THAT(s.requests_by_status, UnorderedElementsAre(Pair("resolved", 2), Pair("rejected", 1)));
    EXPECT_EQ(s.open_now, 0);
    EXPECT_EQ(s.overdue_now, 0);
    EXPECT_EQ(s.resolution_all.resolved, 2);
    EXPECT_EQ(s.resolution_all.mean_seconds, (7200 + 18000) / 2);
    EXPECT_EQ(s.resolution_all.median_seconds, 7200);  // the upper edge of the first one's bucket
    EXPECT_GT(s.resolution_all.p90_seconds, 14400);
    EXPECT_LE(s.resolution_all.p90_seconds, 28800);
    ASSERT_EQ(s.resolution_by_unit.count("SASKI"), 1u);
    EXPECT_EQ(s.resolution_by_unit["SASKI"].resolved, 2);

    // Yesterday saw nothing.
    auto yesterday = app_.Stats().Compute(supervisor_, today_ - 1, today_);
    ASSERT_TRUE(yesterday.ok());
    EXPECT_EQ(yesterday->requests, 0);
    EXPECT_EQ(yesterday->resolution_all.resolved, 0);
}

TEST_F(StatsServiceTest, ReopeningMovesTheCountsBack) {
    core::Id a = Create("SU.ARIZA");
    MustAct(saski_, a, Action::kResolve, "Onarıldı.");
    MustAct(supervisor_, a, Action::kReopen, "Devam ediyor");
    Stats s = Today(supervisor_);
    EXPECT_THAT(s.requests_by_status, UnorderedElementsAre(Pair("reopened", 1)));
    EXPECT_EQ(s.open_now, 1);
    EXPECT_THAT(s.open_by_unit, UnorderedElementsAre(Pair("SASKI", 1)));
}

TEST_F(StatsServiceTest, RerouteMovesTheRequestBetweenUnits) {
    core::Id a = Create("SU.ARIZA");
    auto r = app_.Workflow().Act(saski_, a, Action::kReroute, {.text = "Fen'in işi", .unit = "FEN"});
    ASSERT_TRUE(r.ok());
    Stats s = Today(supervisor_);
    EXPECT_THAT(s.requests_by_unit, UnorderedElementsAre(Pair("FEN", 1)));
    EXPECT_THAT(s.open_by_unit, UnorderedElementsAre(Pair("FEN", 1)));
}

TEST_F(StatsServiceTest, UnitRolesSeeOnlyTheirUnit) {
    Create("SU.ARIZA");
    Create("SU.ARIZA");
    Create("YOL.CUKUR");
    Stats s = Today(fen_);
    EXPECT_EQ(s.requests, 1);
    EXPECT_THAT(s.requests_by_unit, UnorderedElementsAre(Pair("FEN", 1)));
    EXPECT_EQ(s.open_now, 1);
    EXPECT_EQ(s.contacts, 0);
}

TEST_F(StatsServiceTest, RangeMustBeForwardAndAtMostThreeYears) {
    auto backwards = app_.Stats().Compute(supervisor_, today_, today_);
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.error().code, ErrorCode::kValidation);
    auto too_long = app_.Stats().Compute(supervisor_, today_ - 4 * 366, today_);
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().code, ErrorCode::kValidation);
}

TEST(Rollups, ResolutionBucketsAreLogSpacedWithAnOpenEnd) {
    EXPECT_EQ(ResolutionBucket(0), 0);
    EXPECT_EQ(ResolutionBucket(900), 0);
    EXPECT_EQ(ResolutionBucket(901), 1);
    EXPECT_EQ(ResolutionBucket(7200), 3);
    EXPECT_EQ(ResolutionBucket(7776000), 16);
    EXPECT_EQ(ResolutionBucket(7776001), 17);  // beyond 90 days
}

TEST(Rollups, BucketQuantileInterpolatesInsideTheBucket) {
    EXPECT_EQ(BucketQuantile({}, 0.5), 0);
    std::vector<std::int64_t> counts(18, 0);
    counts[3] = 2;  // (3600, 7200]
    EXPECT_EQ(BucketQuantile(counts, 0.5), 5400);
    EXPECT_EQ(BucketQuantile(counts, 1.0), 7200);
}

}  // namespace
}  // namespace alo153::app
