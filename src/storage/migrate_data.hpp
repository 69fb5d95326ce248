#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace alo153::storage {

/// What `alo153 migrate-data` did for one table.
struct TableCopy {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
    std::string source_checksum;  ///< BLAKE2b of every row in key order, each value in one canonical text
    std::string target_checksum;
    bool Matches() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

/// Copies everything of an SQLite database (a running municipality's file; the server may keep running, the
/// copy reads one snapshot per table chunk) into a PostgreSQL database, migrated first: every table both
/// schemas have (requests, events and their changes, citizens, contacts, photos' metadata, users, sessions,
/// API keys, articles, the catalog, Open311's tables, idempotency keys, rollups, the search text), the
/// tracking-number counters as PostgreSQL sequences, and each identity moved past the copied ids. Then it
/// verifies: row counts and a checksum per table, on both sides.
///
/// Resumable: tables keyed by an integer id are copied in chunks, each committed with its progress (the table
/// alo153_copy_progress in the target), so a run that was interrupted goes on where it stopped; other tables
/// are copied in one transaction each. A target that already holds requests but no progress is refused (it is
/// not ours to overwrite). `progress` is told what happens, one line at a time.
core::Result<std::vector<TableCopy>> MigrateData(const std::string& sqlite_file, const std::string& pg_url,
                                                 const std::function<void(const std::string&)>& progress);

}  // namespace alo153::storage
