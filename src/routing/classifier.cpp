#include "routing/classifier.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "routing/rule_engine.hpp"

namespace alo153::routing {

std::string_view ToCode(SuggestionSource source) {
    switch (source) {
        case SuggestionSource::kModel:
            return "model";
        case SuggestionSource::kKeywords:
            return "keywords";
        case SuggestionSource::kNone:
            break;
    }
    return "none";
}

Suggestions Suggest(const Catalog& catalog, const KeywordIndex& keywords, const ClassifierModel* model,
                    std::string_view text, const std::string& district, int top, const ClassifierTuning& tuning) {
    Suggestions out;
    const std::string folded = ClassifierText(text);
    std::vector<std::string> words;
    {
        std::istringstream in(folded);
        for (std::string w; in >> w;) {
            words.push_back(std::move(w));
        }
    }
    if (words.empty() || top <= 0) {
        return out;
    }
    auto usable = [&](const std::string& code) {
        const core::Category* c = catalog.FindCategory(code);
        if (c == nullptr || !c->active || c->IsTopLevel()) {
            return false;
        }
        const core::Category* parent = catalog.FindCategory(c->parent);
        return parent != nullptr && parent->active;
    };

    std::unordered_map<std::string, double> scores;
    double model_total = 0;
    if (model != nullptr) {
        for (auto& p : model->Predict(folded, static_cast<int>(model->Labels().size()))) {
            if (usable(p.category)) {
                model_total += p.score;
                scores[p.category] = p.score;
            }
        }
    }
    auto evidence = keywords.Match(words);
    double evidence_total = 0;
    for (const auto& [code, w] : evidence) {
        evidence_total += usable(code) ? w : 0.0;
    }
    const bool has_model = model_total > 0;
    if (has_model) {
        // Renormalised over the categories that may be suggested (a deactivated one drops out).
        const double w = evidence_total > 0 ? tuning.keyword_weight : 0.0;
        for (auto& [code, s] : scores) {
            s = (1 - w) * s / model_total;
        }
        for (const auto& [code, e] : evidence) {
            if (usable(code)) {
                scores[code] += w * e / evidence_total;
            }
        }
        out.source = SuggestionSource::kModel;
    } else if (evidence_total > 0) {
        for (const auto& [code, e] : evidence) {
            if (usable(code)) {
                scores[code] = e / evidence_total;
            }
        }
        out.source = SuggestionSource::kKeywords;
    } else {
        return out;
    }

    std::vector<std::pair<std::string, double>> ranked(scores.begin(), scores.end());
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (ranked.size() > static_cast<std::size_t>(top)) {
        ranked.resize(static_cast<std::size_t>(top));
    }
    for (const auto& [code, score] : ranked) {
        const core::Category* c = catalog.FindCategory(code);
        const core::Category* parent = catalog.FindCategory(c->parent);
        Suggestion s{.category = c->code, .name = c->name_tr, .top = parent->code, .top_name = parent->name_tr,
                     .score = score};
        if (auto decision = Route(catalog, {code, district}); decision.ok()) {
            s.unit = decision->unit;
        }
        out.items.push_back(std::move(s));
    }
    const double best = out.items.empty() ? 0.0 : out.items.front().score;
    const bool foreign = has_model && evidence_total == 0 && model->KnownWordShare(folded) < tuning.min_known_words;
    out.low_confidence = out.items.empty() || best < tuning.low_confidence_below || foreign;
    return out;
}

}  // namespace alo153::routing
