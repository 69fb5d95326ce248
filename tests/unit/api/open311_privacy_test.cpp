// Descriptions are public in Open311: contact data typed into them is masked (app::MaskContactData).
#include <gtest/gtest.h>

#include "app/open311_service.hpp"

namespace alo153::app {
namespace {

TEST(Open311Privacy, PhoneNumbersAndKimlikNumbersAreMasked) {
    EXPECT_EQ(MaskContactData("Beni 0532 765 43 21 numarasından arayın"), "Beni *** numarasından arayın");
    EXPECT_EQ(MaskContactData("tel: +905327654321."), "tel: ***.");
    EXPECT_EQ(MaskContactData("(0362) 431-1234 sabit hat"), "(*** sabit hat");
    EXPECT_EQ(MaskContactData("TC 10000000146 olan vatandaş"), "TC *** olan vatandaş");
}

TEST(Open311Privacy, EmailAddressesAreMasked) {
    EXPECT_EQ(MaskContactData("yazın: ayse.kocabas@example.org, teşekkürler"), "yazın: ***, teşekkürler");
    EXPECT_EQ(MaskContactData("a@b"), "***");
}

TEST(Open311Privacy, OrdinaryNumbersDatesAndTextStay) {
    for (const char* text :
         {"Gazi Caddesi No 12 Daire 4", "29.11.2026 tarihinden beri", "185'i aradım, 3 gündür su yok", "12/05/2026",
          "@ işareti tek başına", "ş@", "Çöp toplanmadı", ""}) {
        EXPECT_EQ(MaskContactData(text), text) << text;
    }
    EXPECT_EQ(MaskContactData("123 456"), "123 456");  // six digits: a door and a flat, not a phone
}

}  // namespace
}  // namespace alo153::app
