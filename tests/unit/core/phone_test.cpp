#include "core/phone.hpp"

#include <gtest/gtest.h>

#include <string>

namespace alo153::core {
namespace {

void ExpectNormalized(std::string_view input, std::string_view expected) {
    const Result<std::string> r = NormalizePhone(input);
    ASSERT_TRUE(r.ok()) << input << ": " << r.error().detail;
    EXPECT_EQ(*r, expected) << input;
}

void ExpectRejected(std::string_view input) {
    const Result<std::string> r = NormalizePhone(input);
    ASSERT_FALSE(r.ok()) << input << " was accepted as " << *r;
    EXPECT_EQ(r.error().code, ErrorCode::kValidation) << input;
    EXPECT_EQ(r.error().field, "phone") << input;
    EXPECT_FALSE(r.error().detail.empty()) << input;
}

TEST(NormalizePhone, MobileWithTrunkZeroAndSpaces) { ExpectNormalized("0532 123 45 67", "+905321234567"); }

TEST(NormalizePhone, BareTenDigitMobile) { ExpectNormalized("5321234567", "+905321234567"); }

TEST(NormalizePhone, InternationalWithPlusParenthesesAndDashes) {
    ExpectNormalized("+90 (532) 123-45-67", "+905321234567");
    ExpectNormalized("+905321234567", "+905321234567");
}

TEST(NormalizePhone, InternationalWithDoubleZero) { ExpectNormalized("0090 532 123 4567", "+905321234567"); }

TEST(NormalizePhone, CountryCodeWithoutPlus) { ExpectNormalized("90 532 1234567", "+905321234567"); }

TEST(NormalizePhone, SamsunLandline) {
    ExpectNormalized("0 (362) 431 11 53", "+903624311153");
    ExpectNormalized("(0362) 431 11 53", "+903624311153");
    ExpectNormalized("362.431.11.53", "+903624311153");
}

TEST(NormalizePhone, OtherAreaCodesAndNonGeographicNumbers) {
    ExpectNormalized("0212 555 12 34", "+902125551234");
    ExpectNormalized("0442 555 12 34", "+904425551234");
    ExpectNormalized("0850 123 45 67", "+908501234567");
    ExpectNormalized("0800 123 45 67", "+908001234567");
}

TEST(NormalizePhone, SurroundingSpacesTabsAndSlashesAreIgnored) {
    ExpectNormalized("  0532/123 45 67\t", "+905321234567");
}

TEST(NormalizePhone, PlusNinetyFollowedByTrunkZeroIsAccepted) {
    ExpectNormalized("+90 0532 123 45 67", "+905321234567");
}

TEST(NormalizePhone, EmptyOrBlankIsRejected) {
    ExpectRejected("");
    ExpectRejected("   ");
    ExpectRejected("()--");
}

TEST(NormalizePhone, LettersAreRejected) {
    ExpectRejected("0532 ABC 45 67");
    ExpectRejected("tel: 0532 123 45 67");
    ExpectRejected("0532 123 45 67 dahili 12");
}

TEST(NormalizePhone, TooShortIsRejected) {
    ExpectRejected("532 123 45 6");
    ExpectRejected("153");
    ExpectRejected("444 1 153");  // a short "444" number is not a person's phone
}

TEST(NormalizePhone, TooLongIsRejected) {
    ExpectRejected("0532 123 45 678");
    ExpectRejected("+90 532 123 45 678");
    ExpectRejected(std::string(200, '5'));
}

TEST(NormalizePhone, NationalNumberStartingWithZeroOneSixSevenOrNineIsRejected) {
    ExpectRejected("1321234567");
    ExpectRejected("6321234567");
    ExpectRejected("7321234567");
    ExpectRejected("9321234567");
    ExpectRejected("00 5321234567");
    ExpectRejected("+90 132 123 45 67");
    ExpectRejected("0 932 123 45 67");
}

TEST(NormalizePhone, ForeignNumbersAreRejected) {
    ExpectRejected("+44 20 7946 0958");
    ExpectRejected("+1 202 555 0143");
    ExpectRejected("0049 30 1234567");
}

TEST(NormalizePhone, PlusInTheMiddleIsRejected) {
    ExpectRejected("0532+1234567");
    ExpectRejected("++905321234567");
}

TEST(MaskPhone, HidesTheMiddleDigits) { EXPECT_EQ(MaskPhone("+905321234567"), "+90 532 *** ** 67"); }

TEST(MaskPhone, MalformedInputIsMaskedCompletely) {
    EXPECT_EQ(MaskPhone(""), "***");
    EXPECT_EQ(MaskPhone("05321234567"), "***");
    EXPECT_EQ(MaskPhone("+44207946095"), "***");
    EXPECT_EQ(MaskPhone("+90532123456x"), "***");
}

TEST(PhoneLastFour, ReturnsTheLastFourDigits) {
    EXPECT_EQ(PhoneLastFour("+905321234567"), "4567");
    EXPECT_EQ(PhoneLastFour("+903624311153"), "1153");
}

TEST(PhoneLastFour, ShortOrNonDigitEndGivesEmpty) {
    EXPECT_EQ(PhoneLastFour(""), "");
    EXPECT_EQ(PhoneLastFour("123"), "");
    EXPECT_EQ(PhoneLastFour("+90532123456x"), "");
}

}  // namespace
}  // namespace alo153::core
