#pragma once

#include <string>
#include <vector>

namespace alo153::storage::sqlite {

/// The FTS5 MATCH expression for search words: each word quoted (so that FTS5 operators in user input stay
/// plain words) as a prefix term, all required: `"su"* "boru"*`. Empty words are skipped; no words gives "".
std::string FtsMatch(const std::vector<std::string>& words);

}  // namespace alo153::storage::sqlite
