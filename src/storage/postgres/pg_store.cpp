#include "storage/postgres/pg_store.hpp"

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <random>
#include <string>
#include <thread>

#include "pg_migrations_embedded.hpp"
#include "storage/postgres/pg_tx.hpp"

namespace alo153::storage::postgres {
namespace {

// pg_advisory_lock key of the migrator: "a153" in ASCII. Held by one process at a time, for the whole run.
constexpr std::int64_t kMigrationLock = 0x61313533;

constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
constexpr const char* kAppliedVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, extract(epoch FROM now())::bigint)";
// The LISTEN/NOTIFY channel of commits (PgStore's comment), and how often this process announces its own.
constexpr const char* kListen = "LISTEN alo153_commits";
constexpr const char* kNotify = "NOTIFY alo153_commits";
constexpr auto kNotifyInterval = std::chrono::milliseconds(50);
constexpr auto kReconnectPause = std::chrono::seconds(1);

constexpr const char* kDatabaseSize = "SELECT pg_database_size(current_database())";

/// The store whose write job this thread is running, if any: a Write of the same store inside it could wait for
/// a connection the job itself holds, and would not be part of the job's transaction.
thread_local const void* t_writing = nullptr;

struct InWrite {
    explicit InWrite(const void* store) : previous_(t_writing) { t_writing = store; }
    ~InWrite() { t_writing = previous_; }
    InWrite(const InWrite&) = delete;
    InWrite& operator=(const InWrite&) = delete;

  private:
    const void* previous_;
};

/// Whether running the job again on fresh data may succeed (see PgStore).
bool RunAgain(const PgError& e) {
    // 42P07: two transactions creating the same sequence (PgTx::NextSequence) at once.
    return e.Retryable() || e.UniqueViolation() || e.SqlState() == "42P07";
}

void PauseBeforeAttempt(int attempt) {
    thread_local std::minstd_rand random(std::random_device{}());
    const int ceiling_us = std::min(50'000, 500 << std::min(attempt, 7));
    std::this_thread::sleep_for(std::chrono::microseconds(random() % static_cast<unsigned>(ceiling_us)));
}

core::Error Unavailable(const std::string& why) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "Veritabanına ulaşılamıyor; lütfen biraz sonra yeniden deneyin. (" + why + ")");
}

/// Rolls back what is open on `conn`; a connection that cannot even do that is dropped by Release.
void RollbackQuietly(Connection& conn) {
    try {
        conn.Rollback();
    } catch (const std::exception&) {
        // Release sees the connection is not healthy and closes it.
    }
}

}  // namespace

PgStore::PgStore(PgOptions options) : options_(std::move(options)) {
    if (options_.connections < 1) {
        options_.connections = 1;
    }
    auto conn = Acquire();
    Migrate(*conn);
    Release(std::move(conn));
    if (options_.notify) {
        notifier_ = std::thread([this] { NotifyLoop(); });
    }
}

PgStore::~PgStore() {
    stopping_ = true;
    if (notifier_.joinable()) {
        notifier_.join();
    }
}

void PgStore::NotifyLoop() {
    while (!stopping_) {
        try {
            Connection conn(options_.url);
            conn.Exec(kListen);
            ListenOn(conn);
        } catch (const std::exception&) {
            // The server is away. Meanwhile the live-update feed still polls; wait, then listen again.
            const auto until = std::chrono::steady_clock::now() + kReconnectPause;
            while (!stopping_ && std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(kNotifyInterval);
            }
        }
    }
}

void PgStore::ListenOn(Connection& conn) {
    PGconn* pg = conn.Handle();
    while (!stopping_) {
        if (commits_unannounced_.exchange(false)) {
            conn.Exec(kNotify);  // one for every commit here since the last one
        }
        pollfd fd{PQsocket(pg), POLLIN, 0};
        const int ready = ::poll(&fd, 1, static_cast<int>(kNotifyInterval.count()));
        if (ready < 0 && errno != EINTR) {
            throw StorageError("poll on the LISTEN connection failed");
        }
        if (ready > 0 && PQconsumeInput(pg) == 0) {
            throw PgError(PQerrorMessage(pg), "08006", true);
        }
        bool heard = false;
        while (PGnotify* n = PQnotifies(pg)) {
            heard = true;
            PQfreemem(n);
        }
        if (heard) {
            NotifyCommitted();  // another process (or this one's NOTIFY) committed: the feed reads the database
        }
        if (PQstatus(pg) != CONNECTION_OK) {
            throw PgError("LISTEN connection lost", "08006", true);
        }
    }
}

