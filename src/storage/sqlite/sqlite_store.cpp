#include "storage/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <future>
#include <string>

#include "alo153_storage_embedded.hpp"
#include "storage/sqlite/sqlite_tx.hpp"

namespace alo153::storage::sqlite {

/// A write waiting for the writer, and the promise its caller waits on.
struct SqliteStore::Job {
    const std::function<core::Result<void>(Tx&)>* work = nullptr;
    std::promise<core::Result<void>> done;
};

SqliteStore::SqliteStore(SqliteOptions options) : options_(std::move(options)) {
    writer_conn_ = std::make_unique<Connection>(options_.path, Connection::Mode::kWriter);
    Migrate();
    for (int i = 0; i < options_.read_connections; ++i) {
        readers_.push_back(std::make_unique<Connection>(options_.path, Connection::Mode::kReader));
    }
    checkpoint_conn_ = std::make_unique<Connection>(options_.path, Connection::Mode::kMaintenance);
    writer_ = std::thread([this] { WriterLoop(); });
    checkpointer_ = std::thread([this] { CheckpointLoop(); });
}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    checkpoint_cv_.notify_all();
    if (writer_.joinable()) {
        writer_.join();
    }
    if (checkpointer_.joinable()) {
        checkpointer_.join();
    }
}

void SqliteStore::CheckpointLoop() {
    std::unique_lock lock(queue_mutex_);
    while (!stopping_) {
        checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(250));
        if (commits_since_checkpoint_.exchange(0) == 0) {
            continue;
        }
        lock.unlock();
        try {
            // PASSIVE never waits for the writer or for readers; what it cannot copy now, a later round will.
            checkpoint_conn_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const std::exception&) {
            commits_since_checkpoint_.fetch_add(1);  // try again next round
        }
        lock.lock();
    }
}

int SqliteStore::LatestSchemaVersion() { return static_cast<int>(embedded::alo153_storage::files().size()); }

void SqliteStore::Migrate() {
    Connection& c = *writer_conn_;
    c.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)");
    int applied = 0;
    {
        auto s = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
        s.Step();
        applied = static_cast<int>(s.Int(0));
    }
    auto files = embedded::alo153_storage::files();
    int version = 0;
    for (const auto& [name, sql] : files) {
        ++version;
        if (version <= applied) {
            continue;
        }
        c.Exec("BEGIN IMMEDIATE");
        try {
            c.Exec(std::string(sql).c_str());
            c.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, unixepoch())")
                .Bind(1, version)
                .Bind(2, name)
                .Run();
            c.Exec("COMMIT");
        } catch (...) {
            c.Exec("ROLLBACK");
            throw;
        }
    }
    schema_version_ = version;
}

core::Result<void> SqliteStore::WriteErased(const std::function<core::Result<void>(Tx&)>& work) {
    if (std::this_thread::get_id() == writer_.get_id()) {
        // The writer would wait for itself.
        throw StorageError("Store::Write called inside a write job; use the job's Tx instead");
    }
    Job job;
    job.work = &work;
    auto future = job.done.get_future();
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) {
            return core::MakeError(core::ErrorCode::kUnavailable, "Sunucu kapanıyor; lütfen yeniden deneyin.");
        }
        queue_.push_back(&job);
        queue_depth_.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
    }
    queue_cv_.notify_one();
    // The caller's thread waits here (a handler thread, never an I/O thread) until the batch is on disk.
    return future.get();
}

void SqliteStore::WriterLoop() {
    std::vector<Job*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and every queued job has been answered
            }
            // Everything that arrived while the previous commit was syncing goes into this one.
            while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
            queue_depth_.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
        }
        RunBatch(batch);
        batch.clear();
    }
}

bool SqliteStore::RunJobs(std::vector<Job*>& batch, std::vector<core::Result<void>>& results, bool savepoints) {
    Connection& c = *writer_conn_;
    SqliteTx tx(c);
    results.clear();
    for (Job* job : batch) {
        if (savepoints) {
            c.Prepare("SAVEPOINT job").Run();
        }
        core::Result<void> r;
        try {
            r = (*job->work)(tx);
        } catch (const std::exception& e) {
            r = core::MakeError(core::ErrorCode::kInternal, e.what());
        } catch (...) {
            r = core::MakeError(core::ErrorCode::kInternal, "unknown exception in a write job");
        }
        if (!c.InTransaction()) {
            // SQLite rolled the whole transaction back (I/O error, disk full): nothing of the batch stands.
            throw StorageError(r.ok() ? "transaction aborted" : r.error().detail);
        }
        if (!r.ok() && !savepoints) {
            return false;
        }
        if (savepoints) {
            if (!r.ok()) {
                c.Prepare("ROLLBACK TO job").Run();
            }
            c.Prepare("RELEASE job").Run();
        }
        results.push_back(std::move(r));
    }
    return true;
}

