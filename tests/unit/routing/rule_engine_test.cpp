#include "routing/rule_engine.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace alo153::routing {
namespace {

using core::Channel;
using core::ErrorCode;
using core::Priority;
using core::RequestType;
using core::RoutingRule;
using core::UnitKind;

/// The part of the Samsun catalog routing needs, with the given rules.
Catalog CatalogWith(std::vector<RoutingRule> rules) {
    std::vector<core::Unit> units = {
        {.code = "SASKI", .kind = UnitKind::kCompany},
        {.code = "FEN", .kind = UnitKind::kInternal},
        {.code = "ULASIM", .kind = UnitKind::kInternal},
        {.code = "SAMULAS", .kind = UnitKind::kCompany},
        {.code = "ZABITA", .kind = UnitKind::kInternal},
        {.code = "KAPALI", .kind = UnitKind::kInternal, .active = false},
        {.code = "ILCE_ATAKUM", .kind = UnitKind::kDistrict, .district = "ATAKUM"},
        {.code = "ILCE_ILKADIM", .kind = UnitKind::kDistrict, .district = "ILKADIM"},
        {.code = "ILCE_BAFRA", .kind = UnitKind::kDistrict, .district = "BAFRA"},
    };
    std::vector<core::Category> categories = {
        {.code = "SU", .unit = "SASKI", .priority = Priority::kNormal},
        {.code = "SU.ARIZA", .parent = "SU", .unit = "", .priority = Priority::kUrgent},
        {.code = "SU.FATURA", .parent = "SU", .unit = ""},
        {.code = "SUX", .unit = "FEN"},
        {.code = "SUX.ARIZA", .parent = "SUX", .unit = ""},
        {.code = "TOPLU_TASIMA", .unit = "ULASIM"},
        {.code = "TOPLU_TASIMA.TRAMVAY", .parent = "TOPLU_TASIMA", .unit = "SAMULAS", .priority = Priority::kHigh},
        {.code = "TOPLU_TASIMA.DURAK", .parent = "TOPLU_TASIMA", .unit = ""},
        {.code = "ATIK", .unit = "@district"},
        {.code = "ATIK.TOPLANMADI", .parent = "ATIK", .unit = ""},
        {.code = "ESKI", .unit = "KAPALI"},
        {.code = "ESKI.KONU", .parent = "ESKI", .unit = ""},
    };
    std::vector<core::District> districts = {
        {"ATAKUM", "Atakum", 41.33, 36.27}, {"ILKADIM", "İlkadım", 41.287, 36.33}, {"BAFRA", "Bafra", 41.567, 35.906},
        {"KAVAK", "Kavak", 41.08, 36.05},
    };
    return Catalog(std::move(units), std::move(categories), std::move(districts), {}, std::move(rules));
}

RoutingInput Input(std::string category, std::string district = "", Channel channel = Channel::kPhone,
                   RequestType type = RequestType::kRequest) {
    return {std::move(category), std::move(district), channel, type};
}

TEST(Route, SubCategoryWithItsOwnUnitGoesThere) {
    auto d = Route(CatalogWith({}), Input("TOPLU_TASIMA.TRAMVAY"));
    ASSERT_TRUE(d.ok()) << d.error().detail;
    EXPECT_EQ(d->unit, "SAMULAS");
    EXPECT_EQ(d->priority, Priority::kHigh);
    EXPECT_FALSE(d->rule_id.has_value());
    EXPECT_FALSE(d->reason.empty());
}

TEST(Route, SubCategoryWithoutAUnitInheritsItsParents) {
    auto d = Route(CatalogWith({}), Input("SU.ARIZA", "ATAKUM"));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->unit, "SASKI");
    EXPECT_EQ(d->priority, Priority::kUrgent);  // the sub-category's priority, not the parent's
    EXPECT_EQ(Route(CatalogWith({}), Input("TOPLU_TASIMA.DURAK"))->unit, "ULASIM");
}

TEST(Route, WasteGoesToTheDistrictMunicipalityOfTheDistrict) {
    auto catalog = CatalogWith({});
    auto atakum = Route(catalog, Input("ATIK.TOPLANMADI", "ATAKUM"));
    ASSERT_TRUE(atakum.ok());
    EXPECT_EQ(atakum->unit, "ILCE_ATAKUM");
    EXPECT_EQ(Route(catalog, Input("ATIK.TOPLANMADI", "BAFRA"))->unit, "ILCE_BAFRA");
    EXPECT_EQ(Route(catalog, Input("ATIK.TOPLANMADI", "ILKADIM"))->unit, "ILCE_ILKADIM");
}

