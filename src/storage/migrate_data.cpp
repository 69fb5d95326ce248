// alo153 migrate-data: an SQLite database into PostgreSQL, resumable, verified (migrate_data.hpp).
//
// The tables and their columns are read from the two schemas themselves (PostgreSQL's catalog, SQLite's
// table_info), so a migration that adds a column to both is copied without a change here. Rows travel with
// COPY in PostgreSQL's text format; values are rendered by the target column's type.
#include "storage/migrate_data.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/tx_shared.hpp"
#include "storage/sqlite/connection.hpp"

namespace alo153::storage {
namespace {

constexpr int kChunk = 5000;

/// Tables of the schemas that are not data to move: bookkeeping of each database, and the rate limiter's
/// short-lived events.
const std::set<std::string>& NotCopied() {
    static const std::set<std::string> tables = {"schema_migrations", "alo153_copy_progress", "rate_events",
                                                 "sequences"};
    return tables;
}

constexpr const char* kCreateProgress =
    "CREATE TABLE IF NOT EXISTS alo153_copy_progress (table_name TEXT PRIMARY KEY, last_id BIGINT NOT NULL, "
    "done SMALLINT NOT NULL DEFAULT 0)";
constexpr const char* kProgress = "SELECT table_name, last_id, done FROM alo153_copy_progress";
constexpr const char* kSaveProgress =
    "INSERT INTO alo153_copy_progress (table_name, last_id, done) VALUES ($1, $2, $3) "
    "ON CONFLICT (table_name) DO UPDATE SET last_id = excluded.last_id, done = excluded.done";
constexpr const char* kTables =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
    "AND table_type = 'BASE TABLE' ORDER BY table_name";
constexpr const char* kColumns =
    "SELECT column_name, data_type, is_generated, coalesce(identity_generation, '') FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
constexpr const char* kPrimaryKey =
    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
    "WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)";
constexpr const char* kForeignKeys =
    "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace";

struct Column {
    std::string name;
    std::string type;    ///< PostgreSQL's data_type: bigint, smallint, double precision, text, ...
    std::string source;  ///< the SQLite expression that reads it (rowid for an FTS5 table's id)
    bool identity = false;
};

struct Table {
    std::string name;
    std::vector<Column> columns;
    std::vector<std::string> key;  ///< primary key columns
    bool by_id = false;            ///< keyed by one integer id: copied and verified in chunks
    std::string source_id;         ///< the SQLite expression of that id
};

std::string Quoted(const std::string& name) { return postgres::QuoteIdentifier(name); }

std::string JoinColumns(const Table& t, bool source) {
    std::string out;
    for (const auto& c : t.columns) {
        out += out.empty() ? "" : ", ";
        out += source ? c.source : Quoted(c.name);
    }
    return out;
}

bool IsInteger(const std::string& type) { return type == "bigint" || type == "integer" || type == "smallint"; }

/// One value in the text both sides agree on: integers in decimal, doubles in their shortest exact form, text
/// as it is; none for NULL.
std::optional<std::string> Canonical(const std::string& type, std::optional<std::string> text) {
    if (!text || type != "double precision") {
        return text;
    }
    double v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{}) {
        return text;
    }
    char buf[32];
    auto [p, e2] = std::to_chars(buf, buf + sizeof buf, v);
    (void)e2;
    return std::string(buf, p);
}

std::optional<std::string> SqliteValue(const sqlite::Statement& s, int col) {
    switch (s.Type(col)) {
        case SQLITE_NULL:
            return std::nullopt;
        case SQLITE_INTEGER:
            return std::to_string(s.Int(col));
        case SQLITE_FLOAT: {
            char buf[32];
            auto [p, ec] = std::to_chars(buf, buf + sizeof buf, s.Real(col));
            (void)ec;
            return std::string(buf, p);
        }
        default:
            return s.Text(col);
    }
}

/// BLAKE2b of a table's rows, fed one canonical row at a time.
class Checksum {
  public:
    Checksum() { crypto_generichash_init(&state_, nullptr, 0, kBytes); }
    void Add(const std::vector<std::optional<std::string>>& row) {
        std::string line;
        for (const auto& v : row) {
            // A length prefix per value: no two different rows feed the same bytes.
            line += v ? std::to_string(v->size()) + ":" + *v : std::string("N");
            line += '|';
        }
        line += '\n';
        crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(line.data()), line.size());
    }
    std::string Hex() {
        unsigned char out[kBytes];
        crypto_generichash_final(&state_, out, kBytes);
        char hex[kBytes * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, out, kBytes);
        return hex;
    }

