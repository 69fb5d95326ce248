#include "storage/postgres/connection.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

namespace alo153::storage::postgres {
namespace {

std::string ErrorMessage(PGconn* conn, PGresult* result) {
    const char* m = result != nullptr ? PQresultErrorMessage(result) : nullptr;
    if (m == nullptr || *m == '\0') {
        m = PQerrorMessage(conn);
    }
    std::string s = m != nullptr ? m : "unknown error";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

bool LostSqlState(const std::string& state) {
    // Class 08: connection exceptions; 57P01..57P03: the server is shutting down or starting.
    return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

// ---- Statement ---------------------------------------------------------------------------------------------

Statement::Statement(Connection& conn, const std::string* name, const std::string* sql, int params)
    : conn_(&conn), name_(name), sql_(sql), params_(static_cast<std::size_t>(params)) {}

Statement::Statement(Statement&& other) noexcept
    : conn_(other.conn_),
      name_(other.name_),
      sql_(other.sql_),
      params_(std::move(other.params_)),
      result_(other.result_),
      row_(other.row_),
      rows_(other.rows_) {
    other.result_ = nullptr;
}

Statement::~Statement() { PQclear(result_); }

Statement& Statement::Bind(int index, std::int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    params_.at(static_cast<std::size_t>(index - 1)) = std::string(buf, end);
    return *this;
}

Statement& Statement::Bind(int index, double v) {
    // The shortest text that reads back as the same double (PostgreSQL's float8 input is exact for it).
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    params_.at(static_cast<std::size_t>(index - 1)) = std::string(buf, end);
    return *this;
}

Statement& Statement::Bind(int index, std::string_view v) {
    params_.at(static_cast<std::size_t>(index - 1)) = std::string(v);
    return *this;
}

Statement& Statement::BindNull(int index) {
    params_.at(static_cast<std::size_t>(index - 1)).reset();
    return *this;
}

std::vector<const char*> Statement::Values() const {
    std::vector<const char*> values(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i) {
        values[i] = params_[i] ? params_[i]->c_str() : nullptr;
    }
    return values;
}

void Statement::Execute() {
    const std::vector<const char*> values = Values();
    if (conn_->Pipelined()) {
        conn_->Send(*name_, values, sql_);
        result_ = conn_->Collect(true);
    } else {
        result_ = PQexecPrepared(conn_->Handle(), name_->c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0);
        const ExecStatusType status = result_ != nullptr ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            PGresult* failed = result_;
            result_ = nullptr;
            conn_->Fail(failed, *sql_);
        }
    }
    rows_ = PQntuples(result_);
    row_ = -1;
}

bool Statement::Step() {
    if (result_ == nullptr) {
        Execute();
    }
    if (row_ + 1 >= rows_) {
        row_ = rows_;
        return false;
    }
    ++row_;
    return true;
}

void Statement::Run() {
    if (result_ != nullptr) {
        return;
    }
    if (!conn_->Pipelined()) {
        Execute();
        return;
    }
    conn_->Send(*name_, Values(), sql_);
}

std::int64_t Statement::RunReturningId() {
    if (!Step()) {
        throw StorageError("no id returned by: " + *sql_);
    }
    return Int(0);
}

int Statement::RunAffected() {
    if (result_ == nullptr) {
        Execute();
    }
    const char* n = PQcmdTuples(result_);
    return n != nullptr && *n != '\0' ? std::atoi(n) : 0;
}

std::int64_t Statement::Int(int col) const {
    const char* p = PQgetvalue(result_, row_, col);
    const int len = PQgetlength(result_, row_, col);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(p, p + len, v);
    if (ec != std::errc{} || end != p + len) {
        // A numeric (sum() of a bigint) in integral form parses above; anything else is a mapping bug.
        throw StorageError("not an integer in column " + std::to_string(col) + " of: " + *sql_);
    }
    return v;
}

double Statement::Real(int col) const {
    const char* p = PQgetvalue(result_, row_, col);
    const int len = PQgetlength(result_, row_, col);
    double v = 0;
    auto [end, ec] = std::from_chars(p, p + len, v);
    if (ec != std::errc{}) {
        throw StorageError("not a number in column " + std::to_string(col) + " of: " + *sql_);
    }
    return v;
}

std::string Statement::Text(int col) const {
    return {PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col))};
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

// ---- Connection --------------------------------------------------------------------------------------------

Connection::Connection(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        std::string message = conn_ != nullptr ? ErrorMessage(conn_, nullptr) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        throw PgError("cannot connect to PostgreSQL: " + message, "08001", true);
    }
    // NOTICEs (a CREATE ... IF NOT EXISTS that skipped) are the server talking to itself, not errors.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    // Times are Unix seconds in BIGINT columns, so the session time zone changes nothing we store; these make
    // every connection the same whatever the server's or role's defaults are. synchronous_commit on: a commit
    // returns once its WAL is flushed (a 201 means committed).
    Exec(
        "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "
        "SET standard_conforming_strings = on");
}

Connection::~Connection() {
    if (conn_ != nullptr) {
        PQfinish(conn_);
    }
}

void Connection::Fail(PGresult* result, std::string_view what) {
    std::string message = ErrorMessage(conn_, result);
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state != nullptr ? state : "";
    PQclear(result);
    // No SQLSTATE: libpq itself failed to send or read (the server never answered), which in pipeline mode is
    // how a connection the server dropped first shows; the server always sends one with an error of its own.
    const bool lost = PQstatus(conn_) != CONNECTION_OK || sqlstate.empty() || LostSqlState(sqlstate);
    std::string context(what.substr(0, 200));
    throw PgError(message + " [" + context + "]", sqlstate, lost);
}

template <typename Fn>
auto Connection::Synchronously(Fn&& fn) {
    if (!pipelined_) {
        return fn();
    }
    Collect(false);
    if (PQexitPipelineMode(conn_) != 1) {
        Fail(nullptr, "leaving pipeline mode");
    }
    pipelined_ = false;
    struct Reenter {
        Connection& c;
        ~Reenter() {
            if (PQenterPipelineMode(c.conn_) == 1) {
                c.pipelined_ = true;
                c.flush_requested_ = true;
            }
        }
    } reenter{*this};
    return fn();
}

const Connection::Prepared& Connection::PrepareNamed(const std::string& sql, const void* key, bool dynamic) {
    auto prepared = std::make_unique<Prepared>();
    prepared->name = "s" + std::to_string(next_name_++);
    prepared->sql = sql;
    // Once per statement and connection, so synchronously (PQprepare is not allowed in pipeline mode).
    Synchronously([&] {
        PGresult* r = PQprepare(conn_, prepared->name.c_str(), sql.c_str(), 0, nullptr);
        if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
            Fail(r, "prepare: " + sql);
        }
        PQclear(r);
        // How many $n the server found, so that an unbound parameter is sent as NULL (as SQLite binds it).
        r = PQdescribePrepared(conn_, prepared->name.c_str());
        if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
            Fail(r, "describe: " + sql);
        }
        prepared->params = PQnparams(r);
        PQclear(r);
    });
    if (dynamic) {
        return *dynamic_cache_.emplace(sql, std::move(prepared)).first->second;
    }
    return *cache_.emplace(key, std::move(prepared)).first->second;
}

