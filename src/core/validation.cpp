#include "core/validation.hpp"

#include <cmath>

#include "core/utf8.hpp"

namespace alo153::core {
namespace {

bool IsAllowedControl(char32_t cp) { return cp == '\n' || cp == '\r' || cp == '\t'; }

/// C0 controls, DEL and C1 controls: invisible, and able to break logs, CSV exports and terminals.
bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool IsTrimmedSpace(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/// The length in bytes of the code point that ends at `end` (exclusive) in valid UTF-8.
std::size_t LastCodePointLength(std::string_view text, std::size_t end) {
    std::size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0u) == 0x80u) --start;
    return end - start;
}

Error FieldError(std::string_view field, std::string sentence_tail) {
    return MakeError(ErrorCode::kValidation, "'" + std::string(field) + "' " + std::move(sentence_tail),
                     std::string(field));
}

}  // namespace

std::size_t CodePointCount(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) {
        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++count;
    }
    return count;
}

bool IsInTurkey(double lat, double lon) {
    return std::isfinite(lat) && std::isfinite(lon) && lat >= 35.80 && lat <= 42.20 && lon >= 25.60 && lon <= 44.90;
}

Result<std::string> CleanText(std::string_view input, std::string_view field, std::size_t max_chars, bool required) {
    std::size_t pos = 0;
    while (pos < input.size()) {
        const Utf8Step step = DecodeUtf8At(input, pos);
        if (step.length == 0) {
            return FieldError(field, "alanı geçersiz karakter kodlaması içeriyor (UTF-8 bekleniyor).");
        }
        if (IsControl(step.code_point) && !IsAllowedControl(step.code_point)) {
            return FieldError(field, "alanı izin verilmeyen bir kontrol karakteri içeriyor.");
        }
        pos += step.length;
    }

    std::size_t begin = 0;
    while (begin < input.size()) {
        const Utf8Step step = DecodeUtf8At(input, begin);
        if (!IsTrimmedSpace(step.code_point)) break;
        begin += step.length;
    }
    std::size_t end = input.size();
    while (end > begin) {
        const std::size_t len = LastCodePointLength(input, end);
        if (!IsTrimmedSpace(DecodeUtf8At(input, end - len).code_point)) break;
        end -= len;
    }
    const std::string_view trimmed = input.substr(begin, end - begin);

    if (trimmed.empty() && required) {
        return FieldError(field, "alanı zorunludur.");
    }
    if (CodePointCount(trimmed) > max_chars) {
        return FieldError(field, "alanı en fazla " + std::to_string(max_chars) + " karakter olabilir.");
    }
    return std::string(trimmed);
}

}  // namespace alo153::core
