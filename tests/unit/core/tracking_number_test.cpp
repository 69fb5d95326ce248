#include "core/tracking_number.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace alo153::core {
namespace {

TEST(TrackingNumber, CheckDigitFollowsTheDammAlgorithm) {
    EXPECT_EQ(TrackingCheckDigit(2026, 4512), 6);  // Damm over "2026004512"
    EXPECT_EQ(TrackingCheckDigit(2026, 1), 5);
    EXPECT_EQ(TrackingCheckDigit(2026, 1234567), 5);  // "20261234567": no padding needed
}

TEST(TrackingNumber, FormatPadsSequenceToSixDigits) {
    EXPECT_EQ(FormatTrackingNumber({2026, 4512}), "2026-004512-6");
    EXPECT_EQ(FormatTrackingNumber({2026, 1}), "2026-000001-5");
    EXPECT_EQ(FormatTrackingNumber({2026, 0}), "2026-000000-" + std::to_string(TrackingCheckDigit(2026, 0)));
}

TEST(TrackingNumber, FormatUsesMoreDigitsForLargeSequences) {
    EXPECT_EQ(FormatTrackingNumber({2026, 1234567}), "2026-1234567-5");
}

TEST(TrackingNumber, ParsesDashedForm) {
    const auto r = ParseTrackingNumber("2026-004512-6");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, (TrackingNumber{2026, 4512}));
}

TEST(TrackingNumber, ParsesSpacedForm) {
    const auto r = ParseTrackingNumber("2026 004512 6");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, (TrackingNumber{2026, 4512}));
}

TEST(TrackingNumber, ParsesDigitsOnlyForm) {
    const auto r = ParseTrackingNumber("20260045126");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, (TrackingNumber{2026, 4512}));

    const auto large = ParseTrackingNumber("202612345675");
    ASSERT_TRUE(large.ok()) << large.error().detail;
    EXPECT_EQ(*large, (TrackingNumber{2026, 1234567}));
}

TEST(TrackingNumber, IgnoresSurroundingSpaces) {
    const auto r = ParseTrackingNumber("  2026-004512-6 \t\n");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, (TrackingNumber{2026, 4512}));
}

TEST(TrackingNumber, FormatThenParseRoundTrips) {
    for (int year : {2000, 2026, 2099}) {
        for (std::int64_t seq : {0LL, 1LL, 9LL, 4512LL, 999999LL, 1000000LL, 123456789012LL}) {
            const TrackingNumber n{year, seq};
            const auto r = ParseTrackingNumber(FormatTrackingNumber(n));
            ASSERT_TRUE(r.ok()) << FormatTrackingNumber(n);
            EXPECT_EQ(*r, n);
        }
    }
}

void ExpectMalformed(std::string_view text) {
    const auto r = ParseTrackingNumber(text);
    ASSERT_FALSE(r.ok()) << "'" << text << "' was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kValidation) << text;
    EXPECT_EQ(r.error().field, "tracking_number") << text;
}

TEST(TrackingNumber, MalformedInputIsAValidationError) {
    ExpectMalformed("");
    ExpectMalformed("   ");
    ExpectMalformed("2026-00A512-6");
    ExpectMalformed("ABCD-004512-6");
    ExpectMalformed("2026-004512-X");
    ExpectMalformed("2026-04512-6");     // sequence shorter than six digits
    ExpectMalformed("26-004512-6");      // two-digit year
    ExpectMalformed("2026-004512-66");   // two check digits
    ExpectMalformed("2026-004512");      // no check digit group
    ExpectMalformed("2026--004512-6");   // empty group
    ExpectMalformed("2026-004512-6-1");  // extra group
    ExpectMalformed("2026004512");       // digits only, too short
    ExpectMalformed("2026-0004512-6");   // padded beyond six digits
    ExpectMalformed("+2026-004512-6");
}

TEST(TrackingNumber, YearOutsideTwoThousandsIsAValidationError) {
    const TrackingNumber old{1999, 4512};
    const auto r = ParseTrackingNumber(FormatTrackingNumber(old));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "tracking_number");
    ExpectMalformed(FormatTrackingNumber({2100, 1}));
}

TEST(TrackingNumber, WrongCheckDigitIsABadTrackingNumber) {
    const auto r = ParseTrackingNumber("2026-004512-3");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kBadTrackingNumber);
    EXPECT_EQ(r.error().field, "tracking_number");
    EXPECT_NE(r.error().detail.find("kontrol hanesi"), std::string::npos);
}

/// Every digit string of a tracking number (year, padded sequence, check) for the exhaustive error tests.
std::string AllDigits(const TrackingNumber& n) {
    std::string s = FormatTrackingNumber(n);
    std::erase(s, '-');
    return s;
}

TEST(TrackingNumber, EverySingleDigitErrorIsCaught) {
    for (const TrackingNumber n : {TrackingNumber{2026, 4512}, TrackingNumber{2031, 987654}, TrackingNumber{2000, 0},
                                   TrackingNumber{2099, 1234567}}) {
        const std::string digits = AllDigits(n);
        for (std::size_t pos = 0; pos < digits.size(); ++pos) {
            for (char c = '0'; c <= '9'; ++c) {
                if (c == digits[pos]) continue;
                std::string typo = digits;
                typo[pos] = c;
                const auto r = ParseTrackingNumber(typo);
                EXPECT_FALSE(r.ok() && *r == n) << typo;
                EXPECT_FALSE(r.ok()) << typo << " parsed as a different valid number";
            }
        }
    }
}

TEST(TrackingNumber, EveryAdjacentTranspositionIsCaught) {
    for (const TrackingNumber n : {TrackingNumber{2026, 4512}, TrackingNumber{2031, 987654},
                                   TrackingNumber{2045, 102938}, TrackingNumber{2099, 1234567}}) {
        const std::string digits = AllDigits(n);
        for (std::size_t pos = 0; pos + 1 < digits.size(); ++pos) {
            if (digits[pos] == digits[pos + 1]) continue;
            std::string swapped = digits;
            std::swap(swapped[pos], swapped[pos + 1]);
            EXPECT_FALSE(ParseTrackingNumber(swapped).ok()) << digits << " -> " << swapped;
        }
    }
}

TEST(TrackingNumber, CheckDigitCatchesAllSingleErrorsOverManySequences) {
    // The Damm property, checked directly on the digit strings of many numbers (not only through the parser).
    for (std::int64_t seq = 0; seq < 3000; seq += 7) {
        const std::string digits = AllDigits({2026, seq});
        for (std::size_t pos = 0; pos + 1 < digits.size(); ++pos) {
            for (char c = '0'; c <= '9'; ++c) {
                if (c == digits[pos]) continue;
                std::string typo = digits;
                typo[pos] = c;
                EXPECT_FALSE(ParseTrackingNumber(typo).ok()) << typo;
            }
        }
    }
}

}  // namespace
}  // namespace alo153::core
