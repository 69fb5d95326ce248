#include "storage/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <future>
#include <string>

#include "storage/sqlite/sqlite_tx.hpp"
#include "alo153_storage_embedded.hpp"

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
    writer_ = std::thread([this] { WriterLoop(); });
}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_.joinable()) {
        writer_.join();
    }
}

int SqliteStore::LatestSchemaVersion() { return static_cast<int>(embedded::alo153_storage::files().size()); }

void SqliteStore::Migrate() {
    Connection& c = *writer_conn_;
    c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
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

void SqliteStore::RunBatch(std::vector<Job*>& batch) {
    Connection& c = *writer_conn_;
    SqliteTx tx(c);
    std::vector<core::Result<void>> results;
    results.reserve(batch.size());
    bool batch_failed = false;
    std::string batch_error;
    try {
        c.Exec("BEGIN IMMEDIATE");
        for (Job* job : batch) {
            c.Exec("SAVEPOINT job");
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
            if (r.ok()) {
                c.Exec("RELEASE job");
            } else {
                c.Exec("ROLLBACK TO job; RELEASE job");
            }
            results.push_back(std::move(r));
        }
        c.Exec("COMMIT");
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
    last_batch_.store(static_cast<std::int64_t>(batch.size()), std::memory_order_relaxed);
    batches_.fetch_add(1, std::memory_order_relaxed);
    jobs_.fetch_add(static_cast<std::int64_t>(batch.size()), std::memory_order_relaxed);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch_failed) {
            batch[i]->done.set_value(core::MakeError(core::ErrorCode::kUnavailable,
                                                     "Veritabanına yazılamadı; lütfen yeniden deneyin. (" +
                                                         batch_error + ")"));
        } else {
            batch[i]->done.set_value(std::move(results[i]));
        }
    }
}

void SqliteStore::BulkLoad(const std::function<void(Tx&)>& work, bool relaxed) {
    std::lock_guard lock(queue_mutex_);  // keeps the writer thread idle meanwhile
    Connection& c = *writer_conn_;
    if (relaxed) {
        c.Exec("PRAGMA synchronous = OFF");
    }
    SqliteTx tx(c);
    c.Exec("BEGIN IMMEDIATE");
    try {
        work(tx);
        c.Exec("COMMIT");
    } catch (...) {
        c.Exec("ROLLBACK");
        if (relaxed) {
            c.Exec("PRAGMA synchronous = FULL");
        }
        throw;
    }
    if (relaxed) {
        c.Exec("PRAGMA synchronous = FULL");
        c.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}

std::unique_ptr<Connection> SqliteStore::AcquireReader() {
    {
        std::lock_guard lock(readers_mutex_);
        if (!readers_.empty()) {
            auto conn = std::move(readers_.back());
            readers_.pop_back();
            return conn;
        }
    }
    // More concurrent readers than pooled connections: open one more; it joins the pool afterwards.
    return std::make_unique<Connection>(options_.path, Connection::Mode::kReader);
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(readers_mutex_);
    if (static_cast<int>(readers_.size()) < options_.read_connections * 4) {
        readers_.push_back(std::move(conn));
    }
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
