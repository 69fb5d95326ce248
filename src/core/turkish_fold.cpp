#include "core/turkish_fold.hpp"

#include <array>
#include <cstdint>

#include "core/utf8.hpp"

// Why no ICU: this runs for every indexed text, every query and every classification, so it has to be cheap
// (a table look-up per code point, no allocation beyond the output); it must give byte-identical output on every
// machine and in every database, whatever ICU version is installed, because folded text is stored and compared
// later; and ICU's Turkish lower-casing keeps the diacritics (Ş becomes ş, not s), which is the opposite of what
// search needs. The table below covers every Latin letter a citizen of Turkey is likely to type.

namespace alo153::core {
namespace {

/// The ASCII replacement of one code point: up to two characters; length 0 = not in the table.
struct Replacement {
    std::array<char, 2> chars{};
    std::uint8_t length = 0;
};

struct Range {
    char32_t first;
    char32_t last;
    const char* replacement;
};

constexpr char32_t kTableBegin = 0x00A0;
constexpr char32_t kTableEnd = 0x0220;  // covers Latin-1 Supplement, Latin Extended-A and Ș ș Ț ț

// Capitals and small letters alike, since folding also lower-cases.
constexpr auto kRanges = std::to_array<Range>({
    {0x00A0, 0x00A0, " "},  {0x00C0, 0x00C5, "a"},  {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"},
    {0x00C8, 0x00CB, "e"},  {0x00CC, 0x00CF, "i"},  {0x00D0, 0x00D0, "d"},  {0x00D1, 0x00D1, "n"},
    {0x00D2, 0x00D6, "o"},  {0x00D8, 0x00D8, "o"},  {0x00D9, 0x00DC, "u"},  {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"}, {0x00DF, 0x00DF, "ss"}, {0x00E0, 0x00E5, "a"},  {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"},  {0x00E8, 0x00EB, "e"},  {0x00EC, 0x00EF, "i"},  {0x00F0, 0x00F0, "d"},
    {0x00F1, 0x00F1, "n"},  {0x00F2, 0x00F6, "o"},  {0x00F8, 0x00F8, "o"},  {0x00F9, 0x00FC, "u"},
    {0x00FD, 0x00FD, "y"},  {0x00FE, 0x00FE, "th"}, {0x00FF, 0x00FF, "y"},  {0x0100, 0x0105, "a"},
    {0x0106, 0x010D, "c"},  {0x010E, 0x0111, "d"},  {0x0112, 0x011B, "e"},  {0x011C, 0x0123, "g"},
    {0x0124, 0x0127, "h"},  {0x0128, 0x0131, "i"},  {0x0132, 0x0133, "ij"}, {0x0134, 0x0135, "j"},
    {0x0136, 0x0138, "k"},  {0x0139, 0x0142, "l"},  {0x0143, 0x014B, "n"},  {0x014C, 0x0151, "o"},
    {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},  {0x015A, 0x0161, "s"},  {0x0162, 0x0167, "t"},
    {0x0168, 0x0173, "u"},  {0x0174, 0x0175, "w"},  {0x0176, 0x0178, "y"},  {0x0179, 0x017E, "z"},
    {0x017F, 0x017F, "s"},  {0x0218, 0x0219, "s"},  {0x021A, 0x021B, "t"},
});

constexpr std::array<Replacement, kTableEnd - kTableBegin> MakeTable() {
    std::array<Replacement, kTableEnd - kTableBegin> table{};
    for (const Range& r : kRanges) {
        for (char32_t cp = r.first; cp <= r.last; ++cp) {
            Replacement& rep = table[cp - kTableBegin];
            rep.length = 0;
            for (const char* p = r.replacement; *p != '\0'; ++p) {
                rep.chars[rep.length++] = *p;
            }
        }
    }
    return table;
}

constexpr std::array<Replacement, kTableEnd - kTableBegin> kTable = MakeTable();

bool IsCombiningMark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

bool IsAsciiAlnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Whether a code point that folding copies unchanged separates tokens. Without Unicode property tables this
/// is an approximation: the punctuation and symbol blocks people actually paste (typographic quotes and
/// apostrophes, dashes, ellipsis, arrows, emoji, CJK punctuation, variation selectors, BOM) separate; the rest
/// (letters of other scripts) count as letters.
bool IsSeparatorCodePoint(char32_t cp) {
    return (cp >= 0x0080 && cp <= 0x00BF) || cp == 0x00D7 || cp == 0x00F7 || (cp >= 0x02B0 && cp <= 0x02FF) ||
           (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0xFEFF || (cp >= 0xFF00 && cp <= 0xFF0F) ||
           (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xE0000);
}

/// Walks `text` once and hands each folded piece to `emit(piece, is_word)`: `is_word` is false for pieces that
/// separate tokens. FoldTurkish and FoldedTokens share this walk so that they can never disagree.
template <typename Emit>
void FoldWalk(std::string_view text, Emit&& emit) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {
            // ASCII capitals: I folds to i too (Turkish reads it as ı, which folds to i as well).
            const char lower = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
            emit(std::string_view(&lower, 1), IsAsciiAlnum(byte));
            ++pos;
            continue;
        }
        const Utf8Step step = DecodeUtf8At(text, pos);
        if (step.length == 0) {
            emit(std::string_view(" ", 1), false);  // one space per invalid byte
            ++pos;
            continue;
        }
        const char32_t cp = step.code_point;
        if (cp >= kTableBegin && cp < kTableEnd && kTable[cp - kTableBegin].length > 0) {
            const Replacement& rep = kTable[cp - kTableBegin];
            emit(std::string_view(rep.chars.data(), rep.length), rep.chars[0] != ' ');
        } else if (!IsCombiningMark(cp)) {
            // A combining accent (decomposed "s" + U+0327) is dropped: its base letter was already emitted.
            emit(text.substr(pos, step.length), !IsSeparatorCodePoint(cp));
        }
        pos += step.length;
    }
}

}  // namespace

std::string FoldTurkish(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    FoldWalk(utf8, [&out](std::string_view piece, bool /*is_word*/) { out.append(piece); });
    return out;
}

std::vector<std::string> FoldedTokens(std::string_view utf8) {
    std::vector<std::string> tokens;
    std::string current;
    FoldWalk(utf8, [&](std::string_view piece, bool is_word) {
        if (is_word) {
            current.append(piece);
        } else if (!current.empty()) {
            tokens.push_back(std::move(current));
            current.clear();
        }
    });
    if (!current.empty()) {
        tokens.push_back(std::move(current));
    }
    return tokens;
}

std::string FoldForIndex(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (const auto& token : FoldedTokens(utf8)) {
        if (!out.empty()) {
            out += ' ';
        }
        out += token;
    }
    return out;
}

}  // namespace alo153::core