  private:
    static constexpr std::size_t kBytes = 32;
    crypto_generichash_state state_{};
};

std::set<std::string> SqliteColumns(sqlite::Connection& db, const std::string& table) {
    std::set<std::string> names;
    auto s = db.PrepareDynamic("PRAGMA table_info(" + Quoted(table) + ")");
    while (s.Step()) {
        names.insert(s.Text(1));
    }
    return names;
}

/// The tables to copy, referenced ones before those that refer to them (foreign keys hold at every commit).
std::vector<Table> PlanTables(postgres::Connection& pg, sqlite::Connection& db) {
    std::map<std::string, Table> tables;
    {
        auto s = pg.Prepare(kTables);
        while (s.Step()) {
            const std::string name = s.Text(0);
            if (NotCopied().count(name) != 0) {
                continue;
            }
            const auto source_columns = SqliteColumns(db, name);
            if (source_columns.empty()) {
                continue;  // not in the SQLite schema
            }
            Table t;
            t.name = name;
            auto c = pg.Prepare(kColumns);
            c.Bind(1, name);
            while (c.Step()) {
                if (c.Text(2) == "ALWAYS") {
                    continue;  // a generated column (the tsvectors): computed by the target
                }
                Column col{c.Text(0), c.Text(1), "", !c.Text(3).empty()};
                if (source_columns.count(col.name) != 0) {
                    col.source = Quoted(col.name);
                } else if (col.name == "id") {
                    col.source = "rowid";  // FTS5 tables and event_changes keep their key in the rowid
                } else {
                    continue;  // a column SQLite does not have: the target's default
                }
                t.columns.push_back(std::move(col));
            }
            auto k = pg.Prepare(kPrimaryKey);
            k.Bind(1, Quoted(name));
            while (k.Step()) {
                t.key.push_back(k.Text(0));
            }
            if (t.key.size() == 1) {
                for (const auto& col : t.columns) {
                    if (col.name == t.key[0] && IsInteger(col.type)) {
                        t.by_id = true;
                        t.source_id = col.source;
                    }
                }
            }
            tables.emplace(name, std::move(t));
        }
    }
    std::map<std::string, std::set<std::string>> needs;  // table -> tables it references
    {
        auto s = pg.Prepare(kForeignKeys);
        while (s.Step()) {
            if (s.Text(0) != s.Text(1)) {
                needs[s.Text(0)].insert(s.Text(1));
            }
        }
    }
    std::vector<Table> ordered;
    std::set<std::string> placed;
    while (placed.size() < tables.size()) {
        const std::size_t before = placed.size();
        for (auto& [name, t] : tables) {
            if (placed.count(name) != 0) {
                continue;
            }
            bool ready = true;
            for (const auto& dep : needs[name]) {
                ready = ready && (placed.count(dep) != 0 || tables.count(dep) == 0);
            }
            if (ready) {
                placed.insert(name);
                ordered.push_back(t);
            }
        }
        if (placed.size() == before) {
            throw StorageError("migrate-data: a cycle of foreign keys among the tables");
        }
    }
    return ordered;
}

std::string OrderBy(const Table& t, bool source) {
    std::string out;
    for (const auto& k : t.key) {
        const auto col = std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == k; });
        out += out.empty() ? " ORDER BY " : ", ";
        if (source) {
            out += col != t.columns.end() ? col->source : Quoted(k);
        } else {
            // Byte order, as SQLite's BINARY collation compares text.
            out += Quoted(k) + (col != t.columns.end() && !IsInteger(col->type) ? " COLLATE \"C\"" : "");
        }
    }
    return out;
}

