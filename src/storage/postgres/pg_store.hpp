#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/store.hpp"

namespace alo153::storage::postgres {

struct PgOptions {
    std::string url;       ///< a libpq connection URI or string (postgresql://user@host:port/db)
    int connections = 8;   ///< most connections the pool opens (reads and writes share them)
    int max_attempts = 8;  ///< runs of a write job that meets a serialization failure, deadlock or duplicate
    /// Tell other processes about commits and hear about theirs (LISTEN/NOTIFY), for the live-update feed.
    bool notify = true;
};

/// The server store: PostgreSQL through a pool of libpq connections.
///
/// Unlike SqliteStore there is no writer thread: each Write runs on the caller's thread, on a connection of its
/// own, in a READ COMMITTED transaction (PgTx says how rows a job reads and writes back are locked), and
/// returns once COMMIT has returned (synchronous_commit on: the WAL is flushed). The server itself batches the
/// flushes of concurrent commits. A job that meets a deadlock, a serialization failure or a unique key that a
/// concurrent transaction took is rolled back and run again on fresh data (up to max_attempts, with a jittered
/// pause); this is how a create retried with the same Idempotency-Key finds the first one's result.
/// Reads run in REPEATABLE READ READ ONLY transactions: one snapshot, writes refused by the server.
///
/// Several app servers share one database. The commit listener (Store::SetCommitListener) hears about this
/// process's commits at once and about the others' through LISTEN/NOTIFY on the channel alo153_commits: a
/// thread of its own holds one connection that listens and, at most every kNotifyInterval after commits here,
/// sends one NOTIFY. (A NOTIFY inside each write transaction would serialize every commit on the server's
/// notification lock, flush included.)
class PgStore final : public Store {
  public:
    /// Connects and migrates (several processes may start at once: migrations take an advisory lock).
    /// Throws PgError when the server cannot be reached.
    explicit PgStore(PgOptions options);
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    WriteStats Stats() const override;
    std::int64_t SizeBytes() const override;
    bool Ping() override;
    /// Refuses: a PostgreSQL database is backed up with the server's own tools (the error says which).
    core::Result<void> Backup(const std::string& path) override;
    int SchemaVersion() const override { return schema_version_; }
    bool SharedByProcesses() const override { return true; }
    /// The schema version this build migrates to (the number of PostgreSQL migration files compiled in).
    static int LatestSchemaVersion();
    void BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) override;

  protected:
    core::Result<void> WriteErased(const std::function<core::Result<void>(Tx&)>& work) override;
    void ReadErased(const std::function<void(Tx&)>& work) override;

  private:
    void Migrate(Connection& conn);
    /// The LISTEN/NOTIFY thread: reconnects with a pause when its connection is lost.
    void NotifyLoop();
    void ListenOn(Connection& conn);
    /// A pooled connection, opening one if fewer than `connections` exist; waits when all are busy. Throws
    /// PgError when a new one cannot be opened.
    std::unique_ptr<Connection> Acquire() const;
    /// Returns a connection to the pool, or closes it when it is no longer healthy.
    void Release(std::unique_ptr<Connection> conn) const;
    /// Closes every idle connection (after one was found lost: the server restarted).
    void DropIdle() const;

    PgOptions options_;
    int schema_version_ = 0;

    mutable std::mutex pool_mutex_;
    mutable std::condition_variable pool_cv_;
    mutable std::vector<std::unique_ptr<Connection>> idle_;
    mutable int open_ = 0;
    mutable std::atomic<std::int64_t> waiting_{0};

    std::atomic<std::int64_t> commits_{0};
    std::atomic<bool> commits_unannounced_{false};
    std::atomic<bool> stopping_{false};
    std::thread notifier_;
    std::atomic<std::int64_t> retries_{0};
};

}  // namespace alo153::storage::postgres