Statement Connection::Prepare(const char* sql) {
    auto it = cache_.find(sql);
    const Prepared& p = it != cache_.end() ? *it->second : PrepareNamed(sql, sql, false);
    return {*this, &p.name, &p.sql, p.params};
}

Statement Connection::PrepareDynamic(const std::string& sql) {
    auto it = dynamic_cache_.find(sql);
    const Prepared& p = it != dynamic_cache_.end() ? *it->second : PrepareNamed(sql, nullptr, true);
    return {*this, &p.name, &p.sql, p.params};
}

std::string Connection::Exec(const std::string& sql) {
    return Synchronously([&] {
        // PQexec runs every statement of the string and returns the last result (or the first failure).
        PGresult* r = PQexec(conn_, sql.c_str());
        const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Fail(r, sql);
        }
        std::string tag = PQcmdStatus(r);
        PQclear(r);
        return tag;
    });
}

// ---- Pipeline mode -----------------------------------------------------------------------------------------
//
// libpq's rules (PostgreSQL 15, "Pipeline Mode" in the libpq chapter): only PQsend* calls while pipelined;
// each statement's answer is read with PQgetResult, followed by a null that ends it; after a failure the
// server skips everything up to the next Sync and libpq answers each skipped statement PGRES_PIPELINE_ABORTED;
// a Sync answers PGRES_PIPELINE_SYNC. The server flushes its answers only at a Flush or a Sync, and libpq
// keeps queued statements in its buffer until it is flushed, so a queued statement costs no round trip.

void Connection::Begin(const char* begin_sql) {
    if (pipelined_) {
        throw StorageError("Begin inside an open pipelined transaction");
    }
    if (PQenterPipelineMode(conn_) != 1) {
        Fail(nullptr, "entering pipeline mode");
    }
    pipelined_ = true;
    round_trips_ = 0;
    if (PQsendQueryParams(conn_, begin_sql, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        Fail(nullptr, begin_sql);
    }
    owed_.push_back({&kBeginText});
    flush_requested_ = false;
}

void Connection::Send(const std::string& name, const std::vector<const char*>& values, const std::string* sql) {
    if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0) !=
        1) {
        Fail(nullptr, *sql);
    }
    owed_.push_back({sql});
    flush_requested_ = false;
    // A job queuing thousands (a bulk load) reads their answers now and then rather than all at the end.
    if (owed_.size() >= 512) {
        Collect(false);
    }
}