/// Reads SQLite rows (canonical by the target's types) of `t` after id `after` (by_id tables) or all of them.
std::vector<std::vector<std::optional<std::string>>> ReadSource(sqlite::Connection& db, const Table& t,
                                                                std::optional<std::int64_t> after) {
    std::string sql = "SELECT " + JoinColumns(t, true) + " FROM " + Quoted(t.name);
    if (after) {
        sql += " WHERE " + t.source_id + " > ?1" + OrderBy(t, true) + " LIMIT " + std::to_string(kChunk);
    } else {
        sql += OrderBy(t, true);
    }
    auto s = db.PrepareDynamic(sql);
    if (after) {
        s.Bind(1, *after);
    }
    std::vector<std::vector<std::optional<std::string>>> rows;
    while (s.Step()) {
        std::vector<std::optional<std::string>> row;
        row.reserve(t.columns.size());
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            row.push_back(Canonical(t.columns[i].type, SqliteValue(s, static_cast<int>(i))));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<std::vector<std::optional<std::string>>> ReadTarget(postgres::Connection& pg, const Table& t,
                                                                std::optional<std::int64_t> after) {
    std::string sql = "SELECT " + JoinColumns(t, false) + " FROM " + Quoted(t.name);
    if (after) {
        sql += " WHERE " + Quoted(t.key[0]) + " > " + std::to_string(*after) + OrderBy(t, false) + " LIMIT " +
               std::to_string(kChunk);
    } else {
        sql += OrderBy(t, false);
    }
    auto s = pg.PrepareDynamic(sql);
    std::vector<std::vector<std::optional<std::string>>> rows;
    while (s.Step()) {
        std::vector<std::optional<std::string>> row;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const int col = static_cast<int>(i);
            row.push_back(
                Canonical(t.columns[i].type, s.IsNull(col) ? std::nullopt : std::optional<std::string>(s.Text(col))));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::int64_t IdOf(const Table& t, const std::vector<std::optional<std::string>>& row) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (t.columns[i].name == t.key[0]) {
            return std::stoll(*row[i]);
        }
    }
    throw StorageError("migrate-data: no id column in " + t.name);
}

void CopyRows(postgres::Connection& pg, const Table& t,
              const std::vector<std::vector<std::optional<std::string>>>& rows, std::int64_t last_id, bool done) {
    std::string data;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                data += '\t';
            }
            postgres::AppendCopyField(data, row[i]);
        }
        data += '\n';
    }
    pg.Exec("BEGIN");
    try {
        if (!rows.empty()) {
            pg.CopyIn("COPY " + Quoted(t.name) + " (" + JoinColumns(t, false) + ") FROM STDIN", data);
        }
        pg.Prepare(kSaveProgress).Bind(1, t.name).Bind(2, last_id).Bind(3, done).Run();
        pg.Exec("COMMIT");
    } catch (...) {
        try {
            pg.Exec("ROLLBACK");
        } catch (const std::exception&) {
        }
        throw;
    }
}

TableCopy Verify(postgres::Connection& pg, sqlite::Connection& db, const Table& t) {
    TableCopy out;
    out.table = t.name;
    Checksum source;
    Checksum target;
    if (t.by_id) {
        for (std::int64_t after = std::numeric_limits<std::int64_t>::min();;) {
            const auto rows = ReadSource(db, t, after);
            for (const auto& r : rows) {
                source.Add(r);
            }
            out.source_rows += static_cast<std::int64_t>(rows.size());
            if (rows.size() < static_cast<std::size_t>(kChunk)) {
                break;
            }
            after = IdOf(t, rows.back());
        }
        for (std::int64_t after = std::numeric_limits<std::int64_t>::min();;) {
            const auto rows = ReadTarget(pg, t, after);
            for (const auto& r : rows) {
                target.Add(r);
            }
            out.target_rows += static_cast<std::int64_t>(rows.size());
            if (rows.size() < static_cast<std::size_t>(kChunk)) {
                break;
            }
            after = IdOf(t, rows.back());
        }
    } else {
        const auto s = ReadSource(db, t, std::nullopt);
        const auto g = ReadTarget(pg, t, std::nullopt);
        for (const auto& r : s) {
            source.Add(r);
        }
        for (const auto& r : g) {
            target.Add(r);
        }
        out.source_rows = static_cast<std::int64_t>(s.size());
        out.target_rows = static_cast<std::int64_t>(g.size());
    }
    out.source_checksum = source.Hex();
    out.target_checksum = target.Hex();
    return out;
}

}  // namespace

