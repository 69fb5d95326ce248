// The classifier's input is anyone's text (POST /api/v1/classify needs no login), and `classify eval` parses
// files. Checks: no crash; the classifier's text is valid UTF-8 of letters, digits and single spaces, within
// the size limit and stable when folded again; keyword-only suggestions are active sub-categories with scores
// in (0, 1] summing to at most 1; the ASCII look-alike text is valid UTF-8 without ASCII capitals; the eval
// parser either fails or returns examples with at least one code and a text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "routing/classifier.hpp"
#include "routing/classifier_eval.hpp"
#include "utf8_reference.hpp"

namespace {

const alo153::routing::Catalog& SmallCatalog() {
    static const alo153::routing::Catalog catalog(
        {{.code = "SASKI"}, {.code = "FEN"}, {.code = "ILCE_ATAKUM", .district = "ATAKUM"}},
        {{.code = "SU", .unit = "SASKI", .keywords = "su|saski"},
         {.code = "SU.ARIZA", .parent = "SU", .keywords = "boru patladı|su kaçağı|arıza"},
         {.code = "YOL", .unit = "FEN", .keywords = "yol|asfalt"},
         {.code = "YOL.CUKUR", .parent = "YOL", .keywords = "çukur|asfalt bozuk|çök"},
         {.code = "ATIK", .unit = "@district", .keywords = "çöp"},
         {.code = "ATIK.TOPLANMADI", .parent = "ATIK", .keywords = "çöp toplanmadı|||  |"},
         {.code = "ATIK.ESKI", .parent = "ATIK", .keywords = "eski", .active = false}},
        {{"ATAKUM", "Atakum", 41.33, 36.27}}, {}, {});
    return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::routing;

    const std::string text = ClassifierText(input);
    FUZZ_CHECK(alo153::fuzz::ReferenceValidUtf8(text));
    FUZZ_CHECK(text.size() <= 4 * kMaxClassifiedBytes);
    FUZZ_CHECK(text.empty() || (text.front() != ' ' && text.back() != ' '));
    FUZZ_CHECK(text.find("  ") == std::string::npos);
    FUZZ_CHECK(ClassifierText(text) == text);

    static const KeywordIndex keywords(SmallCatalog());
    const Suggestions s = Suggest(SmallCatalog(), keywords, nullptr, input, size % 2 ? "ATAKUM" : "", 3);
    FUZZ_CHECK(s.items.size() <= 3);
    FUZZ_CHECK(s.items.empty() == (s.source == SuggestionSource::kNone));
    double sum = 0;
    for (const auto& item : s.items) {
        FUZZ_CHECK(item.score > 0 && item.score <= 1.0 + 1e-9);
        FUZZ_CHECK(item.category != "ATIK.ESKI");
        FUZZ_CHECK(item.category.rfind(item.top + ".", 0) == 0);
        sum += item.score;
    }
    FUZZ_CHECK(sum <= 1.0 + 1e-9);

    const std::string ascii = AsciiLookalikeLower(input);
    FUZZ_CHECK(alo153::fuzz::ReferenceValidUtf8(ascii));
    for (char c : ascii) {
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    }

    auto parsed = ParseEvalFile(input);
    if (parsed.ok()) {
        for (const auto& e : *parsed) {
            FUZZ_CHECK(!e.accepted.empty() && !e.text.empty());
            for (const auto& code : e.accepted) {
                FUZZ_CHECK(!code.empty() && code.find('|') == std::string::npos);
            }
        }
    }
    return 0;
}
