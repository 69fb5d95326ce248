#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace alo153::core {
namespace {

TEST(IsValidUtf8, AcceptsAsciiTurkishAndAstralText) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("Çöp toplanmadı, İSKELE"));
    EXPECT_TRUE(IsValidUtf8("東京 😀"));
    EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(IsValidUtf8, RejectsMalformedSequences) {
    EXPECT_FALSE(IsValidUtf8("\xFF"));
    EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation byte
    EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
    EXPECT_FALSE(IsValidUtf8("\xC3("));             // bad continuation
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong three-byte
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(IsValidUtf8("\xE2\x82\x28"));      // bad third byte
    EXPECT_FALSE(IsValidUtf8("ok\xF0\x9F\x98"));    // truncated emoji at the end
}

TEST(IsValidUtf8, RejectsWhatTheOpen311FormRejected) {
    EXPECT_TRUE(IsValidUtf8("Çöp toplanmadı — İlkadım 🚮"));
    EXPECT_FALSE(IsValidUtf8("\xe2\x82"));  // truncated
}

}  // namespace
}  // namespace alo153::core
