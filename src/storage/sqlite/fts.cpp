#include "storage/sqlite/fts.hpp"

namespace alo153::storage::sqlite {

std::string FtsMatch(const std::vector<std::string>& words) {
    std::string query;
    for (const auto& word : words) {
        if (word.empty()) {
            continue;
        }
        query += query.empty() ? "\"" : " \"";
        for (char c : word) {
            query += c;
            if (c == '"') {
                query += '"';  // a quote inside an FTS5 string is written twice
            }
        }
        query += "\"*";
    }
    return query;
}

}  // namespace alo153::storage::sqlite
