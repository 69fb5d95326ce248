#include "storage/sqlite/connection.hpp"

#include <string>

#include "storage/store.hpp"

namespace alo153::storage::sqlite {

void Fail(sqlite3* db, std::string_view what) {
    std::string message(what);
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
    }
    throw StorageError(message);
}

Statement::~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t v) {
    if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) {
        Fail(db_, "bind");
    }
    return *this;
}

Statement& Statement::Bind(int index, double v) {
    if (sqlite3_bind_double(stmt_, index, v) != SQLITE_OK) {
        Fail(db_, "bind");
    }
    return *this;
}

Statement& Statement::Bind(int index, std::string_view v) {
    // An empty view may have a null data(), which SQLite would store as NULL rather than ''.
    const char* data = v.data() != nullptr ? v.data() : "";
    if (sqlite3_bind_text(stmt_, index, data, static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
        Fail(db_, "bind");
    }
    return *this;
}

Statement& Statement::BindNull(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
        Fail(db_, "bind");
    }
    return *this;
}

bool Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Fail(db_, sqlite3_sql(stmt_));
}

void Statement::Run() {
    while (Step()) {
    }
}

std::string Statement::Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (p == nullptr) {
        return {};
    }
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::optional<std::int64_t> Statement::OptInt(int col) const {
    if (IsNull(col)) {
        return std::nullopt;
    }
    return Int(col);
}

std::optional<double> Statement::OptReal(int col) const {
    if (IsNull(col)) {
        return std::nullopt;
    }
    return Real(col);
}

Connection::Connection(const std::string& path, Mode mode) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::kWriter) {
        flags |= SQLITE_OPEN_CREATE;
    }
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string message = "cannot open database " + path;
        if (db_ != nullptr) {
            message += ": ";
            message += sqlite3_errmsg(db_);
            sqlite3_close(db_);
            db_ = nullptr;
        }
        throw StorageError(message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Readers may briefly meet a checkpoint; the writer is alone, but a backup or a second process may hold
    // the lock for a moment.
    sqlite3_busy_timeout(db_, 5000);
    // Durability: a 201 means on disk. WAL lets readers run beside the writer; FULL syncs the WAL on commit.
    Exec("PRAGMA journal_mode = WAL");
    Exec("PRAGMA synchronous = FULL");
    Exec("PRAGMA foreign_keys = ON");
    Exec("PRAGMA temp_store = MEMORY");
    if (mode == Mode::kWriter) {
        // The writer touches the hot index pages of every insert: give it a large cache. Checkpoints run on
        // their own connection (SqliteStore), never inside a commit.
        Exec("PRAGMA cache_size = -65536");  // 64 MB
        Exec("PRAGMA wal_autocheckpoint = 0");
    } else if (mode == Mode::kMaintenance) {
        Exec("PRAGMA cache_size = -2048");
        Exec("PRAGMA wal_autocheckpoint = 0");
    } else {
        // Readers are several; the OS page cache shares the file between them, so each keeps a small cache.
        Exec("PRAGMA cache_size = -8192");  // 8 MB
        Exec("PRAGMA query_only = ON");
    }
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_) {
        sqlite3_finalize(stmt);
    }
    for (auto& [sql, stmt] : dynamic_cache_) {
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db_);
}

Statement Connection::Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
            Fail(db_, std::string("prepare: ") + sql);
        }
        it = cache_.emplace(sql, stmt).first;
    }
    return {db_, it->second};
}

Statement Connection::PrepareDynamic(const std::string& sql) {
    auto it = dynamic_cache_.find(sql);
    if (it == dynamic_cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK) {
            Fail(db_, "prepare: " + sql);
        }
        it = dynamic_cache_.emplace(sql, stmt).first;
    }
    return {db_, it->second};
}

void Connection::Exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = std::string(sql) + ": " + (error != nullptr ? error : "");
        sqlite3_free(error);
        throw StorageError(message);
    }
}

}  // namespace alo153::storage::sqlite
