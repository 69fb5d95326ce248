// IsValidUtf8 and CleanText guard every free-text field received from outside. Checks: IsValidUtf8 agrees with
// an independent decoder; CleanText's successes are valid UTF-8, free of forbidden control characters, trimmed,
// within the length limit, non-empty when required, and unchanged when cleaned again; its failures are
// validation errors on the field.
//
// Input: byte 0 picks the limit (0..127 code points) and whether the field is required; the rest is the text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/utf8.hpp"
#include "core/validation.hpp"
#include "fuzz_check.hpp"
#include "utf8_reference.hpp"

namespace {

bool IsSpaceCodePoint(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace alo153::core;
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    FUZZ_CHECK(IsValidUtf8(all) == alo153::fuzz::ReferenceValidUtf8(all));
    if (size == 0) {
        return 0;
    }
    const std::size_t max_chars = data[0] & 0x7Fu;
    const bool required = (data[0] & 0x80u) != 0;
    const std::string_view input = all.substr(1);
    const bool valid = IsValidUtf8(input);
    FUZZ_CHECK(valid == alo153::fuzz::ReferenceValidUtf8(input));

    const auto cleaned = CleanText(input, "description", max_chars, required);
    if (!cleaned) {
        FUZZ_CHECK(cleaned.error().code == ErrorCode::kValidation);
        FUZZ_CHECK(cleaned.error().field == "description");
        return 0;
    }
    const std::string& text = *cleaned;
    FUZZ_CHECK(valid);
    FUZZ_CHECK(IsValidUtf8(text));
    FUZZ_CHECK(input.find(text) != std::string_view::npos);
    FUZZ_CHECK(CodePointCount(text) <= max_chars);
    FUZZ_CHECK(!required || !text.empty());
    std::size_t pos = 0;
    bool first = true;
    char32_t last = 0;
    while (pos < text.size()) {
        const Utf8Step step = DecodeUtf8At(text, pos);
        FUZZ_CHECK(step.length > 0);
        const char32_t cp = step.code_point;
        FUZZ_CHECK(cp == '\n' || cp == '\r' || cp == '\t' || !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)));
        FUZZ_CHECK(!(first && IsSpaceCodePoint(cp)));
        first = false;
        last = cp;
        pos += step.length;
    }
    FUZZ_CHECK(text.empty() || !IsSpaceCodePoint(last));

    const auto again = CleanText(text, "description", max_chars, required);
    FUZZ_CHECK(again && *again == text);
    return 0;
}
