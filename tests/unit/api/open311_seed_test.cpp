// The Open311 seed files name only sub-categories that exist, with well-formed attributes.
#include <gtest/gtest.h>

#include <set>

#include "app/tsv.hpp"

namespace alo153::app {
namespace {

std::set<std::string> SubCategories() {
    auto tsv = ParseTsv(EmbeddedDataFile("categories.tsv"), "categories.tsv");
    EXPECT_TRUE(tsv.ok());
    std::set<std::string> out;
    for (const auto& row : tsv->rows) {
        if (!row["parent"].empty()) {
            out.insert(row["code"]);
        }
    }
    return out;
}

TEST(Open311Seed, AttributesBelongToSubCategoriesAndAreUnique) {
    const auto subs = SubCategories();
    auto tsv = ParseTsv(EmbeddedDataFile("open311_attributes.tsv"), "open311_attributes.tsv");
    ASSERT_TRUE(tsv.ok());
    std::set<std::string> seen;
    for (const auto& row : tsv->rows) {
        EXPECT_TRUE(subs.contains(row["category"])) << row["category"];
        EXPECT_TRUE(seen.insert(row["category"] + "/" + row["code"]).second) << row["code"];
        EXPECT_FALSE(row["description"].empty());
        const bool list = row["datatype"] == "singlevaluelist" || row["datatype"] == "multivaluelist";
        EXPECT_EQ(list, !row["values"].empty()) << row["category"] << " " << row["code"];
    }
    EXPECT_GE(seen.size(), 10u);
}

TEST(Open311Seed, BatchServicesAreSubCategories) {
    const auto subs = SubCategories();
    auto tsv = ParseTsv(EmbeddedDataFile("open311_services.tsv"), "open311_services.tsv");
    ASSERT_TRUE(tsv.ok());
    ASSERT_FALSE(tsv->rows.empty());
    for (const auto& row : tsv->rows) {
        EXPECT_TRUE(subs.contains(row["category"])) << row["category"];
        EXPECT_EQ(row["type"], "batch");
    }
}

}  // namespace
}  // namespace alo153::app