PGresult* Connection::Collect(bool keep_last) {
    if (owed_.empty()) {
        return nullptr;
    }
    if (!flush_requested_) {
        if (PQsendFlushRequest(conn_) != 1) {
            Fail(nullptr, "flush request");
        }
        flush_requested_ = true;
    }
    ++round_trips_;
    if (PQflush(conn_) != 0) {
        Fail(nullptr, "sending queued statements");
    }
    PGresult* failed = nullptr;
    const std::string* failed_sql = nullptr;
    PGresult* last = nullptr;
    bool synced_after_failure = false;
    while (!owed_.empty()) {
        const Owed owed = owed_.front();
        owed_.pop_front();
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
            // No answer where one is owed: the connection is gone (or libpq and we disagree, which is as bad).
            owed_.clear();
            PQclear(failed);
            PQclear(last);
            Fail(nullptr, owed.sql != nullptr ? *owed.sql : "pipeline sync");
        }
        const ExecStatusType status = PQresultStatus(r);
        if (owed.sql == nullptr) {  // a sync point: no null follows its answer
            PQclear(r);
            synced_after_failure = failed != nullptr;
            continue;
        }
        while (PGresult* extra = PQgetResult(conn_)) {
            PQclear(extra);
        }
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            PQclear(last);
            last = r;
        } else if (status == PGRES_PIPELINE_ABORTED) {
            PQclear(r);
        } else if (failed == nullptr) {
            failed = r;
            failed_sql = owed.sql;
        } else {
            PQclear(r);
        }
    }
    if (failed != nullptr) {
        PQclear(last);
        if (!synced_after_failure && PQstatus(conn_) == CONNECTION_OK) {
            // The server skips everything up to a Sync: send one, so that the next statement (the ROLLBACK) runs.
            if (PQpipelineSync(conn_) == 1) {
                owed_.push_back({nullptr});
                flush_requested_ = true;
                Discard();
            }
        }
        Fail(failed, *failed_sql);
    }
    if (!keep_last) {
        PQclear(last);
        return nullptr;
    }
    return last;
}

bool Connection::Discard() {
    try {
        Collect(false);
    } catch (const PgError&) {
        // Dropped on purpose: the caller rolls back. Collect has put the pipeline back in step.
    }
    owed_.clear();
    return PQstatus(conn_) == CONNECTION_OK;
}

std::string Connection::Commit() {
    if (!pipelined_) {
        return Exec("COMMIT");
    }
    if (PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        Fail(nullptr, "COMMIT");
    }
    owed_.push_back({&kCommitText});
    if (PQpipelineSync(conn_) != 1) {
        Fail(nullptr, "COMMIT");
    }
    owed_.push_back({nullptr});
    flush_requested_ = true;
    PGresult* r = Collect(true);  // COMMIT's answer: the last statement's
    std::string tag = r != nullptr ? PQcmdStatus(r) : "";
    PQclear(r);
    if (PQexitPipelineMode(conn_) != 1) {
        Fail(nullptr, "leaving pipeline mode");
    }
    pipelined_ = false;
    return tag;
}

void Connection::Rollback() {
    if (pipelined_) {
        if (!Discard()) {
            Fail(nullptr, "ROLLBACK");
        }
        if (PQexitPipelineMode(conn_) != 1) {
            Fail(nullptr, "leaving pipeline mode");
        }
        pipelined_ = false;
    }
    Exec("ROLLBACK");
}

void Connection::CopyIn(const std::string& copy_sql, const std::string& data) {
    PGresult* r = PQexec(conn_, copy_sql.c_str());
    if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
        Fail(r, copy_sql);
    }
    PQclear(r);
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1 || PQputCopyEnd(conn_, nullptr) != 1) {
        Fail(nullptr, copy_sql);
    }
    r = PQgetResult(conn_);
    const bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        Fail(r, copy_sql);
    }
    PQclear(r);
    while ((r = PQgetResult(conn_)) != nullptr) {
        PQclear(r);
    }
}

void AppendCopyField(std::string& row, const std::optional<std::string>& value) {
    if (!value) {
        row += "\\N";
        return;
    }
    for (char c : *value) {
        switch (c) {
            case '\\':
                row += "\\\\";
                break;
            case '\t':
                row += "\\t";
                break;
            case '\n':
                row += "\\n";
                break;
            case '\r':
                row += "\\r";
                break;
            default:
                row += c;
        }
    }
}

bool Connection::Healthy() const {
    return !pipelined_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

}  // namespace alo153::storage::postgres
