#include "routing/catalog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace alo153::routing {
namespace {

using core::UnitKind;

/// A small slice of the Samsun catalog, built by hand so the test does not depend on the seed files.
Catalog SmallCatalog(std::vector<core::Neighbourhood> neighbourhoods = {}) {
    std::vector<core::Unit> units = {
        {.code = "SASKI", .name = "SASKİ", .kind = UnitKind::kCompany},
        {.code = "FEN", .name = "Fen İşleri", .kind = UnitKind::kInternal},
        {.code = "ILCE_ATAKUM", .name = "Atakum Belediyesi", .kind = UnitKind::kDistrict, .district = "ATAKUM"},
        {.code = "ILCE_BAFRA", .name = "Bafra Belediyesi", .kind = UnitKind::kDistrict, .district = "BAFRA",
         .active = false},
    };
    std::vector<core::Category> categories = {
        {.code = "SU", .name_tr = "Su", .unit = "SASKI"},
        {.code = "SU.ARIZA", .parent = "SU", .name_tr = "Su arızası"},
        {.code = "YOL", .name_tr = "Yol", .unit = "FEN"},
    };
    // District centres as in data/gazetteer/districts.tsv.
    std::vector<core::District> districts = {
        {"ATAKUM", "Atakum", 41.3300, 36.2700},     {"BAFRA", "Bafra", 41.5670, 35.9060},
        {"ILKADIM", "İlkadım", 41.2870, 36.3300},   {"CARSAMBA", "Çarşamba", 41.1990, 36.7220},
        {"VEZIRKOPRU", "Vezirköprü", 41.1430, 35.4550}, {"ALACAM", "Alaçam", 41.6100, 35.6000},
        {"19MAYIS", "19 Mayıs", 41.4900, 36.0800},
    };
    return Catalog(std::move(units), std::move(categories), std::move(districts), std::move(neighbourhoods), {});
}

TEST(Catalog, FindsUnitsCategoriesAndDistrictsByCode) {
    Catalog c = SmallCatalog({{7, "ATAKUM", "Körfez Mah"}});
    ASSERT_NE(c.FindUnit("FEN"), nullptr);
    EXPECT_EQ(c.FindUnit("FEN")->name, "Fen İşleri");
    EXPECT_EQ(c.FindUnit("fen"), nullptr);  // codes are exact
    EXPECT_EQ(c.FindUnit("NOPE"), nullptr);
    ASSERT_NE(c.FindCategory("SU.ARIZA"), nullptr);
    EXPECT_EQ(c.FindCategory("SU.ARIZA")->parent, "SU");
    EXPECT_EQ(c.FindCategory("SU.YOK"), nullptr);
    ASSERT_NE(c.FindDistrict("BAFRA"), nullptr);
    EXPECT_EQ(c.FindDistrict("BAFRA")->name, "Bafra");
    EXPECT_EQ(c.FindDistrict("ISTANBUL"), nullptr);
    ASSERT_NE(c.FindNeighbourhood(7), nullptr);
    EXPECT_EQ(c.FindNeighbourhood(7)->name, "Körfez Mah");
    EXPECT_EQ(c.FindNeighbourhood(8), nullptr);
}

TEST(Catalog, TopLevelOfASubCategoryIsItsParent) {
    Catalog c = SmallCatalog();
    ASSERT_NE(c.TopLevelOf("SU.ARIZA"), nullptr);
    EXPECT_EQ(c.TopLevelOf("SU.ARIZA")->code, "SU");
    EXPECT_EQ(c.TopLevelOf("SU")->code, "SU");
    EXPECT_EQ(c.TopLevelOf("YOK.YOK"), nullptr);
}

TEST(Catalog, DistrictMunicipalityIsTheActiveDistrictUnit) {
    Catalog c = SmallCatalog();
    ASSERT_NE(c.DistrictMunicipality("ATAKUM"), nullptr);
    EXPECT_EQ(c.DistrictMunicipality("ATAKUM")->code, "ILCE_ATAKUM");
    EXPECT_EQ(c.DistrictMunicipality("BAFRA"), nullptr);  // its unit is inactive
    EXPECT_EQ(c.DistrictMunicipality("ILKADIM"), nullptr);  // none in this catalog
}

TEST(Catalog, NearestDistrictOfAPointNearBafraIsBafra) {
    Catalog c = SmallCatalog();
    const core::District* d = c.NearestDistrict(41.5600, 35.9200);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->code, "BAFRA");
    EXPECT_EQ(c.NearestDistrict(41.2900, 36.3350)->code, "ILKADIM");  // Samsun city centre
    EXPECT_EQ(c.NearestDistrict(41.3350, 36.2600)->code, "ATAKUM");
    EXPECT_EQ(c.NearestDistrict(41.2000, 36.7000)->code, "CARSAMBA");
}

TEST(Catalog, NearestDistrictOfAnEmptyGazetteerIsNone) {
    Catalog c({}, {}, {}, {}, {});
    EXPECT_EQ(c.NearestDistrict(41.29, 36.33), nullptr);
}

TEST(Catalog, NeighbourhoodsOfADistrictAreOnlyThatDistricts) {
    Catalog c = SmallCatalog({{1, "ATAKUM", "Alanlı Mah"}, {2, "BAFRA", "Bahçelievler Mah"},
                              {3, "ATAKUM", "Balaç Mah"}});
    auto list = c.NeighbourhoodsOf("ATAKUM");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]->id, 1);
    EXPECT_EQ(list[1]->id, 3);
    EXPECT_TRUE(c.NeighbourhoodsOf("CANIK").empty());
}

TEST(Catalog, NeighbourhoodsOfADistrictAreInNameOrder) {
    Catalog c = SmallCatalog({{1, "ATAKUM", "Yenimahalle Mah"}, {2, "ATAKUM", "Alanlı Mah"},
                              {3, "ATAKUM", "Kamalı Mah"}});
    auto list = c.NeighbourhoodsOf("ATAKUM");
    std::vector<std::string> names;
    for (const auto* n : list) {
        names.push_back(n->name);
    }
    EXPECT_THAT(names, ::testing::ElementsAre("Alanlı Mah", "Kamalı Mah", "Yenimahalle Mah"));
}

TEST(Catalog, RulesAreKeptInPositionOrder) {
    std::vector<core::RoutingRule> rules = {
        {.id = 1, .position = 30, .name = "c", .unit = "FEN"},
        {.id = 2, .position = 10, .name = "a", .unit = "FEN"},
        {.id = 3, .position = 20, .name = "b", .unit = "FEN"},
    };
    Catalog c({}, {}, {}, {}, rules);
    ASSERT_EQ(c.Rules().size(), 3u);
    EXPECT_EQ(c.Rules()[0].id, 2);
    EXPECT_EQ(c.Rules()[1].id, 3);
    EXPECT_EQ(c.Rules()[2].id, 1);
}

}  // namespace
}  // namespace alo153::routing
