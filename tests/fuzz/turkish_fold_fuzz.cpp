// FoldTurkish and FoldedTokens run on every indexed text and every search. Checks: no crash; the output is
// valid UTF-8 whatever the input (as documented); folding is idempotent and never leaves an ASCII capital;
// tokens are non-empty, hold no ASCII punctuation or space, and are the same for the text and its folding
// (the index folds before it tokenises, the query tokenises the raw text).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/turkish_fold.hpp"
#include "fuzz_check.hpp"
#include "utf8_reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::core;

    const std::string folded = FoldTurkish(input);
    FUZZ_CHECK(alo153::fuzz::ReferenceValidUtf8(folded));
    FUZZ_CHECK(FoldTurkish(folded) == folded);
    for (char c : folded) {
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    }

    const std::vector<std::string> tokens = FoldedTokens(input);
    for (const std::string& token : tokens) {
        FUZZ_CHECK(!token.empty());
        FUZZ_CHECK(alo153::fuzz::ReferenceValidUtf8(token));
        for (char c : token) {
            const auto b = static_cast<unsigned char>(c);
            FUZZ_CHECK(b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'));
        }
        FUZZ_CHECK(folded.find(token) != std::string::npos);
    }
    FUZZ_CHECK(FoldedTokens(folded) == tokens);
    return 0;
}
