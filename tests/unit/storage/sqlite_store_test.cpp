// SQLite-specific behaviour of the store: the schema and its migrations, the group-commit writer, backups.
// What every backend must do (the Tx contract) is in store_contract_test.cpp.
#include "storage/sqlite/sqlite_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <barrier>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace alo153::storage::sqlite {
namespace {

using core::ErrorCode;
using ::testing::IsSupersetOf;

/// Opens the database file with a plain SQLite connection of its own, to check what is on disk independently
/// of the store under test.
class RawDb {
  public:
    explicit RawDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path);
        }
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    std::int64_t Int(const std::string& sql) const {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_));
        }
        std::int64_t v = -1;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            v = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
        return v;
    }

    std::vector<std::string> Texts(const std::string& sql) const {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_));
        }
        std::vector<std::string> out;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            out.emplace_back(p != nullptr ? p : "");
        }
        sqlite3_finalize(stmt);
        return out;
    }

  private:
    sqlite3* db_ = nullptr;
};

core::Citizen CitizenNamed(const std::string& first_name) {
    core::Citizen c;
    c.first_name = first_name;
    c.phone = "+905321234567";
    c.created_at = c.updated_at = core::FromUnix(1'770'000'000);
    return c;
}

class SqliteStoreTest : public ::testing::Test {
  protected:
    std::unique_ptr<SqliteStore> Open() { return std::make_unique<SqliteStore>(SqliteOptions{db_path_}); }

    test::TempDir dir_;
    std::string db_path_ = dir_.File("t.db");
};

TEST_F(SqliteStoreTest, MigrationsCreateTheSchema) {
    auto store = Open();
    EXPECT_EQ(store->SchemaVersion(), SqliteStore::LatestSchemaVersion());
    RawDb raw(db_path_);
    EXPECT_THAT(raw.Texts("SELECT name FROM sqlite_master WHERE type = 'table'"),
                IsSupersetOf({"schema_migrations", "units", "categories", "districts", "neighbourhoods", "users",
                              "sessions", "api_keys", "citizens", "routing_rules", "articles", "article_fts",
                              "requests", "request_fts", "events", "event_changes", "photos", "contacts",
                              "idempotency_keys", "sequences", "rollup_requests", "rollup_open",
                              "rollup_resolution", "rollup_contacts", "pii_access_log"}));
    EXPECT_EQ(raw.Int("SELECT count(*) FROM schema_migrations"), SqliteStore::LatestSchemaVersion());
    EXPECT_EQ(raw.Texts("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST_F(SqliteStoreTest, MigrationsAreIdempotentOnReopen) {
    {
        auto store = Open();
        ASSERT_TRUE(store->Write([](Tx& tx) -> core::Result<core::Id> {
                             return tx.InsertCitizen(CitizenNamed("Ayşe"));
                         }).ok());
    }
    auto reopened = Open();
    EXPECT_EQ(reopened->SchemaVersion(), SqliteStore::LatestSchemaVersion());
    RawDb raw(db_path_);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM schema_migrations"), SqliteStore::LatestSchemaVersion());
    EXPECT_EQ(raw.Int("SELECT count(*) FROM citizens"), 1);
}

TEST_F(SqliteStoreTest, CommittedWriteIsSeenAfterReopen) {
    core::Id id = 0;
    {
        auto store = Open();
        auto written = store->Write([](Tx& tx) -> core::Result<core::Id> {
            return tx.InsertCitizen(CitizenNamed("Mehmet"));
        });
        ASSERT_TRUE(written.ok());
        id = *written;
    }
    auto store = Open();
    auto found = store->Read([&](Tx& tx) { return tx.FindCitizen(id); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->first_name, "Mehmet");
}

TEST_F(SqliteStoreTest, JobReturningAnErrorIsRolledBackWhileOthersInTheBatchCommit) {
    auto store = Open();
    constexpr int kThreads = 48;
    std::vector<std::thread> threads;
    std::vector<int> outcome(kThreads, -1);  // 1 ok, 0 error as expected, 2 wrong
    std::barrier start(kThreads);
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto r = store->Write([&](Tx& tx) -> core::Result<core::Id> {
                core::Id id = tx.InsertCitizen(CitizenNamed("c" + std::to_string(i)));
                tx.NextSequence("shared");
                if (i % 3 == 0) {
                    return core::MakeError(ErrorCode::kValidation, "no");  // after writing: must be undone
                }
                return id;
            });
            outcome[static_cast<std::size_t>(i)] =
                r.ok() ? 1 : (r.error().code == ErrorCode::kValidation ? 0 : 2);
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    std::set<std::string> expected;
    for (int i = 0; i < kThreads; ++i) {
        EXPECT_EQ(outcome[static_cast<std::size_t>(i)], i % 3 == 0 ? 0 : 1) << "writer " << i;
        if (i % 3 != 0) {
            expected.insert("c" + std::to_string(i));
        }
    }
    RawDb raw(db_path_);
    auto names = raw.Texts("SELECT first_name FROM citizens");
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), expected);
    EXPECT_EQ(names.size(), expected.size());
    // The failed jobs' sequence bumps were undone too.
    EXPECT_EQ(raw.Int("SELECT value FROM sequences WHERE name = 'shared'"),
              static_cast<std::int64_t>(expected.size()));
}

TEST_F(SqliteStoreTest, JobThatThrowsIsRolledBackAndReportedAsInternal) {
    auto store = Open();
    auto r = store->Write([](Tx& tx) -> core::Result<core::Id> {
        tx.InsertCitizen(CitizenNamed("throws"));
        throw std::runtime_error("boom");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    // The writer carries on.
    auto next = store->Write([](Tx& tx) -> core::Result<core::Id> { return tx.InsertCitizen(CitizenNamed("ok")); });
    ASSERT_TRUE(next.ok());
    RawDb raw(db_path_);
    EXPECT_EQ(raw.Texts("SELECT first_name FROM citizens"), std::vector<std::string>{"ok"});
}

TEST_F(SqliteStoreTest, FailedStatementInsideAJobRollsBackOnlyThatJob) {
    auto store = Open();
    ASSERT_TRUE(store->Write([](Tx& tx) -> core::Result<void> {
                         tx.InsertIdempotency("user:1", "k", {"h", 1}, core::FromUnix(1));
                         return core::Ok();
                     }).ok());
    // A duplicate primary key throws StorageError from inside the job: that job only is undone.
    auto dup = store->Write([](Tx& tx) -> core::Result<void> {
        tx.InsertCitizen(CitizenNamed("dup"));
        tx.InsertIdempotency("user:1", "k", {"h2", 2}, core::FromUnix(2));
        return core::Ok();
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kInternal);
    RawDb raw(db_path_);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM citizens"), 0);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM idempotency_keys"), 1);
}

TEST_F(SqliteStoreTest, WritesInAReadTransactionAreRefused) {
    auto store = Open();
    EXPECT_THROW(store->Read([](Tx& tx) { tx.InsertCitizen(CitizenNamed("x")); }), StorageError);
    RawDb raw(db_path_);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM citizens"), 0);
}

TEST_F(SqliteStoreTest, GroupCommitBatchesConcurrentWriters) {
    auto store = Open();
    constexpr int kThreads = 32;
    constexpr int kWritesEach = 10;
    std::barrier start(kThreads);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            for (int k = 0; k < kWritesEach; ++k) {
                auto r = store->Write([&](Tx& tx) -> core::Result<std::int64_t> {
                    tx.InsertCitizen(CitizenNamed("w" + std::to_string(i) + "." + std::to_string(k)));
                    return tx.NextSequence("group");
                });
                if (!r.ok()) {
                    failures.fetch_add(1);
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    WriteStats stats = store->Stats();
    EXPECT_EQ(stats.jobs, kThreads * kWritesEach);
    EXPECT_LT(stats.batches, stats.jobs) << "every job committed on its own: no group commit";
    EXPECT_EQ(stats.queue_depth, 0);
    RawDb raw(db_path_);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM citizens"), kThreads * kWritesEach);
    EXPECT_EQ(raw.Int("SELECT value FROM sequences WHERE name = 'group'"), kThreads * kWritesEach);
}

TEST_F(SqliteStoreTest, PingAndSizeReportALiveDatabase) {
    auto store = Open();
    EXPECT_TRUE(store->Ping());
    EXPECT_GT(store->SizeBytes(), 0);
}

TEST_F(SqliteStoreTest, BackupIsAConsistentCopyWithTheSameRows) {
    auto store = Open();
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(store->Write([&](Tx& tx) -> core::Result<void> {
                             tx.InsertCitizen(CitizenNamed("b" + std::to_string(i)));
                             tx.NextSequence("backup");
                             tx.BumpOpenRollup("FEN", core::Status::kRouted, 1);
                             return core::Ok();
                         }).ok());
    }
    std::string copy = dir_.File("backup.db");
    auto backed_up = store->Backup(copy);
    ASSERT_TRUE(backed_up.ok()) << backed_up.error().detail;

    RawDb original(db_path_);
    RawDb backup(copy);
    EXPECT_EQ(backup.Texts("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    for (const char* table : {"citizens", "sequences", "rollup_open", "schema_migrations"}) {
        std::string sql = std::string("SELECT count(*) FROM ") + table;
        EXPECT_EQ(backup.Int(sql), original.Int(sql)) << table;
    }
    EXPECT_EQ(backup.Int("SELECT count(*) FROM citizens"), 20);
    EXPECT_EQ(backup.Int("SELECT n FROM rollup_open WHERE unit = 'FEN'"), 20);

    // The copy is a working database in its own right.
    SqliteStore restored(SqliteOptions{copy});
    EXPECT_EQ(restored.SchemaVersion(), SqliteStore::LatestSchemaVersion());
    EXPECT_EQ(restored.Read([](Tx& tx) { return tx.OpenCounts().size(); }), 1u);
}

TEST_F(SqliteStoreTest, BackupToAnUnwritablePathIsAnError) {
    auto store = Open();
    auto r = store->Backup(dir_.File("no/such/dir/backup.db"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace alo153::storage::sqlite
