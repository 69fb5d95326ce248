#pragma once

// What the SQLite Tx files (tx_<aggregate>.cpp) share: time and code conversions of columns. Internal to
// storage/sqlite.

#include <optional>
#include <string>

#include "storage/sqlite/sqlite_tx.hpp"

namespace alo153::storage::sqlite {

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

}  // namespace alo153::storage::sqlite
