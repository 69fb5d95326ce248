#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "routing/catalog.hpp"
#include "routing/classifier_model.hpp"
#include "routing/keyword_index.hpp"

namespace alo153::routing {

/// Where suggestions came from: the trained model (with the catalog's keywords), the keywords alone (no model
/// loaded), or nowhere (nothing in the text to go by).
enum class SuggestionSource { kModel, kKeywords, kNone };
std::string_view ToCode(SuggestionSource source);

/// One suggested sub-category with what follows from it: its top-level category and the unit routing would
/// choose (empty when that depends on a district that was not given, as for ATIK).
struct Suggestion {
    std::string category;
    std::string name;
    std::string top;
    std::string top_name;
    std::string unit;
    double score = 0;
};

struct Suggestions {
    std::vector<Suggestion> items;  ///< most likely first
    bool low_confidence = true;     ///< too little to go by: show, but do not preselect
    SuggestionSource source = SuggestionSource::kNone;
};

/// How model and keyword evidence are combined; the defaults were chosen by cross-validation on the training
/// corpus (docs/classifier.md), never on the held-out file.
struct ClassifierTuning {
    double keyword_weight = 0.3;         ///< share of the keyword evidence when a keyword was found
    double low_confidence_below = 0.35;  ///< a best score under this is flagged low-confidence
    double min_known_words = 0.34;       ///< fewer known words (another language?) and no keyword: low-confidence
};

/// Suggests sub-categories for a citizen's or an agent's text: the model's probabilities over the active
/// sub-categories, mixed with the catalog's keyword evidence (so that a category without training text can
/// still be suggested), ranked, cut to `top`. `model` may be null: keywords only. Never fails: text with no
/// words gives no suggestions.
Suggestions Suggest(const Catalog& catalog, const KeywordIndex& keywords, const ClassifierModel* model,
                    std::string_view text, const std::string& district, int top, const ClassifierTuning& tuning = {});

}  // namespace alo153::routing
