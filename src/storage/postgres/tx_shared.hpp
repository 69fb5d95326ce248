#pragma once

// What the PostgreSQL Tx files (tx_<aggregate>.cpp) share: time and code conversions of columns, and the
// numbered placeholders of SQL built at run time. Internal to storage/postgres.

#include <optional>
#include <string>
#include <vector>

#include "storage/postgres/pg_tx.hpp"

namespace alo153::storage::postgres {

using core::FromUnix;
using core::ToUnix;

inline std::optional<std::int64_t> OptUnix(const std::optional<Time>& t) {
    if (!t) {
        return std::nullopt;
    }
    return ToUnix(*t);
}

inline std::optional<Time> OptTime(const Statement& s, int col) {
    if (s.IsNull(col)) {
        return std::nullopt;
    }
    return FromUnix(s.Int(col));
}

template <typename E, typename ParseFn>
E ParseOr(ParseFn parse, const std::string& code, E fallback) {
    auto v = parse(code);
    return v ? *v : fallback;
}

/// A named counter's sequence (Tx::NextSequence): letters and digits kept, anything else as _ and two hex
/// digits, after "alo153_seq_". Throws StorageError beyond PostgreSQL's 63 bytes.
std::string SequenceName(const std::string& name);

/// Folded words (RequestFilter::words) as a tsquery of word prefixes that must all match: 'su':* & 'boru':*.
/// The words are lexemes of the 'simple' configuration (the folded text is split on what is not a letter or
/// digit, as core::FoldedTokens does), quoted so that no character of theirs is tsquery syntax.
std::string PrefixQuery(const std::vector<std::string>& words);

}  // namespace alo153::storage::postgres