core::Result<std::vector<TableCopy>> MigrateData(const std::string& sqlite_file, const std::string& pg_url,
                                                 const std::function<void(const std::string&)>& progress) {
    try {
        if (sodium_init() < 0) {
            return core::MakeError(core::ErrorCode::kInternal, "libsodium could not start");
        }
        // The target's schema first (the same migrations a server would apply).
        { postgres::PgStore migrated(postgres::PgOptions{pg_url, 1, 1, false}); }
        postgres::Connection pg(pg_url);
        sqlite::Connection db(sqlite_file, sqlite::Connection::Mode::kReader);

        pg.Exec(kCreateProgress);
        std::map<std::string, std::pair<std::int64_t, bool>> done_so_far;
        {
            auto s = pg.Prepare(kProgress);
            while (s.Step()) {
                done_so_far[s.Text(0)] = {s.Int(1), s.Int(2) != 0};
            }
        }
        const std::vector<Table> tables = PlanTables(pg, db);
        if (done_so_far.empty()) {
            auto s = pg.PrepareDynamic("SELECT count(*) FROM requests");
            s.Step();
            if (s.Int(0) > 0) {
                return core::MakeError(core::ErrorCode::kConflict,
                                       "Hedef veritabanında zaten başvurular var; migrate-data yalnızca boş bir "
                                       "veritabanına (ya da yarım kalmış kendi kopyasına) yazar. / The target "
                                       "already holds requests and no copy of ours: refusing to overwrite it.",
                                       "--to");
            }
            // What `alo153 migrate` may have put there (the seed catalog) makes way for the source's rows.
            std::string all;
            for (const auto& t : tables) {
                all += (all.empty() ? "" : ", ") + Quoted(t.name);
            }
            pg.Exec("TRUNCATE " + all + " RESTART IDENTITY");
            progress("Hedef boşaltıldı / target emptied: " + std::to_string(tables.size()) + " tables");
        }

        for (const auto& t : tables) {
            auto state = done_so_far.find(t.name);
            if (state != done_so_far.end() && state->second.second) {
                progress(t.name + ": zaten kopyalandı / already copied");
                continue;
            }
            if (!t.by_id) {
                if (state != done_so_far.end()) {
                    pg.Exec("DELETE FROM " + Quoted(t.name));  // a half-done whole-table copy never committed
                }
                const auto rows = ReadSource(db, t, std::nullopt);
                CopyRows(pg, t, rows, 0, true);
                progress(t.name + ": " + std::to_string(rows.size()) + " rows");
                continue;
            }
            std::int64_t after =
                state != done_so_far.end() ? state->second.first : std::numeric_limits<std::int64_t>::min();
            std::int64_t copied = 0;
            for (;;) {
                const auto rows = ReadSource(db, t, after);
                const bool last = rows.size() < static_cast<std::size_t>(kChunk);
                if (!rows.empty()) {
                    after = IdOf(t, rows.back());
                }
                CopyRows(pg, t, rows, after, last);
                copied += static_cast<std::int64_t>(rows.size());
                if (last) {
                    break;
                }
                progress(t.name + ": " + std::to_string(copied) + " rows so far");
            }
            progress(t.name + ": " + std::to_string(copied) + " rows");
        }

        // Identities go on after the copied ids; the tracking-number counters become sequences.
        for (const auto& t : tables) {
            for (const auto& c : t.columns) {
                if (c.identity) {
                    pg.Exec("SELECT setval(pg_get_serial_sequence(" + std::string("'") + Quoted(t.name) + "', '" +
                            c.name + "'), greatest(coalesce(max(" + Quoted(c.name) + "), 0), 1), max(" +
                            Quoted(c.name) + ") IS NOT NULL) FROM " + Quoted(t.name));
                }
            }
        }
        {
            auto s = db.PrepareDynamic("SELECT name, value FROM sequences ORDER BY name");
            while (s.Step()) {
                const std::string sequence = Quoted(postgres::SequenceName(s.Text(0)));
                pg.Exec("CREATE SEQUENCE IF NOT EXISTS " + sequence + " AS bigint");
                pg.Exec("SELECT setval('" + sequence + "', " + std::to_string(std::max<std::int64_t>(s.Int(1), 1)) +
                        ", " + (s.Int(1) > 0 ? "true" : "false") + ")");
                progress("sequence " + s.Text(0) + " = " + std::to_string(s.Int(1)));
            }
        }

        // Fresh statistics for the planner: autovacuum would get there too, but only after a while.
        progress("ANALYZE");
        pg.Exec("ANALYZE");

        std::vector<TableCopy> report;
        for (const auto& t : tables) {
            report.push_back(Verify(pg, db, t));
        }
        return report;
    } catch (const std::exception& e) {
        return core::MakeError(core::ErrorCode::kUnavailable, std::string("migrate-data: ") + e.what());
    }
}

}  // namespace alo153::storage