int PgStore::LatestSchemaVersion() { return static_cast<int>(embedded::pg_migrations::files().size()); }

void PgStore::Migrate(Connection& c) {
    // Session-level lock: several app servers starting together migrate one after the other, and the later
    // ones find the work done.
    c.Exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
    try {
        c.Exec(kCreateMigrations);
        int applied = 0;
        {
            auto s = c.Prepare(kAppliedVersion);
            s.Step();
            applied = static_cast<int>(s.Int(0));
        }
        int version = 0;
        for (const auto& [name, sql] : embedded::pg_migrations::files()) {
            ++version;
            if (version <= applied) {
                continue;
            }
            c.Exec("BEGIN");
            try {
                c.Exec(std::string(sql));
                c.Prepare(kRecordMigration).Bind(1, version).Bind(2, name).Run();
                c.Exec("COMMIT");
            } catch (...) {
                RollbackQuietly(c);
                throw;
            }
        }
        schema_version_ = version;
    } catch (...) {
        try {
            c.Exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
        } catch (const std::exception&) {
            // A lost connection releases its locks itself.
        }
        throw;
    }
    c.Exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
}

std::unique_ptr<Connection> PgStore::Acquire() const {
    {
        std::unique_lock lock(pool_mutex_);
        waiting_.fetch_add(1, std::memory_order_relaxed);
        pool_cv_.wait(lock, [this] { return !idle_.empty() || open_ < options_.connections; });
        waiting_.fetch_sub(1, std::memory_order_relaxed);
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return conn;
        }
        ++open_;  // the slot is taken while connecting, outside the lock
    }
    try {
        return std::make_unique<Connection>(options_.url);
    } catch (...) {
        {
            std::lock_guard lock(pool_mutex_);
            --open_;
        }
        pool_cv_.notify_one();
        throw;
    }
}

void PgStore::DropIdle() const {
    std::vector<std::unique_ptr<Connection>> dropped;
    {
        std::lock_guard lock(pool_mutex_);
        dropped.swap(idle_);
        open_ -= static_cast<int>(dropped.size());
    }
    pool_cv_.notify_all();
    // Closed here, outside the lock.
}

void PgStore::Release(std::unique_ptr<Connection> conn) const {
    {
        std::lock_guard lock(pool_mutex_);
        if (conn->Healthy()) {
            idle_.push_back(std::move(conn));
        } else {
            --open_;  // closed below, outside the lock; the next Acquire opens a fresh one
        }
    }
    pool_cv_.notify_one();
}

core::Result<void> PgStore::WriteErased(const std::function<core::Result<void>(Tx&)>& work) {
    if (t_writing == this) {
        throw StorageError("Store::Write called inside a write job; use the job's Tx instead");
    }
    InWrite guard(this);
    std::string last_error;
    for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
        if (attempt > 0) {
            retries_.fetch_add(1, std::memory_order_relaxed);
            PauseBeforeAttempt(attempt);
        }
        std::unique_ptr<Connection> conn;
        try {
            conn = Acquire();
        } catch (const PgError& e) {
            return Unavailable(e.what());
        }
        core::Result<void> result;
        bool committing = false;
        try {
            conn->Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
            PgTx tx(*conn, true);
            try {
                result = work(tx);
            } catch (const PgError&) {
                throw;
            } catch (const std::exception& e) {
                result = core::MakeError(core::ErrorCode::kInternal, e.what());
            } catch (...) {
                result = core::MakeError(core::ErrorCode::kInternal, "unknown exception in a write job");
            }
            if (!result.ok()) {
                RollbackQuietly(*conn);
                Release(std::move(conn));
                return result;
            }
            // COMMIT of a transaction that failed earlier (a job that caught a database error and went on)
            // answers ROLLBACK: nothing of it was written.
            committing = true;
            if (conn->Commit() != "COMMIT") {
                Release(std::move(conn));
                return core::MakeError(core::ErrorCode::kInternal,
                                       "write job went on after a database error; its transaction was rolled back");
            }
        } catch (const PgError& e) {
            last_error = e.what();
            RollbackQuietly(*conn);
            Release(std::move(conn));
            if (e.ConnectionLost()) {
                // The server restarted or went away: the other idle connections are as dead as this one.
                DropIdle();
                if (committing) {
                    // Whether a COMMIT that lost its connection took effect is unknown; the client retries with
                    // its Idempotency-Key.
                    return Unavailable(e.what());
                }
                continue;  // nothing was committed: run the job again on a new connection (if one can be had)
            }
            if (RunAgain(e)) {
                continue;
            }
            return core::MakeError(core::ErrorCode::kInternal, e.what());
        }
        Release(std::move(conn));
        commits_.fetch_add(1, std::memory_order_relaxed);
        commits_unannounced_.store(true, std::memory_order_relaxed);
        NotifyCommitted();
        return core::Ok();
    }
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "Veritabanı şu an yoğun; lütfen yeniden deneyin. (" + last_error + ")");
}

