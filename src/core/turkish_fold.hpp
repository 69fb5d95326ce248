#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace alo153::core {

/// Folds text for matching: lower-cases the Turkish way and strips diacritics down to ASCII, so that
/// "cop toplanmadi" and "ÇÖP TOPLANMADI" both match "Çöp toplanmadı". This is the one folding function used by
/// the search index, the queries and the classifier; anything that compares folded text must use it.
///
/// İ, I, ı → i; Ş/ş → s; Ğ/ğ → g; Ç/ç → c; Ö/ö → o; Ü/ü → u; Â/Î/Û → a/i/u; the other letters of Latin-1 and
/// Latin Extended-A (é, ñ, ä, ł, ...) → their base letter (ß → ss, æ → ae, œ → oe); combining accents are
/// dropped; a no-break space becomes a space. Other code points are copied unchanged. Each byte that is not
/// part of well-formed UTF-8 becomes a space, so folding never fails and never emits invalid UTF-8.
std::string FoldTurkish(std::string_view utf8);

/// Folds `utf8` and splits it into tokens of letters and digits. ASCII punctuation, spaces, Latin-1 and general
/// punctuation (’ “ ” – …) and symbols separate tokens, so "Samsun'da" gives {"samsun", "da"}. Code points that
/// are kept unchanged by folding (Cyrillic, Greek, ...) count as letters.
std::vector<std::string> FoldedTokens(std::string_view utf8);

/// The text to put in a full-text index: FoldedTokens joined by spaces, so that the index and the queries
/// (built from FoldedTokens too) split words in exactly the same places.
std::string FoldForIndex(std::string_view utf8);

}  // namespace alo153::core
