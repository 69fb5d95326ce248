#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace alo153::storage::sqlite {

struct SqliteOptions {
    std::string path;
    int read_connections = 4;
    int max_batch = 512;  ///< most jobs one group commit takes
};

/// The embedded store: one SQLite file in WAL mode with synchronous=FULL.
///
/// One writer thread owns the only write connection. Jobs queue up while a commit is syncing; the writer
/// then takes all waiting jobs (up to max_batch), runs each in its own savepoint inside one transaction and
/// commits them with a single fsync (group commit). Readers borrow connections from a pool.
class SqliteStore final : public Store {
  public:
    /// Opens (creating if needed) and migrates the database, then starts the writer.
    explicit SqliteStore(SqliteOptions options);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    WriteStats Stats() const override;
    std::int64_t SizeBytes() const override;
    bool Ping() override;
    core::Result<void> Backup(const std::string& path) override;

    int SchemaVersion() const override { return schema_version_; }
    /// The schema version this build migrates to (the number of migration files compiled in).
    static int LatestSchemaVersion();

    /// On the writer's connection (hence: no Write in flight); `relaxed` turns off fsync for its duration.
    void BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) override;

  protected:
    core::Result<void> WriteErased(const std::function<core::Result<void>(Tx&)>& work) override;
    void ReadErased(const std::function<void(Tx&)>& work) override;

  private:
    struct Job;

    void Migrate();
    void WriterLoop();
    void RunBatch(std::vector<Job*>& batch);
    /// Runs every job of the batch in the open transaction; with `savepoints`, each in its own. Without,
    /// stops at the first failing job and returns false (the caller rolls back and runs again with them).
    bool RunJobs(std::vector<Job*>& batch, std::vector<core::Result<void>>& results, bool savepoints);
    void CheckpointLoop();
    std::unique_ptr<Connection> AcquireReader();
    void ReleaseReader(std::unique_ptr<Connection> conn);

    SqliteOptions options_;
    int schema_version_ = 0;
    std::unique_ptr<Connection> writer_conn_;

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::thread writer_;

    std::mutex readers_mutex_;
    std::condition_variable readers_cv_;
    std::vector<std::unique_ptr<Connection>> readers_;

    // Checkpoints copy the WAL back into the database on their own connection and thread, so that a commit
    // never waits for one.
    std::unique_ptr<Connection> checkpoint_conn_;
    std::thread checkpointer_;
    std::condition_variable checkpoint_cv_;
    std::atomic<std::int64_t> commits_since_checkpoint_{0};

    std::atomic<std::int64_t> queue_depth_{0};
    std::atomic<std::int64_t> last_batch_{0};
    std::atomic<std::int64_t> batches_{0};
    std::atomic<std::int64_t> jobs_{0};
};

}  // namespace alo153::storage::sqlite
