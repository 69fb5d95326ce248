#include "core/turkish_fold.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace alo153::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FoldTurkish, ComplaintWithTurkishLettersMatchesItsAsciiSpelling) {
    EXPECT_EQ(FoldTurkish("Çöp toplanmadı"), "cop toplanmadi");
    EXPECT_EQ(FoldTurkish("ÇÖP TOPLANMADI"), "cop toplanmadi");
    EXPECT_EQ(FoldTurkish("cop toplanmadi"), "cop toplanmadi");
}

TEST(FoldTurkish, DottedAndDotlessCapitalIBothFoldToI) {
    EXPECT_EQ(FoldTurkish("ISKELE"), "iskele");
    EXPECT_EQ(FoldTurkish("İSKELE"), "iskele");
    EXPECT_EQ(FoldTurkish("ıIiİ"), "iiii");
}

TEST(FoldTurkish, TurkishCapitalsLoseTheirDiacritics) {
    EXPECT_EQ(FoldTurkish("ŞĞÜÖÇ"), "sguoc");
    EXPECT_EQ(FoldTurkish("şğüöç"), "sguoc");
}

TEST(FoldTurkish, CircumflexVowelsFoldToTheirBase) {
    EXPECT_EQ(FoldTurkish("ÂâÎîÛû"), "aaiiuu");
    EXPECT_EQ(FoldTurkish("Kâğıthane"), "kagithane");
}

TEST(FoldTurkish, OtherLatinDiacriticsFoldToTheirBase) {
    EXPECT_EQ(FoldTurkish("éèëêáàäåñõøýÿ"), "eeeeaaaanooyy");
    EXPECT_EQ(FoldTurkish("ÉÈÁÀÄÑ"), "eeaaan");
    EXPECT_EQ(FoldTurkish("łŁžŽčČřŘőű"), "llzzccrrou");
    EXPECT_EQ(FoldTurkish("Straße"), "strasse");
    EXPECT_EQ(FoldTurkish("Ææ Œœ"), "aeae oeoe");
    EXPECT_EQ(FoldTurkish("ȘșȚț"), "sstt");
}

TEST(FoldTurkish, MixedSentenceKeepsDigitsAndPunctuation) {
    EXPECT_EQ(FoldTurkish("Atakum'da 3. Sokak'ta SU ARIZASI var!"), "atakum'da 3. sokak'ta su arizasi var!");
    EXPECT_EQ(FoldTurkish("İlkadım / Çarşamba, 19 Mayıs"), "ilkadim / carsamba, 19 mayis");
}

TEST(FoldTurkish, DecomposedAccentsAreDropped) {
    // "ş" and "İ" typed as base letter + combining mark (as some phones and macOS produce).
    EXPECT_EQ(FoldTurkish("s\xCC\xA7"
                          "ehir"),
              "sehir");
    EXPECT_EQ(FoldTurkish("I\xCC\x87"
                          "stanbul"),
              "istanbul");
}

TEST(FoldTurkish, NoBreakSpaceBecomesSpace) {
    EXPECT_EQ(FoldTurkish("su\xC2\xA0"
                          "arızası"),
              "su arizasi");
}

TEST(FoldTurkish, OtherScriptsAreCopiedUnchanged) {
    EXPECT_EQ(FoldTurkish("Привет αβγ 東京 😀"), "Привет αβγ 東京 😀");
    EXPECT_EQ(FoldTurkish("“çöp” – ok"), "“cop” – ok");
}

TEST(FoldTurkish, InvalidBytesBecomeSpaces) {
    EXPECT_EQ(FoldTurkish("a\xFF"
                          "b"),
              "a b");
    EXPECT_EQ(FoldTurkish("a\x80\x80"
                          "b"),
              "a  b");
    EXPECT_EQ(FoldTurkish("\xC3"), " ");                 // truncated two-byte sequence
    EXPECT_EQ(FoldTurkish("\xC0\xAF"), "  ");            // overlong '/'
    EXPECT_EQ(FoldTurkish("\xED\xA0\x80"), "   ");       // UTF-16 surrogate
    EXPECT_EQ(FoldTurkish("\xF4\x90\x80\x80"), "    ");  // above U+10FFFF
    EXPECT_EQ(FoldTurkish("\xE2\x82"
                          "x"),
              "  x");  // truncated three-byte sequence
}

TEST(FoldTurkish, EmptyInputGivesEmptyOutput) { EXPECT_EQ(FoldTurkish(""), ""); }

TEST(FoldTurkish, FoldingIsIdempotent) {
    const std::string once = FoldTurkish("ŞEHİR MERKEZİNDE ÇUKUR VAR, ĞÜÖÇ Ä");
    EXPECT_EQ(FoldTurkish(once), once);
}

TEST(FoldTurkish, OutputIsValidAsciiForTurkishInput) {
    const std::string folded = FoldTurkish("Ağaç devrildi, yol kapandı. Işıklar yanmıyor; ÜSKÜDAR İSKELESİ");
    for (char c : folded) {
        EXPECT_LT(static_cast<unsigned char>(c), 0x80);
    }
}

TEST(FoldedTokens, SplitsOnSpacesAndPunctuation) {
    EXPECT_THAT(FoldedTokens("Çöp toplanmadı!"), ElementsAre("cop", "toplanmadi"));
    EXPECT_THAT(FoldedTokens("Atakum'da, 3. Sokak-ta"), ElementsAre("atakum", "da", "3", "sokak", "ta"));
}

TEST(FoldedTokens, TypographicPunctuationSeparates) {
    EXPECT_THAT(FoldedTokens("Samsun’da “çukur”…yol"), ElementsAre("samsun", "da", "cukur", "yol"));
    EXPECT_THAT(FoldedTokens("su\xC2\xA0"
                             "yok"),
                ElementsAre("su", "yok"));
}

TEST(FoldedTokens, KeepsDigitsAndOtherScriptsInTokens) {
    EXPECT_THAT(FoldedTokens("A-101 Привет"), ElementsAre("a", "101", "Привет"));
}

TEST(FoldedTokens, InvalidBytesSeparate) { EXPECT_THAT(FoldedTokens("su\xFFyok"), ElementsAre("su", "yok")); }

TEST(FoldedTokens, EmptyAndPunctuationOnlyGiveNoTokens) {
    EXPECT_THAT(FoldedTokens(""), IsEmpty());
    EXPECT_THAT(FoldedTokens(" ,.;!? — "), IsEmpty());
}

}  // namespace
}  // namespace alo153::core
