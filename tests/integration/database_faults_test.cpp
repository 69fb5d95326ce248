// A real `alo153 serve` on a PostgreSQL server that is not there, goes away, comes back, or restarts in the
// middle of a create load: a clear start-up error; 503 with Retry-After and /readyz not ready while it is away;
// recovery without a restart of alo153; and every create answered 201 stored exactly once.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "integration/live_server.hpp"
#include "support/pg_cluster.hpp"

namespace alo153::test {
namespace {

using namespace std::chrono_literals;

#define ALO153_REQUIRE_POSTGRES()                                                 \
    if (!PgCluster::Available()) {                                                \
        GTEST_SKIP() << "PostgreSQL 15 is not installed (make deps installs it)"; \
    }

/// The Idempotency-Key of a load request: its number ("3-17") from the end of its description.
std::string KeyOf(const std::string& description) {
    return "failover-" + description.substr(description.rfind(' ') + 1);
}

/// A private PostgreSQL server (this suite stops and restarts it) with the demo data, and alo153 serving it.
class DatabaseFaults : public ::testing::Test {
  protected:
    void StartServing() {
        pg_ = std::make_unique<PgCluster>();
        env_ = {{"ALO153_PHOTO_DIR", dir_.File("photos")}, {"ALO153_CLASSIFIER_MODEL", dir_.File("classifier.ftz")}};
        auto demo = RunCli(pg_->Url(), {"demo", "-n", "50", "--seed", "153"}, env_);
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        server_ = std::make_unique<LiveServer>(pg_->Url(), env_);
    }

    TempDir dir_;
    Environment env_;
    std::unique_ptr<PgCluster> pg_;
    std::unique_ptr<LiveServer> server_;
};

TEST_F(DatabaseFaults, AnUnreachableDatabaseAtStartUpIsAClearErrorAndExitsNonZero) {
    ALO153_REQUIRE_POSTGRES();
    std::string url;
    {
        PgCluster gone;  // a port where a server was a moment ago
        url = gone.Url();
    }
    for (const char* command : {"serve", "migrate"}) {
        CommandResult r = RunCli(url, {command});
        EXPECT_NE(r.exit_code, 0) << command;
        EXPECT_NE(r.err.find("database.url"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("PostgreSQL"), std::string::npos) << r.err;
    }
}

TEST_F(DatabaseFaults, WhileTheDatabaseIsAwayAnswersAre503AndItRecoversWithoutARestart) {
    ALO153_REQUIRE_POSTGRES();
    StartServing();
    server_->As("cagri1");  // signed in while the database is there
    ASSERT_EQ(server_->Client().Get("/readyz").status, 200);

    pg_->Down();

    Reply list = server_->Get("/api/v1/requests?limit=5", "cagri1");
    EXPECT_TRUE(IsProblem(list, 503, "unavailable")) << list.body;
    EXPECT_EQ(list.Header("Retry-After"), "5");
    Reply create = server_->Post("/api/v1/requests", "cagri1", NewRequestBody("Veritabanı yokken gelen kayıt"));
    EXPECT_TRUE(IsProblem(create, 503, "unavailable")) << create.body;
    EXPECT_EQ(create.Header("Retry-After"), "5");
    Reply ready = server_->Client().Get("/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(ParseJson(ready.body)["checks"]["database"], "unreachable");
    EXPECT_EQ(server_->Client().Get("/healthz").status, 200) << "the process itself is alive";

    pg_->Up();

    EXPECT_EQ(server_->Client().Get("/readyz").status, 200);
    EXPECT_EQ(server_->Get("/api/v1/requests?limit=5", "cagri1").status, 200);
    Reply again = server_->Post("/api/v1/requests", "cagri1", NewRequestBody("Veritabanı dönünce gelen kayıt"));
    EXPECT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(QueryInt(pg_->Url(), "SELECT count(*) FROM requests WHERE description LIKE 'Veritabanı %'"), 1);
    EXPECT_TRUE(server_->Process().Running());
}

TEST_F(DatabaseFaults, AFailoverDuringACreateLoadLosesNothingAcknowledgedAndRetriesWithTheKeyMakeOneEach) {
    ALO153_REQUIRE_POSTGRES();
    StartServing();
    const Session& agent = server_->As("cagri1");
    constexpr int kClients = 8;
    constexpr int kEach = 40;
    std::mutex mutex;
    std::map<std::string, int> first_status;  // description -> status of the first attempt
    std::atomic<int> done{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            TestClient client(server_->Port());
            client.SetTimeout(20s);
            for (int i = 0; i < kEach; ++i) {
                const std::string id = std::to_string(c) + "-" + std::to_string(i);
                const std::string text = "Yük altında kayıt " + id;
                int status = 0;
                try {
                    status = client
                                 .Post("/api/v1/requests", NewRequestBody(text).dump(),
                                       AuthHeaders(agent, {{"Idempotency-Key", KeyOf(text)}}))
                                 .status;
                } catch (const std::exception&) {
                    status = -1;  // the connection broke: unknown, like a 503
                }
                std::lock_guard lock(mutex);
                first_status[text] = status;
                done.fetch_add(1);
            }
        });
    }
    while (done.load() < kClients * kEach / 4) {
        std::this_thread::sleep_for(5ms);
    }
    pg_->Restart();  // a failover in the middle of the load: every connection is cut
    for (auto& t : clients) {
        t.join();
    }

    int acknowledged = 0;
    int refused = 0;
    for (const auto& [text, status] : first_status) {
        ASSERT_TRUE(status == 201 || status == 503 || status == -1) << text << ": " << status;
        if (status == 201) {
            ++acknowledged;
            EXPECT_EQ(QueryInt(pg_->Url(), "SELECT count(*) FROM requests WHERE description = '" + text + "'"), 1)
                << "acknowledged, so stored exactly once: " << text;
        } else {
            ++refused;
        }
    }
    EXPECT_GT(acknowledged, 0);
    // The refused ones are retried with their keys: each ends as exactly one request (201 now, or 200 when
    // the first attempt did commit before its answer was lost).
    TestClient client(server_->Port());
    for (const auto& [text, status] : first_status) {
        if (status == 201) {
            continue;
        }
        Reply r = client.Post("/api/v1/requests", NewRequestBody(text).dump(),
                              AuthHeaders(agent, {{"Idempotency-Key", KeyOf(text)}}));
        EXPECT_TRUE(r.status == 201 || r.status == 200) << text << ": " << r.status << " " << r.body;
        EXPECT_EQ(QueryInt(pg_->Url(), "SELECT count(*) FROM requests WHERE description = '" + text + "'"), 1) << text;
    }
    EXPECT_EQ(QueryInt(pg_->Url(), "SELECT count(*) FROM requests WHERE description LIKE 'Yük altında kayıt %'"),
              kClients * kEach);
    RecordProperty("refused_during_failover", refused);
}

}  // namespace
}  // namespace alo153::test
