// `alo153 migrate-data`: a municipality's SQLite file moved into PostgreSQL, verified, resumable, and served.
#include <filesystem>

#include "integration/live_server.hpp"
#include "storage/postgres/connection.hpp"
#include "support/pg_test_database.hpp"

namespace alo153::test {
namespace {

class MigrateData : public ::testing::Test {
  protected:
    void SetUp() override {
        if (TestPgUrl().empty()) {
            GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps)";
        }
        source_ = dir_.File("alo153.db");
        CopyDatabase(DemoTemplate(), source_);
        target_ = TestPgSchemaUrl(dir_.Path().string());
    }

    CommandResult Run(const std::vector<std::string>& args) {
        return RunCommand(Binary(), args, dir_.Path().string(), std::chrono::seconds(300));
    }
    CommandResult Migrate() { return Run({"migrate-data", "--from", "sqlite:" + source_, "--to", target_}); }

    void ExpectSameCounts() {
        for (const char* table : {"requests", "events", "event_changes", "citizens", "contacts", "users", "categories",
                                  "rollup_requests", "request_fts"}) {
            EXPECT_EQ(QueryInt(target_, std::string("SELECT count(*) FROM ") + table),
                      QueryInt(source_, std::string("SELECT count(*) FROM ") + table))
                << table;
        }
    }

    TempDir dir_;
    std::string source_;
    std::string target_;
};

TEST_F(MigrateData, CopiesEveryTableVerifiesItAndTheServerGoesOnWhereTheFileStopped) {
    CommandResult r = Migrate();
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("migration verified"), std::string::npos) << r.out;
    for (const char* table : {"requests\t", "events\t", "citizens\t", "users\t", "idempotency_keys\t"}) {
        EXPECT_NE(r.out.find(table), std::string::npos) << table << " is in the report:\n" << r.out;
    }
    EXPECT_EQ(r.out.find("DIFFERS"), std::string::npos) << r.out;
    ExpectSameCounts();

    // The same application on the copy: the demo logins work, the next tracking number follows the file's.
    const std::int64_t last = QueryInt(source_, "SELECT max(sequence) FROM requests WHERE year = 2026");
    const Environment env = {{"ALO153_PHOTO_DIR", dir_.File("photos")}};
    LiveServer server(target_, env);
    const Json created =
        server.PostOk("/api/v1/requests", "cagri1", NewRequestBody("Taşımadan sonraki ilk kayıt"), 201);
    const std::string number = created["tracking_number"];
    EXPECT_EQ(std::stoll(number.substr(5, 6)), last + 1) << number;
    EXPECT_GT(created["id"].get<std::int64_t>(), QueryInt(source_, "SELECT max(id) FROM requests"));
    const Json found = server.GetOk("/api/v1/requests?q=" + UrlEncode("tasimadan sonraki"), "cagri1");
    EXPECT_EQ(found["items"].size(), 1u);
}

TEST_F(MigrateData, AnInterruptedCopyGoesOnWhereItStopped) {
    ASSERT_EQ(Migrate().exit_code, 0);
    // The state a copy killed in the middle of event_changes leaves: the chunks committed so far, and the
    // progress row that was committed with the last of them.
    {
        storage::postgres::Connection pg(target_);
        pg.Exec("UPDATE alo153_copy_progress SET done = 0, last_id = 500 WHERE table_name = 'event_changes'");
        pg.Exec("DELETE FROM event_changes WHERE id > 500");
        pg.Exec("DELETE FROM alo153_copy_progress WHERE table_name = 'photos'");
    }
    ASSERT_LT(QueryInt(target_, "SELECT count(*) FROM event_changes"),
              QueryInt(source_, "SELECT count(*) FROM event_changes"));

    CommandResult again = Migrate();
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.err.find("requests: zaten kopyalandı / already copied"), std::string::npos) << again.err;
    EXPECT_NE(again.out.find("migration verified"), std::string::npos) << again.out;
    ExpectSameCounts();
}

TEST_F(MigrateData, RefusesATargetWithRequestsOfItsOwnAndBadArguments) {
    // A database in use: demo data of its own, no copy of ours.
    ASSERT_EQ(RunCli(target_, {"demo", "-n", "5", "--seed", "1"}).exit_code, 0);
    const std::int64_t before = QueryInt(target_, "SELECT count(*) FROM requests");
    CommandResult r = Migrate();
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("refusing to overwrite"), std::string::npos) << r.err;
    EXPECT_EQ(QueryInt(target_, "SELECT count(*) FROM requests"), before) << "nothing of it was touched";

    CommandResult no_file = Run({"migrate-data", "--from", dir_.File("yok.db"), "--to", target_});
    EXPECT_EQ(no_file.exit_code, 1);
    EXPECT_NE(no_file.err.find("--from"), std::string::npos) << no_file.err;
    EXPECT_FALSE(std::filesystem::exists(dir_.File("yok.db"))) << "no file is created for a wrong name";
    CommandResult not_pg = Run({"migrate-data", "--from", source_, "--to", "sqlite:" + dir_.File("b.db")});
    EXPECT_EQ(not_pg.exit_code, 1);
    EXPECT_NE(not_pg.err.find("--to"), std::string::npos) << not_pg.err;
}

}  // namespace
}  // namespace alo153::test