TEST(Route, WasteWithoutADistrictIsAValidationError) {
    auto d = Route(CatalogWith({}), Input("ATIK.TOPLANMADI"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kValidation);
    EXPECT_EQ(d.error().field, "district");
}

TEST(Route, WasteInADistrictWithoutAMunicipalityIsAnUnknownReference) {
    auto d = Route(CatalogWith({}), Input("ATIK.TOPLANMADI", "KAVAK"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kUnknownReference);
}

TEST(Route, UnknownCategoryIsAnUnknownReference) {
    auto d = Route(CatalogWith({}), Input("SU.YOK"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(d.error().field, "category");
}

TEST(Route, DefaultUnitThatIsInactiveIsAnError) {
    auto d = Route(CatalogWith({}), Input("ESKI.KONU"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kUnknownReference);
}

TEST(Route, FirstMatchingRuleInPositionOrderWins) {
    // Given out of position order: the catalog sorts them.
    auto catalog = CatalogWith({
        {.id = 1, .position = 20, .name = "ikinci", .category = "SU", .unit = "ZABITA"},
        {.id = 2, .position = 10, .name = "birinci", .category = "SU", .district = "ATAKUM", .unit = "FEN"},
    });
    auto atakum = Route(catalog, Input("SU.ARIZA", "ATAKUM"));
    ASSERT_TRUE(atakum.ok());
    EXPECT_EQ(atakum->unit, "FEN");
    EXPECT_EQ(atakum->rule_id, 2);
    EXPECT_NE(atakum->reason.find("birinci"), std::string::npos);
    auto ilkadim = Route(catalog, Input("SU.ARIZA", "ILKADIM"));
    ASSERT_TRUE(ilkadim.ok());
    EXPECT_EQ(ilkadim->unit, "ZABITA");
    EXPECT_EQ(ilkadim->rule_id, 1);
}

TEST(Route, TopLevelCategoryConditionMatchesItsSubsButNotLookalikeCodes) {
    auto catalog = CatalogWith({{.id = 5, .position = 1, .name = "su", .category = "SU", .unit = "ZABITA"}});
    EXPECT_EQ(Route(catalog, Input("SU.FATURA"))->unit, "ZABITA");
    EXPECT_EQ(Route(catalog, Input("SU.ARIZA"))->unit, "ZABITA");
    auto sux = Route(catalog, Input("SUX.ARIZA"));  // "SU" is a prefix of "SUX" but not its parent
    ASSERT_TRUE(sux.ok());
    EXPECT_EQ(sux->unit, "FEN");
    EXPECT_FALSE(sux->rule_id.has_value());
}

TEST(Route, SubCategoryConditionMatchesOnlyThatSubCategory) {
    auto catalog = CatalogWith({{.id = 5, .position = 1, .name = "arıza", .category = "SU.ARIZA", .unit = "FEN"}});
    EXPECT_EQ(Route(catalog, Input("SU.ARIZA"))->unit, "FEN");
    EXPECT_EQ(Route(catalog, Input("SU.FATURA"))->unit, "SASKI");
}

TEST(Route, ChannelAndTypeConditionsMustAllHold) {
    auto catalog = CatalogWith({{.id = 7, .position = 1, .name = "web şikayet", .channel = Channel::kWeb,
                                 .type = RequestType::kComplaint, .unit = "ZABITA"}});
    EXPECT_EQ(Route(catalog, Input("SU.FATURA", "", Channel::kWeb, RequestType::kComplaint))->unit, "ZABITA");
    EXPECT_EQ(Route(catalog, Input("SU.FATURA", "", Channel::kPhone, RequestType::kComplaint))->unit, "SASKI");
    EXPECT_EQ(Route(catalog, Input("SU.FATURA", "", Channel::kWeb, RequestType::kRequest))->unit, "SASKI");
}

TEST(Route, InactiveRulesAreSkipped) {
    auto catalog = CatalogWith({
        {.id = 1, .position = 1, .name = "kapalı", .category = "SU", .unit = "ZABITA", .active = false},
        {.id = 2, .position = 2, .name = "açık", .category = "SU", .unit = "FEN"},
    });
    auto d = Route(catalog, Input("SU.ARIZA"));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->unit, "FEN");
    EXPECT_EQ(d->rule_id, 2);
}

TEST(Route, RulePriorityOverridesTheCategorys) {
    auto catalog = CatalogWith({
        {.id = 1, .position = 1, .name = "acil fatura", .category = "SU.FATURA", .unit = "SASKI",
         .priority = Priority::kUrgent},
        {.id = 2, .position = 2, .name = "yalnız birim", .category = "SU.ARIZA", .unit = "FEN"},
    });
    EXPECT_EQ(Route(catalog, Input("SU.FATURA"))->priority, Priority::kUrgent);
    EXPECT_EQ(Route(catalog, Input("SU.ARIZA"))->priority, Priority::kUrgent);  // unchanged: category's own
    EXPECT_EQ(Route(catalog, Input("SU.ARIZA"))->unit, "FEN");
}

TEST(Route, RuleMayRouteToTheDistrictMunicipality) {
    auto catalog = CatalogWith({{.id = 3, .position = 1, .name = "kanal ilçeye", .category = "SU.ARIZA",
                                 .district = "ATAKUM", .unit = "@district"}});
    auto d = Route(catalog, Input("SU.ARIZA", "ATAKUM"));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->unit, "ILCE_ATAKUM");
    EXPECT_EQ(d->rule_id, 3);
}

TEST(Route, RuleTargetingAnInactiveUnitIsAnError) {
    auto catalog = CatalogWith({{.id = 3, .position = 1, .name = "eski", .category = "SU", .unit = "KAPALI"}});
    auto d = Route(catalog, Input("SU.ARIZA"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kUnknownReference);
}

TEST(RuleMatches, EmptyConditionsMatchAnything) {
    RoutingRule any{.name = "her şey", .unit = "FEN"};
    EXPECT_TRUE(RuleMatches(any, Input("SU.ARIZA", "ATAKUM", Channel::kSms, RequestType::kThanks)));
    EXPECT_TRUE(RuleMatches(any, Input("YOL")));
}

TEST(RuleMatches, DistrictConditionIsExact) {
    RoutingRule bafra{.district = "BAFRA", .unit = "FEN"};
    EXPECT_TRUE(RuleMatches(bafra, Input("SU.ARIZA", "BAFRA")));
    EXPECT_FALSE(RuleMatches(bafra, Input("SU.ARIZA", "ATAKUM")));
    EXPECT_FALSE(RuleMatches(bafra, Input("SU.ARIZA", "")));
}

}  // namespace
}  // namespace alo153::routing
