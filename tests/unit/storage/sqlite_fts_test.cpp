#include "storage/sqlite/fts.hpp"

#include <gtest/gtest.h>

namespace alo153::storage::sqlite {
namespace {

TEST(FtsMatch, QuotesEveryWordAsARequiredPrefix) {
    EXPECT_EQ(FtsMatch({"su", "boru"}), "\"su\"* \"boru\"*");
    EXPECT_EQ(FtsMatch({"cop"}), "\"cop\"*");
}

TEST(FtsMatch, NoWordsIsNoQuery) {
    EXPECT_EQ(FtsMatch({}), "");
    EXPECT_EQ(FtsMatch({"", ""}), "");
    EXPECT_EQ(FtsMatch({"", "su"}), "\"su\"*");
}

TEST(FtsMatch, OperatorsAndQuotesStayPlainText) {
    EXPECT_EQ(FtsMatch({"NOT", "OR"}), "\"NOT\"* \"OR\"*");
    EXPECT_EQ(FtsMatch({"a\"b"}), "\"a\"\"b\"*");
}

}  // namespace
}  // namespace alo153::storage::sqlite
