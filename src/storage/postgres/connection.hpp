#pragma once

// libpq, wrapped the way storage/sqlite/connection.hpp wraps SQLite, so that the two backends' Tx files read
// alike: a connection with a cache of prepared statements keyed by the named SQL constant, a Statement that is
// bound by position and stepped row by row. Parameters travel in libpq's text format (the server parses them
// by the type it inferred for each `$n`), results are read as text and converted here.
//
// Inside a transaction opened with Connection::Begin the connection is in libpq's pipeline mode: BEGIN and
// every statement whose answer is not needed (Statement::Run: inserts of events, index rows, rollup upserts)
// are queued and travel with the next statement whose rows are read (or with COMMIT), so that a create costs
// a handful of round trips instead of one per statement. A queued statement's failure is thrown by the next
// Step/RunReturningId/RunAffected/Commit on the connection, before anything of the transaction commits.

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/store.hpp"

namespace alo153::storage::postgres {

/// A failure the server reported (or the connection's loss), with its SQLSTATE ("" when libpq has none).
class PgError : public StorageError {
  public:
    PgError(const std::string& message, std::string sqlstate, bool connection_lost)
        : StorageError(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

    const std::string& SqlState() const { return sqlstate_; }
    /// The connection is gone (server restarted, network down): it must be dropped, not reused.
    bool ConnectionLost() const { return connection_lost_; }
    /// A serialization failure or a deadlock: running the transaction again may succeed.
    bool Retryable() const { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }
    /// A unique constraint hit by a concurrent transaction's row (the job checked, then another committed).
    bool UniqueViolation() const { return sqlstate_ == "23505"; }

  private:
    std::string sqlstate_;
    bool connection_lost_ = false;
};

class Connection;

/// A prepared statement with its parameters; executed on the first Step() or Run(). Owns its result.
class Statement {
  public:
    Statement(Connection& conn, const std::string* name, const std::string* sql, int params);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
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

    /// Executes (the first time) and moves to the next row; true while a row is available. Throws PgError (also
    /// for a statement queued before it that failed).
    bool Step();
    /// Executes a statement whose rows and row count are not needed. Inside a Begin transaction it is queued:
    /// its failure is thrown by the next statement read on the connection, or by Commit.
    void Run();
    /// Executes an `INSERT ... RETURNING id` and returns the id.
    std::int64_t RunReturningId();
    /// Executes an INSERT, UPDATE or DELETE now and returns the rows it touched.
    int RunAffected();

    bool IsNull(int col) const { return PQgetisnull(result_, row_, col) != 0; }
    std::int64_t Int(int col) const;
    double Real(int col) const;
    std::string Text(int col) const;
    std::optional<std::int64_t> OptInt(int col) const;
    std::optional<double> OptReal(int col) const;

  private:
    /// The parameters as libpq takes them (null for SQL NULL); valid while the statement is.
    std::vector<const char*> Values() const;
    void Execute();

    Connection* conn_;
    const std::string* name_;
    const std::string* sql_;
    std::vector<std::optional<std::string>> params_;
    PGresult* result_ = nullptr;
    int row_ = -1;
    int rows_ = 0;
};

/// One libpq connection with its statement cache. Statements are keyed by the address of their SQL text,
/// which is always a named constant (STYLE.md: one named constant per statement, prepared once per connection).
class Connection {
  public:
    /// Connects with a libpq connection string or URI (postgresql://user@host:port/db). Throws PgError.
    explicit Connection(const std::string& conninfo);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// A prepared statement for `sql` (a string with static storage duration).
    Statement Prepare(const char* sql);
    /// A prepared statement for SQL built at run time (list filters: a few dozen shapes at most).
    Statement PrepareDynamic(const std::string& sql);
    /// Runs one or more statements without parameters and returns the last one's command tag ("COMMIT",
    /// "ROLLBACK", ...). Waits for everything queued before it. Throws PgError.
    std::string Exec(const std::string& sql);

