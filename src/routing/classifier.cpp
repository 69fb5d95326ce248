#include "routing/classifier.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>
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

    // The model's probabilities, as P(top-level) x P(sub-category | top-level): a top-level category's mass
    // is its own label's probability plus its sub-categories' (see TrainOptions::also_top_level).
    std::unordered_map<std::string, double> scores;
    double model_total = 0;
    if (model != nullptr) {
        std::unordered_map<std::string, double> top_mass;
        std::unordered_map<std::string, double> sub_mass;
        std::unordered_map<std::string, double> sub_p;
        for (auto& p : model->Predict(folded, static_cast<int>(model->Labels().size()))) {
            const core::Category* c = catalog.FindCategory(p.category);
            if (c == nullptr || !c->active) {
                continue;
            }
            if (c->IsTopLevel()) {
                top_mass[c->code] += p.score;
            } else if (usable(c->code)) {
                top_mass[c->parent] += p.score;
                sub_mass[c->parent] += p.score;
                sub_p[c->code] = p.score;
            }
        }
        for (const auto& [top_code, mass] : top_mass) {
            model_total += mass;
        }
        for (const auto& [code, p] : sub_p) {
            const std::string& parent = catalog.FindCategory(code)->parent;
            scores[code] = top_mass[parent] * (p / sub_mass[parent]);
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

    // Ranked so that the first suggestions cover the likeliest top-level categories (which decide the unit):
    // the best sub-category of a top-level category ranks by the whole category's score, any other by its own.
    std::unordered_map<std::string, double> top_score;
    std::unordered_map<std::string, std::string> best_of_top;
    for (const auto& [code, score] : scores) {
        const std::string& parent = catalog.FindCategory(code)->parent;
        top_score[parent] += score;
        auto& best = best_of_top[parent];
        if (best.empty() || score > scores[best] || (score == scores[best] && code < best)) {
            best = code;
        }
    }
    std::vector<std::tuple<double, double, std::string>> ranked;  // (rank key, score, code)
    for (const auto& [code, score] : scores) {
        const std::string& parent = catalog.FindCategory(code)->parent;
        ranked.emplace_back(best_of_top[parent] == code ? top_score[parent] : score, score, code);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) {
            return std::get<0>(a) > std::get<0>(b);
        }
        return std::get<2>(a) < std::get<2>(b);
    });
    if (ranked.size() > static_cast<std::size_t>(top)) {
        ranked.resize(static_cast<std::size_t>(top));
    }
    for (const auto& [key, score, code] : ranked) {
        const core::Category* c = catalog.FindCategory(code);
        const core::Category* parent = catalog.FindCategory(c->parent);
        Suggestion s{
            .category = c->code, .name = c->name_tr, .top = parent->code, .top_name = parent->name_tr, .score = score};
        if (auto decision = Route(catalog, {code, district}); decision.ok()) {
            s.unit = decision->unit;
        }
        out.items.push_back(std::move(s));
    }
    // Confidence is judged at the top level: "SU, but which kind?" is still a confident routing.
    const double best = ranked.empty() ? 0.0 : std::get<0>(ranked.front());
    const bool foreign = has_model && evidence_total == 0 && model->KnownWordShare(folded) < tuning.min_known_words;
    out.low_confidence = out.items.empty() || best < tuning.low_confidence_below || foreign;
    return out;
}

}  // namespace alo153::routing