void PgStore::ReadErased(const std::function<void(Tx&)>& work) {
    for (int attempt = 0;; ++attempt) {
        std::unique_ptr<Connection> conn;
        try {
            conn = Acquire();
        } catch (const PgError& e) {
            throw core::UnavailableError(std::string("database unreachable: ") + e.what());
        }
        try {
            // The BEGIN travels with the job's first statement (Connection::Begin).
            conn->Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            PgTx tx(*conn, false);
            work(tx);
            conn->Commit();
        } catch (const PgError& e) {
            const bool first_trip = conn->RoundTripsSinceBegin() <= 1;
            RollbackQuietly(*conn);
            Release(std::move(conn));
            if (e.ConnectionLost()) {
                DropIdle();
                if (attempt == 0 && first_trip) {
                    continue;  // a pooled connection the server dropped, before the job saw any row: once more
                }
                throw core::UnavailableError(std::string("database connection lost: ") + e.what());
            }
            throw;
        } catch (...) {
            RollbackQuietly(*conn);
            Release(std::move(conn));
            throw;
        }
        Release(std::move(conn));
        return;
    }
}

void PgStore::BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) {
    auto conn = Acquire();
    try {
        conn->Begin("BEGIN");
        if (relaxed) {
            // This transaction's commit does not wait for its WAL flush (the load is redone if interrupted);
            // every other transaction keeps synchronous_commit on.
            conn->Exec("SET LOCAL synchronous_commit = off");
        }
        PgTx tx(*conn, true);
        work(tx);
        if (conn->Commit() != "COMMIT") {
            throw StorageError("bulk load rolled back after a database error");
        }
    } catch (...) {
        RollbackQuietly(*conn);
        Release(std::move(conn));
        throw;
    }
    Release(std::move(conn));
    commits_unannounced_.store(true, std::memory_order_relaxed);
    NotifyCommitted();
}

WriteStats PgStore::Stats() const {
    const std::int64_t commits = commits_.load(std::memory_order_relaxed);
    return {waiting_.load(std::memory_order_relaxed), 1, commits, commits};
}

std::int64_t PgStore::SizeBytes() const {
    try {
        auto conn = Acquire();
        std::int64_t size = 0;
        {
            auto s = conn->Prepare(kDatabaseSize);
            if (s.Step()) {
                size = s.Int(0);
            }
        }
        Release(std::move(conn));
        return size;
    } catch (const std::exception&) {
        return 0;
    }
}

bool PgStore::Ping() {
    try {
        auto conn = Acquire();
        bool ok = false;
        try {
            conn->Exec("SELECT 1 FROM schema_migrations LIMIT 1");
            ok = true;
        } catch (const std::exception&) {
        }
        Release(std::move(conn));
        return ok;
    } catch (const std::exception&) {
        return false;
    }
}

core::Result<void> PgStore::Backup(const std::string& /*path*/) {
    return core::MakeError(
        core::ErrorCode::kValidation,
        "PostgreSQL veritabanı bu komutla yedeklenmez; sunucunun araçlarını kullanın: mantıksal yedek için "
        "`pg_dump --format=custom --file=alo153.dump <url>` (geri yükleme: pg_restore), sürekli yedek ve "
        "zamana dönük kurtarma için pg_basebackup ile WAL arşivi (README: PostgreSQL). / A PostgreSQL database "
        "is backed up with the server's tools: pg_dump --format=custom (restore with pg_restore), or "
        "pg_basebackup with WAL archiving for point-in-time recovery.",
        "database.url");
}

}  // namespace alo153::storage::postgres
