// Operations endpoints and the CLI against real database files.
#include <filesystem>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

class Ops : public ServerSuite<Ops> {};

TEST_F(Ops, HealthAndReadiness) {
    Reply health = S().Get("/healthz", "");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(ParseJson(health.body)["status"], "ok");
    Reply ready = S().Get("/readyz", "");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ParseJson(ready.body)["checks"]["database"], "ok") << ready.body;
}

TEST_F(Ops, MetricsInPrometheusText) {
    S().PostOk("/api/v1/requests", "cagri1", NewRequestBody("Su sayacı donmuş"), 201);
    Reply m = S().Get("/metrics", "");
    ASSERT_EQ(m.status, 200);
    EXPECT_EQ(m.Header("Content-Type").rfind("text/plain", 0), 0u) << m.Header("Content-Type");
    for (const char* name :
         {"alo153_http_requests_total", "alo153_write_queue_depth", "alo153_group_commit_last_batch_size",
          "alo153_database_size_bytes", "alo153_http_request_duration_seconds"}) {
        EXPECT_NE(m.body.find(std::string("\n") + name), std::string::npos) << name;
        EXPECT_NE(m.body.find(std::string("# TYPE ") + name + " "), std::string::npos) << name;
    }
    EXPECT_NE(m.body.find(R"(alo153_http_requests_total{route="/api/v1/requests",method="POST",status="201"})"),
              std::string::npos);
    // The database size is a real figure.
    auto at = m.body.find("\nalo153_database_size_bytes ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GT(std::stod(m.body.substr(at + std::string("\nalo153_database_size_bytes ").size())), 100000.0);
    at = m.body.find("\nalo153_group_commit_last_batch_size ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_GE(std::stod(m.body.substr(at + std::string("\nalo153_group_commit_last_batch_size ").size())), 1.0);
}

class Cli : public ServerSuite<Cli> {
  protected:
    TempDir dir_;
};

TEST_F(Cli, UserAddThenSignInThenDisable) {
    const std::string db = dir_.File("users.db");
    CopyDatabase(DemoTemplate(), db);
    CommandResult added = RunCli(db, {"user", "add", "yeni.personel", "--name", "Deniz Er", "--role", "unit_staff",
                                      "--unit", "FEN", "--password", "cok-gizli-parola-42"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    CommandResult list = RunCli(db, {"user", "list"});
    EXPECT_NE(list.out.find("yeni.personel\tunit_staff\tFEN\tactive"), std::string::npos) << list.out;

    {
        LiveServer server(db);
        Session s;
        Reply r = SignIn(server.Client(), "yeni.personel", "cok-gizli-parola-42", &s);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(s.user["role"], "unit_staff");
        EXPECT_EQ(s.user["unit"], "FEN");
        EXPECT_TRUE(IsProblem(SignIn(server.Client(), "yeni.personel", "yanlis", nullptr), 401, "unauthenticated"));
        Reply queue = server.Client().Get("/api/v1/requests", AuthHeaders(s));
        ASSERT_EQ(queue.status, 200) << queue.body;
        const Json items = ParseJson(queue.body)["items"];
        for (const auto& item : items) {
            EXPECT_EQ(item["unit"], "FEN");
        }

        // Disabling the account (with the server running: another process) ends its sessions and sign-ins.
        CommandResult disabled = RunCli(db, {"user", "disable", "yeni.personel"});
        ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
        EXPECT_TRUE(IsProblem(SignIn(server.Client(), "yeni.personel", "cok-gizli-parola-42", nullptr), 401,
                              "unauthenticated"));
        EXPECT_TRUE(IsProblem(server.Client().Get("/api/v1/auth/me", AuthHeaders(s)), 401, "unauthenticated"));
    }
    EXPECT_NE(RunCli(db, {"user", "add", "rolsuz", "--role", "kral", "--password", "x"}).exit_code, 0);
    CommandResult again =
        RunCli(db, {"user", "add", "yeni.personel", "--role", "agent", "--password", "baska-parola-1"});
    EXPECT_NE(again.exit_code, 0) << "a username is taken once";
    EXPECT_FALSE(again.err.empty());
}

TEST_F(Cli, ProductionDatabaseHasNoAccounts) {
    const std::string db = dir_.File("production.db");
    CommandResult migrated = RunCli(db, {"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM users"), 0);
    EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM requests"), 0);
    EXPECT_GT(QueryInt(db, "SELECT count(*) FROM categories"), 50);
    EXPECT_EQ(IntegrityCheck(db), "ok");
    EXPECT_EQ(RunCli(db, {"user", "list"}).out, "");

    LiveServer server(db);
    EXPECT_EQ(server.Process().Stdout().find("cagri1"), std::string::npos) << "no demo logins are printed";
    for (const auto& login : {"admin", "cagri1", "saski.personel"}) {
        EXPECT_TRUE(IsProblem(SignIn(server.Client(), login, kDemoPassword, nullptr), 401, "unauthenticated")) << login;
    }
    EXPECT_EQ(server.Process().Stop(), 0) << "a graceful stop on SIGTERM";
}

TEST_F(Cli, BackupOfALiveDatabaseIsConsistent) {
    // Writes on the live server, then a backup from another process while it serves.
    for (int i = 0; i < 5; ++i) {
        S().PostOk("/api/v1/requests", "cagri1", NewRequestBody("Yedek öncesi kayıt " + std::to_string(i)), 201);
    }
    const std::string backup = dir_.File("backup.db");
    CommandResult r = RunCli(S().Db(), {"backup", backup});
    if (ServersOnPostgres()) {
        // A database server is backed up with its own tools; the command says which, and writes nothing.
        EXPECT_NE(r.exit_code, 0);
        EXPECT_NE(r.err.find("pg_dump"), std::string::npos) << r.err;
        EXPECT_FALSE(std::filesystem::exists(backup));
        return;
    }
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(std::filesystem::exists(backup));
    EXPECT_EQ(IntegrityCheck(backup), "ok");
    EXPECT_EQ(QueryInt(backup, "SELECT count(*) FROM requests"), QueryInt(S().Db(), "SELECT count(*) FROM requests"));
    EXPECT_EQ(QueryInt(backup, "SELECT count(*) FROM events"), QueryInt(S().Db(), "SELECT count(*) FROM events"));
    EXPECT_EQ(QueryInt(backup, "SELECT count(*) FROM requests WHERE description LIKE 'Yedek öncesi kayıt %'"), 5);

    // The copy is a working database: a server starts on it and finds the requests.
    const std::string copy = dir_.File("restored.db");
    CopyDatabase(backup, copy);
    LiveServer restored(copy);
    Session s;
    ASSERT_EQ(SignIn(restored.Client(), "cagri1", kDemoPassword, &s).status, 200);
    Reply found = restored.Client().Get("/api/v1/requests?q=" + UrlEncode("yedek oncesi"), AuthHeaders(s));
    ASSERT_EQ(found.status, 200);
    EXPECT_EQ(ParseJson(found.body)["items"].size(), 5u);
}

}  // namespace
}  // namespace alo153::test
