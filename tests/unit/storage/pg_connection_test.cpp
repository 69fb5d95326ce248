// Connection's pipeline mode against a real server: queued statements travel with the next read or COMMIT,
// and a queued statement's failure is thrown before anything of its transaction commits.

#include "storage/postgres/connection.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/pg_test_database.hpp"
#include "support/temp_dir.hpp"

namespace alo153::storage::postgres {
namespace {

using ::testing::HasSubstr;

constexpr const char* kCreate = "CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, v TEXT NOT NULL)";
constexpr const char* kInsert = "INSERT INTO t (id, v) VALUES ($1, $2)";
constexpr const char* kCount = "SELECT count(*) FROM t";
constexpr const char* kValue = "SELECT v FROM t WHERE id = $1";

class PgConnectionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (test::TestPgUrl().empty()) {
            GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps installs it)";
        }
        test::TempDir key;
        conn_ = std::make_unique<Connection>(test::TestPgSchemaUrl(key.Path().string()));
        conn_->Exec(kCreate);
    }

    std::int64_t Count() {
        auto s = conn_->Prepare(kCount);
        return s.Step() ? s.Int(0) : -1;
    }

    std::unique_ptr<Connection> conn_;
};

TEST_F(PgConnectionTest, QueuedStatementsAreSeenByTheNextReadAndCommitted) {
    conn_->Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
    for (int i = 1; i <= 3; ++i) {
        conn_->Prepare(kInsert).Bind(1, i).Bind(2, "değer " + std::to_string(i)).Run();
    }
    {
        auto s = conn_->Prepare(kValue);
        s.Bind(1, 2);
        ASSERT_TRUE(s.Step());
        EXPECT_EQ(s.Text(0), "değer 2");
    }
    EXPECT_EQ(conn_->Commit(), "COMMIT");
    EXPECT_TRUE(conn_->Healthy());
    EXPECT_EQ(Count(), 3);
}

TEST_F(PgConnectionTest, AQueuedFailureIsThrownByCommitAndNothingIsWritten) {
    conn_->Prepare(kInsert).Bind(1, 1).Bind(2, "first").Run();  // outside a transaction: at once
    conn_->Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
    conn_->Prepare(kInsert).Bind(1, 2).Bind(2, "second").Run();
    conn_->Prepare(kInsert).Bind(1, 1).Bind(2, "duplicate").Run();
    conn_->Prepare(kInsert).Bind(1, 3).Bind(2, "after the failure").Run();
    try {
        conn_->Commit();
        FAIL() << "the duplicate key was not reported";
    } catch (const PgError& e) {
        EXPECT_TRUE(e.UniqueViolation()) << e.what();
        EXPECT_FALSE(e.ConnectionLost());
        EXPECT_THAT(e.what(), HasSubstr("INSERT INTO t"));
    }
    conn_->Rollback();
    EXPECT_TRUE(conn_->Healthy());
    EXPECT_EQ(Count(), 1);
}

TEST_F(PgConnectionTest, AQueuedFailureIsThrownByTheNextReadNotHiddenByIt) {
    EXPECT_EQ(Count(), 0);  // the read below is prepared already: its Step is what meets the failure
    conn_->Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
    conn_->Prepare(kInsert).Bind(1, 1).Bind(2, "x").Run();
    conn_->Prepare(kInsert).BindNull(1).Bind(2, "no id").Run();  // NOT NULL violation, queued
    try {
        auto s = conn_->Prepare(kCount);
        s.Step();
        FAIL() << "the queued failure was not reported";
    } catch (const PgError& e) {
        EXPECT_EQ(e.SqlState(), "23502") << e.what();
    }
    conn_->Rollback();
    EXPECT_TRUE(conn_->Healthy());
    EXPECT_EQ(Count(), 0);
}

TEST_F(PgConnectionTest, StatementsPreparedAndExecutedMidTransactionKeepTheOrder) {
    conn_->Begin("BEGIN ISOLATION LEVEL READ COMMITTED");
    conn_->Prepare(kInsert).Bind(1, 1).Bind(2, "a").Run();
    conn_->Exec("CREATE TABLE u (x INT)");  // leaves pipeline mode for a moment, after the queued insert
    auto dynamic = conn_->PrepareDynamic("SELECT count(*) FROM t WHERE v = $1");  // first use: prepared now
    dynamic.Bind(1, "a");
    ASSERT_TRUE(dynamic.Step());
    EXPECT_EQ(dynamic.Int(0), 1);
    EXPECT_EQ(conn_->Commit(), "COMMIT");
    EXPECT_EQ(Count(), 1);
}

TEST_F(PgConnectionTest, ThousandsOfQueuedStatementsAllLand) {
    conn_->Begin("BEGIN");
    for (int i = 1; i <= 5000; ++i) {
        conn_->Prepare(kInsert).Bind(1, i).Bind(2, "v").Run();
    }
    EXPECT_EQ(conn_->Commit(), "COMMIT");
    EXPECT_EQ(Count(), 5000);
}

TEST_F(PgConnectionTest, RowCountsAreReadAtOnceInsideATransaction) {
    conn_->Begin("BEGIN");
    conn_->Prepare(kInsert).Bind(1, 1).Bind(2, "a").Run();
    conn_->Prepare(kInsert).Bind(1, 2).Bind(2, "a").Run();
    auto update = conn_->Prepare("UPDATE t SET v = 'b' WHERE v = $1");
    EXPECT_EQ(update.Bind(1, "a").RunAffected(), 2);
    EXPECT_EQ(conn_->Commit(), "COMMIT");
}

}  // namespace
}  // namespace alo153::storage::postgres
