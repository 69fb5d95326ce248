#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace alo153::storage::sqlite {

/// A prepared statement borrowed from a Connection's cache; reset and unbound when it goes out of scope.
class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& Bind(int index, std::int64_t v);
    Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
    Statement& Bind(int index, bool v) { return Bind(index, static_cast<std::int64_t>(v ? 1 : 0)); }
    Statement& Bind(int index, double v);
    Statement& Bind(int index, std::string_view v);
    Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
    Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
    Statement& BindNull(int index);
    template <typename T>
    Statement& Bind(int index, const std::optional<T>& v) {
        return v.has_value() ? Bind(index, *v) : BindNull(index);
    }

    /// Steps once; true while a row is available. Throws StorageError on failure.
    bool Step();
    /// Steps to completion of a statement that returns no rows.
    void Run();

    bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    /// SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL: the value's own type.
    int Type(int col) const { return sqlite3_column_type(stmt_, col); }
    int Columns() const { return sqlite3_column_count(stmt_); }
    std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
    double Real(int col) const { return sqlite3_column_double(stmt_, col); }
    std::string Text(int col) const;
    std::optional<std::int64_t> OptInt(int col) const;
    std::optional<double> OptReal(int col) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

/// One SQLite connection with its statement cache. Statements are keyed by the address of their SQL text,
/// which is always a named constant (STYLE.md: one named constant per statement, prepared once).
class Connection {
  public:
    enum class Mode { kWriter, kReader, kMaintenance };

    Connection(const std::string& path, Mode mode);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// A cached prepared statement for `sql` (a string with static storage duration).
    Statement Prepare(const char* sql);
    /// A cached statement for SQL built at run time (list filters: a few dozen shapes at most).
    Statement PrepareDynamic(const std::string& sql);
    /// Runs one or more statements that return nothing.
    void Exec(const char* sql);
    std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
    int Changes() const { return sqlite3_changes(db_); }
    bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
    sqlite3* Handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
    std::unordered_map<std::string, sqlite3_stmt*> dynamic_cache_;
};

/// Throws StorageError naming `what` and SQLite's message.
[[noreturn]] void Fail(sqlite3* db, std::string_view what);

}  // namespace alo153::storage::sqlite
