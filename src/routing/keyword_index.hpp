#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "routing/catalog.hpp"

namespace alo153::routing {

/// The catalog's keywords as evidence (cold start): every active category's `keywords` ('|'-separated words
/// and phrases, several spellings), folded like the text. A category added by an administrator today is
/// found today, before any request has been filed under it.
///
/// A phrase matches where its words follow each other in the text; a keyword word of four letters or more
/// also matches as the start of a word ("çukur" finds "çukurlar", "cukurdan"), as Turkish adds suffixes, and
/// one of three letters with a suffix of up to three ("çöp" finds "çöpler").
class KeywordIndex {
  public:
    explicit KeywordIndex(const Catalog& catalog);

    /// Evidence for each active sub-category in `words` (a ClassifierText split at spaces): the sum of the
    /// lengths in words of its phrases found, plus a smaller share of its top-level category's phrases.
    /// Only categories with some evidence are returned, unordered.
    std::unordered_map<std::string, double> Match(const std::vector<std::string>& words) const;

  private:
    struct Phrase {
        std::vector<std::string> words;
        std::string category;  ///< a sub-category, or a top-level code (then spread over its sub-categories)
        bool top_level = false;
    };
    std::vector<Phrase> phrases_;
    /// Phrases whose first word is short (it must match a text word exactly), by that word ...
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_word_;
    /// ... and phrases whose first word may match as a prefix, by its first three bytes.
    std::unordered_map<std::string, std::vector<std::size_t>> by_prefix_;
    std::unordered_map<std::string, std::vector<std::string>> children_;  ///< active sub-categories per top
};

/// Whether text word `word` matches keyword word `keyword` (equal, or a prefix: see KeywordIndex).
bool KeywordWordMatches(const std::string& word, const std::string& keyword);

}  // namespace alo153::routing
