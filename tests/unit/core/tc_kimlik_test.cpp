#include "core/tc_kimlik.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alo153::core {
namespace {

TEST(TcKimlik, KnownValidNumberIsAccepted) { EXPECT_TRUE(IsValidTcKimlikNo("10000000146")); }

TEST(TcKimlik, WrongTenthDigitIsRejected) { EXPECT_FALSE(IsValidTcKimlikNo("10000000156")); }

TEST(TcKimlik, WrongEleventhDigitIsRejected) { EXPECT_FALSE(IsValidTcKimlikNo("10000000147")); }

TEST(TcKimlik, EverySingleDigitChangeOfAValidNumberIsCaughtInTheCheckDigits) {
    const std::string valid = "10000000146";
    for (std::size_t pos = 0; pos < valid.size(); ++pos) {
        for (char c = '0'; c <= '9'; ++c) {
            if (c == valid[pos]) continue;
            std::string changed = valid;
            changed[pos] = c;
            EXPECT_FALSE(IsValidTcKimlikNo(changed)) << changed;
        }
    }
}

TEST(TcKimlik, LeadingZeroIsRejectedEvenWithMatchingCheckDigits) {
    // 0 + nine digits whose check digits work out: still not a kimlik no.
    EXPECT_FALSE(IsValidTcKimlikNo("00000000000"));
}

TEST(TcKimlik, WrongLengthIsRejected) {
    EXPECT_FALSE(IsValidTcKimlikNo(""));
    EXPECT_FALSE(IsValidTcKimlikNo("1000000014"));
    EXPECT_FALSE(IsValidTcKimlikNo("100000001460"));
}

TEST(TcKimlik, NonDigitsAreRejected) {
    EXPECT_FALSE(IsValidTcKimlikNo("1000000014a"));
    EXPECT_FALSE(IsValidTcKimlikNo(" 0000000146"));
    EXPECT_FALSE(IsValidTcKimlikNo("10000-00146"));
}

TEST(TcKimlik, NegativeIntermediateSumIsHandledWithAProperModulo) {
    // odd-position sum * 7 < even-position sum: d = 1,9,0,9,0,9,0,9,0 → 1*7 - 36 = -29 → tenth digit 1.
    // eleventh = (1+9+0+9+0+9+0+9+0+1) % 10 = 8.
    EXPECT_TRUE(IsValidTcKimlikNo("19090909018"));
    EXPECT_FALSE(IsValidTcKimlikNo("19090909098"));  // what a truncating % would give (-29 % 10 = -9 → "9")
}

TEST(TcKimlik, MaskKeepsFirstThreeAndLastTwoDigits) { EXPECT_EQ(MaskTcKimlikNo("12345678945"), "123******45"); }

TEST(TcKimlik, MaskOfMalformedInputHidesEverything) {
    EXPECT_EQ(MaskTcKimlikNo(""), "***********");
    EXPECT_EQ(MaskTcKimlikNo("12345"), "***********");
}

TEST(TcKimlik, GeneratedNumbersAreValidAndDeterministic) {
    std::set<std::string> seen;
    for (std::uint64_t seed = 0; seed < 2000; ++seed) {
        const std::string number = GenerateTcKimlikNo(seed);
        EXPECT_TRUE(IsValidTcKimlikNo(number)) << seed << " -> " << number;
        EXPECT_EQ(number, GenerateTcKimlikNo(seed));
        seen.insert(number);
    }
    EXPECT_GT(seen.size(), 1990u);  // different seeds spread over the number space
}

}  // namespace
}  // namespace alo153::core
