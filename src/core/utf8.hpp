#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace alo153::core {

/// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). The one
/// validator of the tree: JSON bodies, form fields, query strings and free text all go through it.
bool IsValidUtf8(std::string_view text);

/// One step of UTF-8 decoding: the code point found at a position and how many bytes it took.
/// `length == 0` means the byte at that position does not start a valid sequence.
struct Utf8Step {
    char32_t code_point = 0;
    std::size_t length = 0;
};

namespace utf8_detail {

/// Per lead byte: sequence length (0 = invalid lead) and the allowed range of the second byte. The narrowed
/// second-byte ranges are what reject overlong forms, UTF-16 surrogates and code points above U+10FFFF
/// (Unicode 15, table 3-7), so a sequence that passes here is well-formed by the standard.
struct LeadInfo {
    std::uint8_t length;
    std::uint8_t second_min;
    std::uint8_t second_max;
};

constexpr std::array<LeadInfo, 256> MakeLeadTable() {
    std::array<LeadInfo, 256> table{};
    for (int b = 0x00; b <= 0x7F; ++b) table[b] = {1, 0, 0};
    for (int b = 0xC2; b <= 0xDF; ++b) table[b] = {2, 0x80, 0xBF};
    table[0xE0] = {3, 0xA0, 0xBF};
    for (int b = 0xE1; b <= 0xEC; ++b) table[b] = {3, 0x80, 0xBF};
    table[0xED] = {3, 0x80, 0x9F};
    table[0xEE] = {3, 0x80, 0xBF};
    table[0xEF] = {3, 0x80, 0xBF};
    table[0xF0] = {4, 0x90, 0xBF};
    for (int b = 0xF1; b <= 0xF3; ++b) table[b] = {4, 0x80, 0xBF};
    table[0xF4] = {4, 0x80, 0x8F};
    return table;
}

inline constexpr std::array<LeadInfo, 256> kLeadTable = MakeLeadTable();

}  // namespace utf8_detail

/// Decodes the code point that starts at `pos` (which must be < text.size()). Hand-written rather than taken
/// from a library because it sits on the hot path of search folding and input validation, and must behave the
/// same on every platform. Returns length 0 for a byte that does not begin a well-formed sequence (a stray
/// continuation byte, an overlong form, a surrogate, a truncated sequence, a value above U+10FFFF).
inline Utf8Step DecodeUtf8At(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const utf8_detail::LeadInfo info = utf8_detail::kLeadTable[lead];
    if (info.length == 1) {
        return {lead, 1};
    }
    if (info.length == 0 || text.size() - pos < info.length) {
        return {};
    }
    const auto second = static_cast<unsigned char>(text[pos + 1]);
    if (second < info.second_min || second > info.second_max) {
        return {};
    }
    char32_t cp = lead & (0xFFu >> (info.length + 1));
    cp = (cp << 6) | (second & 0x3Fu);
    for (std::size_t i = 2; i < info.length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if ((next & 0xC0u) != 0x80u) {
            return {};
        }
        cp = (cp << 6) | (next & 0x3Fu);
    }
    return {cp, info.length};
}

/// Appends the UTF-8 encoding of `cp` (a valid scalar value) to `out`.
inline void AppendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

}  // namespace alo153::core