void SqliteStore::RunBatch(std::vector<Job*>& batch) {
    Connection& c = *writer_conn_;
    std::vector<core::Result<void>> results;
    results.reserve(batch.size());
    bool batch_failed = false;
    std::string batch_error;
    try {
        // Almost every job succeeds, so the batch first runs without savepoints (each one costs FTS5 a flush
        // of its pending terms). If a job fails, the batch is rolled back and run again, each job in its own
        // savepoint, so the failure undoes only that job. Jobs only read and write through `tx`, so running
        // one twice is the same as running it once.
        c.Prepare("BEGIN IMMEDIATE").Run();
        if (!RunJobs(batch, results, false)) {
            c.Prepare("ROLLBACK").Run();
            c.Prepare("BEGIN IMMEDIATE").Run();
            RunJobs(batch, results, true);
        }
        c.Prepare("COMMIT").Run();
    } catch (...) {
        batch_failed = true;
        try {
            throw;
        } catch (const std::exception& e) {
            batch_error = e.what();
        } catch (...) {
            batch_error = "unknown error";
        }
        if (c.InTransaction()) {
            try {
                c.Exec("ROLLBACK");
            } catch (...) {
                // The connection is unusable; the next batch will report it again.
            }
        }
    }
    if (!batch_failed && commits_since_checkpoint_.fetch_add(1) > 64) {
        checkpoint_cv_.notify_one();
    }
    if (!batch_failed) {
        NotifyCommitted();  // the live-update feed reads what this commit wrote
    }
    last_batch_.store(static_cast<std::int64_t>(batch.size()), std::memory_order_relaxed);
    batches_.fetch_add(1, std::memory_order_relaxed);
    jobs_.fetch_add(static_cast<std::int64_t>(batch.size()), std::memory_order_relaxed);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch_failed) {
            batch[i]->done.set_value(
                core::MakeError(core::ErrorCode::kUnavailable,
                                "Veritabanına yazılamadı; lütfen yeniden deneyin. (" + batch_error + ")"));
        } else {
            batch[i]->done.set_value(std::move(results[i]));
        }
    }
}

void SqliteStore::BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) {
    std::lock_guard lock(queue_mutex_);  // keeps the writer thread idle meanwhile
    Connection& c = *writer_conn_;
    if (relaxed) {
        // Bulk loading writes generated rows that reference each other correctly by construction.
        c.Exec("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -262144");
    }
    SqliteTx tx(c);
    c.Exec("BEGIN IMMEDIATE");
    try {
        work(tx);
        c.Exec("COMMIT");
    } catch (...) {
        c.Exec("ROLLBACK");
        if (relaxed) {
            c.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536");
        }
        throw;
    }
    if (relaxed) {
        c.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536");
        c.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}

std::unique_ptr<Connection> SqliteStore::AcquireReader() {
    // A fixed pool: each connection holds a cache, so a burst of readers waits briefly instead of opening more.
    std::unique_lock lock(readers_mutex_);
    readers_cv_.wait(lock, [this] { return !readers_.empty(); });
    auto conn = std::move(readers_.back());
    readers_.pop_back();
    return conn;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> conn) {
    {
        std::lock_guard lock(readers_mutex_);
        readers_.push_back(std::move(conn));
    }
    readers_cv_.notify_one();
}

void SqliteStore::ReadErased(const std::function<void(Tx&)>& work) {
    auto conn = AcquireReader();
    SqliteTx tx(*conn);
    conn->Exec("BEGIN");
    try {
        work(tx);
        conn->Exec("COMMIT");
    } catch (...) {
        if (conn->InTransaction()) {
            conn->Exec("ROLLBACK");
        }
        ReleaseReader(std::move(conn));
        throw;
    }
    ReleaseReader(std::move(conn));
}

WriteStats SqliteStore::Stats() const {
    return {queue_depth_.load(std::memory_order_relaxed), last_batch_.load(std::memory_order_relaxed),
            batches_.load(std::memory_order_relaxed), jobs_.load(std::memory_order_relaxed)};
}

std::int64_t SqliteStore::SizeBytes() const {
    std::error_code ec;
    std::int64_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        auto size = std::filesystem::file_size(options_.path + suffix, ec);
        if (!ec) {
            total += static_cast<std::int64_t>(size);
        }
    }
    return total;
}

bool SqliteStore::Ping() {
    try {
        auto conn = AcquireReader();
        conn->Exec("SELECT 1 FROM schema_migrations LIMIT 1");
        ReleaseReader(std::move(conn));
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

core::Result<void> SqliteStore::Backup(const std::string& path) {
    // The online backup API copies a consistent snapshot page by page while writers go on.
    std::error_code ec;
    std::filesystem::remove(path, ec);
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
        std::string message = dest != nullptr ? sqlite3_errmsg(dest) : "open failed";
        sqlite3_close(dest);
        return core::MakeError(core::ErrorCode::kUnavailable, "Yedek dosyası açılamadı: " + message);
    }
    auto source = AcquireReader();
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source->Handle(), "main");
    int rc = SQLITE_OK;
    if (backup != nullptr) {
        do {
            rc = sqlite3_backup_step(backup, 1024);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
                sqlite3_sleep(10);
            }
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(backup);
    }
    std::string message = sqlite3_errmsg(dest);
    int final_rc = sqlite3_errcode(dest);
    sqlite3_close(dest);
    ReleaseReader(std::move(source));
    if (backup == nullptr || rc != SQLITE_DONE || final_rc != SQLITE_OK) {
        return core::MakeError(core::ErrorCode::kUnavailable, "Yedek alınamadı: " + message);
    }
    return core::Ok();
}

}  // namespace alo153::storage::sqlite