    /// Opens a transaction with `begin_sql` ("BEGIN ISOLATION LEVEL ...") and puts the connection in pipeline
    /// mode; the BEGIN travels with the first statement that is read.
    void Begin(const char* begin_sql);
    /// Sends COMMIT after everything queued, waits, leaves pipeline mode and returns COMMIT's tag ("ROLLBACK"
    /// when the transaction had failed). Throws PgError (a queued statement's failure: nothing committed).
    std::string Commit();
    /// Rolls back the open transaction (if any), discarding whatever is queued and its failures. Throws PgError
    /// only when the connection is lost.
    void Rollback();
    /// Times the answers of queued statements were waited for since Begin: 1 while the first statement read is
    /// the one that carried the BEGIN, so a failure then means the job has seen nothing yet.
    int RoundTripsSinceBegin() const { return round_trips_; }
    /// COPY ... FROM STDIN with `data` in COPY's text format (CopyField escapes one value). Throws PgError.
    void CopyIn(const std::string& copy_sql, const std::string& data);
    /// Whether the connection is still usable (not lost, not left in a failed transaction by a caller).
    bool Healthy() const;
    PGconn* Handle() const { return conn_; }

    /// Throws the PgError for a failed result (and clears it).
    [[noreturn]] void Fail(PGresult* result, std::string_view what);

  private:
    friend class Statement;
    struct Prepared {
        std::string name;
        std::string sql;
        int params = 0;
    };
    /// What the server owes an answer for, in the order sent: a statement (its SQL, for error messages) or a
    /// pipeline sync point (`sql` null).
    struct Owed {
        const std::string* sql = nullptr;
    };
    const Prepared& PrepareNamed(const std::string& sql, const void* key, bool dynamic);
    bool Pipelined() const { return pipelined_; }
    /// Queues a prepared statement (pipeline mode). Throws PgError if it cannot be sent.
    void Send(const std::string& name, const std::vector<const char*>& values, const std::string* sql);
    /// Reads every owed answer. Returns the last statement's result when `keep_last` (the caller's), else null;
    /// the first failure is thrown once the pipeline is back in step with the server.
    PGresult* Collect(bool keep_last);
    /// Reads and drops every owed answer and failure (before a ROLLBACK). False if the connection is lost.
    bool Discard();
    /// Leaves pipeline mode for a synchronous libpq call, then `fn`, then enters it again.
    template <typename Fn>
    auto Synchronously(Fn&& fn);

    PGconn* conn_ = nullptr;
    bool pipelined_ = false;
    bool flush_requested_ = true;  // a Flush (or Sync) follows the last statement sent
    int round_trips_ = 0;
    std::deque<Owed> owed_;
    static inline const std::string kBeginText = "BEGIN";
    static inline const std::string kCommitText = "COMMIT";
    std::unordered_map<const void*, std::unique_ptr<Prepared>> cache_;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> dynamic_cache_;
    int next_name_ = 0;
};

/// Binds of a statement built at run time: `Next(value)` appends one and returns its placeholder ("$3").
class DynamicBinds {
  public:
    template <typename T>
    std::string Next(T value) {
        binds_.emplace_back([v = std::move(value)](Statement& s, int n) { s.Bind(n, v); });
        return "$" + std::to_string(binds_.size());
    }
    void ApplyTo(Statement& s) const {
        for (std::size_t i = 0; i < binds_.size(); ++i) {
            binds_[i](s, static_cast<int>(i + 1));
        }
    }

  private:
    std::vector<std::function<void(Statement&, int)>> binds_;
};

/// Appends one value to a row of COPY's text format: backslash, tab, newline and carriage return escaped;
/// std::nullopt as \N.
void AppendCopyField(std::string& row, const std::optional<std::string>& value);

/// `name` as a double-quoted SQL identifier.
std::string QuoteIdentifier(std::string_view name);

}  // namespace alo153::storage::postgres
