// What only the PostgreSQL store does (the Store contract covers what both do): several stores on one
// database hear each other's commits, migrate once when they start together, and live through a server
// restart; a server that is not there is a clear error. Against real PostgreSQL 15 servers.
#include "storage/postgres/pg_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/open_store.hpp"
#include "support/pg_cluster.hpp"
#include "support/pg_test_database.hpp"
#include "support/temp_dir.hpp"

namespace alo153::storage::postgres {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

#define ALO153_REQUIRE_POSTGRES()                                                 \
    if (test::TestPgUrl().empty()) {                                              \
        GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps installs it)"; \
    }

/// A schema of its own for one test.
std::string FreshSchemaUrl() {
    test::TempDir dir;
    return test::TestPgSchemaUrl(dir.Path().string());
}

core::Citizen SomeCitizen() {
    core::Citizen c;
    c.phone = "+905321112233";
    c.first_name = "Zeynep";
    c.created_at = c.updated_at = core::FromUnix(1'770'000'000);
    return c;
}

core::Result<Id> AddCitizen(Store& store) {
    return store.Write([](Tx& tx) -> core::Result<Id> { return tx.InsertCitizen(SomeCitizen()); });
}

/// Counts the calls of a commit listener and lets a test wait for the next one.
class Heard {
  public:
    std::function<void()> Listener() {
        return [this] {
            {
                std::lock_guard lock(mutex_);
                ++count_;
            }
            cv_.notify_all();
        };
    }
    int Count() {
        std::lock_guard lock(mutex_);
        return count_;
    }
    bool WaitAbove(int n, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return count_ > n; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    int count_ = 0;
};

TEST(PgStore, AStoreHearsTheCommitsOfAnotherOnTheSameDatabaseWithinASecond) {
    ALO153_REQUIRE_POSTGRES();
    const std::string url = FreshSchemaUrl();
    PgStore writer({url});
    PgStore reader({url});
    Heard heard;
    reader.SetCommitListener(heard.Listener());
    std::this_thread::sleep_for(200ms);  // the reader's LISTEN connection is up
    const int before = heard.Count();

    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(AddCitizen(writer).ok());

    ASSERT_TRUE(heard.WaitAbove(before, 1s)) << "no NOTIFY reached the other store within 1 s";
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    const auto seen = reader.Read([](Tx& tx) { return tx.FindCitizensByPhone("+905321112233"); });
    EXPECT_EQ(seen.size(), 1u) << "what woke the reader is committed and visible to it";
    reader.SetCommitListener({});
}

TEST(PgStore, StoresStartingTogetherMigrateOnce) {
    ALO153_REQUIRE_POSTGRES();
    const std::string url = FreshSchemaUrl();
    std::vector<std::unique_ptr<PgStore>> stores(4);
    std::vector<std::string> errors(stores.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < stores.size(); ++i) {
        threads.emplace_back([&, i] {
            try {
                stores[i] = std::make_unique<PgStore>(PgOptions{url});
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (std::size_t i = 0; i < stores.size(); ++i) {
        ASSERT_TRUE(stores[i]) << errors[i];
        EXPECT_EQ(stores[i]->SchemaVersion(), PgStore::LatestSchemaVersion());
    }
    const auto versions = stores[0]->Read([](Tx& tx) { return tx.ListUnits().size(); });
    EXPECT_EQ(versions, 0u);
    Connection conn(url);
    auto s = conn.Prepare("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
    ASSERT_TRUE(s.Step());
    EXPECT_EQ(s.Int(0), PgStore::LatestSchemaVersion());
    EXPECT_EQ(s.Int(1), PgStore::LatestSchemaVersion());
}

TEST(PgStore, AnUnreachableServerIsAClearErrorNamingTheSetting) {
    ALO153_REQUIRE_POSTGRES();
    // A port nothing listens on: the test cluster's own, once it is stopped.
    std::string url;
    {
        test::PgCluster pg;
        url = pg.Url();
    }
    auto store = OpenStore({"postgresql://alo153:secret@127.0.0.1:" + url.substr(url.rfind(':') + 1)});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
    EXPECT_THAT(store.error().detail, HasSubstr("database.url"));
    EXPECT_THAT(store.error().detail, HasSubstr("alo153:***@127.0.0.1"));
    EXPECT_THAT(store.error().detail, ::testing::Not(HasSubstr("secret")));
}

TEST(PgStore, WritesAndReadsGoOnAfterTheServerRestarts) {
    ALO153_REQUIRE_POSTGRES();
    test::PgCluster pg;
    PgStore store({pg.Url()});
    for (int i = 0; i < 6; ++i) {
        ASSERT_TRUE(AddCitizen(store).ok());  // several pooled connections, all lost by the restart
    }

    pg.Restart();

    // A job that had not reached COMMIT is run again on a new connection: no error reaches the caller.
    auto written = AddCitizen(store);
    ASSERT_TRUE(written.ok()) << written.error().detail;
    const auto count = store.Read([](Tx& tx) { return tx.FindCitizensByPhone("+905321112233").size(); });
    EXPECT_EQ(count, 7u);
    EXPECT_TRUE(store.Ping());
}

TEST(PgStore, WhileTheServerIsDownWritesAreUnavailableAndReadsThrowUnavailable) {
    ALO153_REQUIRE_POSTGRES();
    auto pg = std::make_unique<test::PgCluster>();
    PgStore store({pg->Url()});
    ASSERT_TRUE(AddCitizen(store).ok());

    pg.reset();  // stopped and gone

    auto written = AddCitizen(store);
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, core::ErrorCode::kUnavailable);
    EXPECT_THROW(store.Read([](Tx& tx) { return tx.ListUnits(); }), core::UnavailableError);
    EXPECT_FALSE(store.Ping());
}

TEST(PgStore, BackupRefusesAndSaysWhichToolsToUse) {
    ALO153_REQUIRE_POSTGRES();
    PgStore store({FreshSchemaUrl()});
    test::TempDir dir;
    auto r = store.Backup(dir.File("copy.db"));
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(r.error().detail, HasSubstr("pg_dump"));
    EXPECT_THAT(r.error().detail, HasSubstr("pg_basebackup"));
    EXPECT_GT(store.SizeBytes(), 0);
}

TEST(PgStore, TrackingNumbersNeverWaitForAnOpenCreateAndARolledBackOneLeavesAGap) {
    ALO153_REQUIRE_POSTGRES();
    PgStore store({FreshSchemaUrl()});
    auto next = [&] {
        return store.Write([](Tx& tx) -> core::Result<std::int64_t> { return tx.NextSequence("tracking-2026"); });
    };
    ASSERT_EQ(*next(), 1);  // the first one creates the year's sequence

    std::promise<std::int64_t> taken;
    std::promise<void> finish;
    std::thread open_create([&] {
        auto r = store.Write([&](Tx& tx) -> core::Result<std::int64_t> {
            taken.set_value(tx.NextSequence("tracking-2026"));
            finish.get_future().wait();  // a create still running: its transaction is open
            return core::MakeError(core::ErrorCode::kValidation, "rolled back");
        });
        EXPECT_FALSE(r.ok());
    });
    EXPECT_EQ(taken.get_future().get(), 2);

    EXPECT_EQ(*next(), 3) << "the next create got its number while the other was still open";

    finish.set_value();
    open_create.join();
    EXPECT_EQ(*next(), 4) << "2 was rolled back and is not given again";
}

}  // namespace
}  // namespace alo153::storage::postgres
