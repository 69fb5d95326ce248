// The text search of requests and articles: folded words as a tsquery.
#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {

std::string PrefixQuery(const std::vector<std::string>& words) {
    // Written in tsquery's own input syntax and cast (`$n::tsquery`), not passed through to_tsquery: the
    // indexed lexemes are the application's folded words exactly (0001_initial.sql), so the query words must
    // not be parsed or normalised again either. Inside quotes, a quote is doubled and a backslash escaped.
    std::string query;
    for (const auto& word : words) {
        if (word.empty()) {
            continue;
        }
        query += query.empty() ? "'" : " & '";
        for (char c : word) {
            if (c == '\'' || c == '\\') {
                query += c == '\'' ? '\'' : '\\';
            }
            query += c;
        }
        query += "':*";
    }
    return query;
}

}  // namespace alo153::storage::postgres
