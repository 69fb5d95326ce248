#include "routing/keyword_index.hpp"

#include <unordered_set>

#include "core/turkish_fold.hpp"

namespace alo153::routing {
namespace {

/// Share of a top-level phrase's weight given to its sub-categories: "su" says SU, not which kind of SU.
constexpr double kTopLevelShare = 0.3;
constexpr std::size_t kMinPrefixLength = 4;

}  // namespace

bool KeywordWordMatches(const std::string& word, const std::string& keyword) {
    if (word.size() < keyword.size()) {
        return false;
    }
    if (word.size() == keyword.size()) {
        return word == keyword;
    }
    if (word.compare(0, keyword.size(), keyword) != 0) {
        return false;
    }
    // Four letters or more: any suffix ("cukur" → "cukurlardan"). Three: a short one ("cop" → "copler", "copu"),
    // so that "kar" does not find "karar". Shorter keywords ("su") only match whole words.
    return keyword.size() >= kMinPrefixLength || (keyword.size() == 3 && word.size() <= keyword.size() + 3);
}

KeywordIndex::KeywordIndex(const Catalog& catalog) {
    for (const auto& c : catalog.Categories()) {
        if (!c.active) {
            continue;
        }
        if (!c.IsTopLevel()) {
            const core::Category* top = catalog.FindCategory(c.parent);
            if (top == nullptr || !top->active) {
                continue;
            }
            children_[c.parent].push_back(c.code);
        }
        std::unordered_set<std::string> seen;  // "kaldırım" and "kaldirim" fold to one phrase
        std::size_t start = 0;
        while (start <= c.keywords.size()) {
            std::size_t bar = c.keywords.find('|', start);
            if (bar == std::string::npos) {
                bar = c.keywords.size();
            }
            auto words = core::FoldedTokens(std::string_view(c.keywords).substr(start, bar - start));
            start = bar + 1;
            if (words.empty()) {
                continue;
            }
            std::string key;
            for (const auto& w : words) {
                key += w + ' ';
            }
            if (!seen.insert(key).second) {
                continue;
            }
            std::size_t index = phrases_.size();
            phrases_.push_back({words, c.code, c.IsTopLevel()});
            if (words.front().size() >= 3) {
                by_prefix_[words.front().substr(0, 3)].push_back(index);
            } else {
                by_first_word_[words.front()].push_back(index);
            }
        }
    }
}

std::unordered_map<std::string, double> KeywordIndex::Match(const std::vector<std::string>& words) const {
    std::unordered_map<std::string, double> sub;
    std::unordered_map<std::string, double> top;
    std::unordered_set<std::size_t> found;  // each phrase counts once, however often it is repeated
    auto try_phrase = [&](std::size_t p, std::size_t at) {
        const Phrase& phrase = phrases_[p];
        if (found.count(p) != 0 || at + phrase.words.size() > words.size()) {
            return;
        }
        for (std::size_t j = 0; j < phrase.words.size(); ++j) {
            if (!KeywordWordMatches(words[at + j], phrase.words[j])) {
                return;
            }
        }
        found.insert(p);
        (phrase.top_level ? top : sub)[phrase.category] += static_cast<double>(phrase.words.size());
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (auto it = by_first_word_.find(words[i]); it != by_first_word_.end()) {
            for (std::size_t p : it->second) {
                try_phrase(p, i);
            }
        }
        if (words[i].size() >= 3) {
            if (auto it = by_prefix_.find(words[i].substr(0, 3)); it != by_prefix_.end()) {
                for (std::size_t p : it->second) {
                    try_phrase(p, i);
                }
            }
        }
    }
    for (const auto& [code, weight] : top) {
        auto it = children_.find(code);
        if (it == children_.end()) {
            continue;
        }
        for (const auto& child : it->second) {
            sub[child] += kTopLevelShare * weight;
        }
    }
    return sub;
}

}  // namespace alo153::routing
