#include "core/validation.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace alo153::core {
namespace {

TEST(CodePointCount, CountsCharactersNotBytes) {
    EXPECT_EQ(CodePointCount(""), 0u);
    EXPECT_EQ(CodePointCount("abc"), 3u);
    EXPECT_EQ(CodePointCount("çöğüşı"), 6u);
    EXPECT_EQ(CodePointCount("😀€a"), 3u);
}

TEST(IsInTurkey, SamsunIsInside) { EXPECT_TRUE(IsInTurkey(41.29, 36.33)); }

TEST(IsInTurkey, EdgesOfTheBoxAreInside) {
    EXPECT_TRUE(IsInTurkey(35.80, 25.60));
    EXPECT_TRUE(IsInTurkey(42.20, 44.90));
}

TEST(IsInTurkey, SwappedZeroAndForeignCoordinatesAreOutside) {
    EXPECT_FALSE(IsInTurkey(36.33, 41.29 + 10));  // swapped and off
    EXPECT_FALSE(IsInTurkey(0.0, 0.0));
    EXPECT_FALSE(IsInTurkey(51.5, -0.12));  // London
    EXPECT_FALSE(IsInTurkey(35.79, 30.0));
    EXPECT_FALSE(IsInTurkey(42.21, 30.0));
    EXPECT_FALSE(IsInTurkey(40.0, 25.59));
    EXPECT_FALSE(IsInTurkey(40.0, 44.91));
}

TEST(IsInTurkey, NonFiniteNumbersAreOutside) {
    constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
    constexpr double kInf = std::numeric_limits<double>::infinity();
    EXPECT_FALSE(IsInTurkey(kNan, 36.0));
    EXPECT_FALSE(IsInTurkey(41.0, kNan));
    EXPECT_FALSE(IsInTurkey(kInf, 36.0));
    EXPECT_FALSE(IsInTurkey(41.0, -kInf));
}

TEST(CleanText, TrimsSurroundingWhiteSpace) {
    const auto r = CleanText("  \t Çöp toplanmadı \r\n", "description", 100, true);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, "Çöp toplanmadı");
}

TEST(CleanText, TrimsUnicodeSpacesAndByteOrderMark) {
    const auto r = CleanText(
        "\xEF\xBB\xBF\xC2\xA0"
        "Atakum\xE3\x80\x80",
        "district", 100, true);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, "Atakum");
}

TEST(CleanText, KeepsInnerNewlinesAndTabs) {
    const auto r = CleanText("satır 1\nsatır 2\r\n\tgirinti", "description", 100, true);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, "satır 1\nsatır 2\r\n\tgirinti");
}

TEST(CleanText, RequiredEmptyFieldIsRejected) {
    for (std::string_view blank : {"", "   ", "\n\t ", "\xC2\xA0"}) {
        const auto r = CleanText(blank, "description", 100, true);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kValidation);
        EXPECT_EQ(r.error().field, "description");
        EXPECT_EQ(r.error().detail, "'description' alanı zorunludur.");
    }
}

TEST(CleanText, OptionalEmptyFieldGivesEmptyString) {
    const auto r = CleanText("   ", "address", 100, false);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "");
}

TEST(CleanText, LengthIsCountedInCharactersAfterTrimming) {
    EXPECT_TRUE(CleanText("çöğüş", "name", 5, true).ok());
    EXPECT_TRUE(CleanText("  abcde  ", "name", 5, true).ok());
    const auto r = CleanText("çöğüşı", "name", 5, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "name");
    EXPECT_EQ(r.error().detail, "'name' alanı en fazla 5 karakter olabilir.");
}

TEST(CleanText, InvalidUtf8IsRejected) {
    const auto r = CleanText("abc\xFF", "description", 100, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "description");
    EXPECT_NE(r.error().detail.find("description"), std::string::npos);
}

TEST(CleanText, ControlCharactersAreRejected) {
    for (std::string_view bad : {std::string_view("a\0b", 3), std::string_view("a\x1b[31mb"), std::string_view("a\x7f"),
                                 std::string_view("a\xC2\x85")}) {
        const auto r = CleanText(bad, "description", 100, true);
        ASSERT_FALSE(r.ok()) << "accepted a control character";
        EXPECT_EQ(r.error().code, ErrorCode::kValidation);
        EXPECT_EQ(r.error().field, "description");
    }
}

}  // namespace
}  // namespace alo153::core
