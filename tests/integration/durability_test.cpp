// Issue 2, "Durability": a 201 means committed to disk. Creates from many clients, SIGKILL in the middle of the
// load, restart on the same file: every acknowledged request is there once, with its events, and the file is sound.
#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

constexpr int kClients = 16;
constexpr auto kLoadTime = std::chrono::milliseconds(2000);
constexpr const char* kMarker = "Dayanıklılık denemesi";

struct Acknowledged {
    std::string key;
    std::string description;
    std::string body;  ///< exactly as sent (an Idempotency-Key retry must send the same bytes)
    std::string tracking_number;
    std::int64_t id = 0;
};

/// Sends creates until `stop` (or until the server is gone), recording every 201. A non-201 answer counts as a
/// failure unless the server was already being stopped (`ending`).
void Drive(unsigned short port, const Session& session, int client_no, const std::atomic<bool>& stop,
           const std::atomic<bool>& ending, std::mutex& mutex, std::vector<Acknowledged>& acked,
           std::atomic<int>& failures) {
    TestClient client(port);
    client.SetTimeout(std::chrono::seconds(10));
    for (int i = 0; !stop.load(); ++i) {
        Acknowledged a;
        a.key = "durability-" + std::to_string(client_no) + "-" + std::to_string(i);
        a.description =
            std::string(kMarker) + " " + std::to_string(client_no) + "/" + std::to_string(i) + ": su borusu patladı";
        a.body = NewRequestBody(a.description, "0532 700 " + std::to_string(10 + client_no) + " 00").dump();
        try {
            Reply r = client.Post("/api/v1/requests", a.body, AuthHeaders(session, {{"Idempotency-Key", a.key}}));
            if (r.status != 201) {
                if (!ending.load()) {
                    ++failures;
                }
                continue;
            }
            Json j = ParseJson(r.body);
            a.tracking_number = j["tracking_number"];
            a.id = j["id"];
            std::lock_guard lock(mutex);
            acked.push_back(std::move(a));
        } catch (const std::exception&) {
            // The server is gone: whatever was in flight may or may not have committed; it was not acknowledged.
            return;
        }
    }
}

struct LoadResult {
    std::vector<Acknowledged> acked;
    int failures = 0;
    int exit_status = 0;  ///< how the server ended
};

/// Serves `db`, drives creates from kClients clients for `load_time`, then ends the server with `end` while the
/// clients are still sending.
LoadResult LoadThen(const std::string& db, std::chrono::milliseconds load_time,
                    const std::function<int(ServerProcess&)>& end) {
    LoadResult result;
    ServerProcess server(Binary(), db);
    TestClient login(server.Port());
    Session session;
    if (SignIn(login, "cagri1", kDemoPassword, &session).status != 200) {
        ADD_FAILURE() << "sign-in failed";
        return result;
    }
    std::atomic<bool> stop{false};
    std::atomic<bool> ending{false};
    std::atomic<int> failures{0};
    std::mutex mutex;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back(Drive, server.Port(), std::cref(session), c, std::cref(stop), std::cref(ending),
                             std::ref(mutex), std::ref(result.acked), std::ref(failures));
    }
    std::this_thread::sleep_for(load_time);
    ending = true;
    result.exit_status = end(server);
    stop = true;
    for (auto& t : clients) {
        t.join();
    }
    result.failures = failures.load();
    std::cout << "[          ] " << result.acked.size() << " creates acknowledged in " << load_time.count()
              << " ms before the server was ended\n";
    return result;
}

/// Every acknowledged request is on the restarted server, by its tracking number, with its created + routed events.
void ExpectAllThere(LiveServer& server, const std::vector<Acknowledged>& acked) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> missing{0};
    std::atomic<int> wrong{0};
    std::atomic<int> without_history{0};
    const Session& session = server.As("cagri1");
    std::vector<std::thread> checkers;
    for (int c = 0; c < 8; ++c) {
        checkers.emplace_back([&] {
            TestClient client(server.Port());
            for (std::size_t i = next++; i < acked.size(); i = next++) {
                const Acknowledged& a = acked[i];
                Reply r = client.Get("/api/v1/requests/by-number/" + a.tracking_number, AuthHeaders(session));
                if (r.status != 200) {
                    ++missing;
                    continue;
                }
                Json j = ParseJson(r.body);
                if (j["id"] != a.id || j["description"] != a.description || j["unit"] != "SASKI") {
                    ++wrong;
                }
                Reply events = client.Get("/api/v1/requests/" + std::to_string(a.id) + "/events", AuthHeaders(session));
                const Json history = ParseJson(events.body);
                std::vector<std::string> kinds;
                for (const auto& e : history["items"]) {
                    kinds.push_back(e["kind"]);
                }
                if (kinds != std::vector<std::string>{"created", "routed"}) {
                    ++without_history;
                }
            }
        });
    }
    for (auto& t : checkers) {
        t.join();
    }
    EXPECT_EQ(missing.load(), 0) << "acknowledged requests lost";
    EXPECT_EQ(wrong.load(), 0) << "acknowledged tracking numbers pointing at other requests";
    EXPECT_EQ(without_history.load(), 0) << "requests without exactly their created + routed events";
}

/// None twice (by tracking number, or by idempotency key: each key's description is unique), each with its events
/// and rollups; returns how many load requests were committed.
std::int64_t ExpectEachOnce(const std::string& db, std::int64_t requests_before, std::int64_t rollup_before,
                            std::size_t acknowledged) {
    const std::string load = "description LIKE '" + std::string(kMarker) + "%'";
    EXPECT_TRUE(
        QueryStrings(db, "SELECT tracking_number FROM requests GROUP BY tracking_number HAVING count(*) > 1").empty());
    EXPECT_TRUE(
        QueryStrings(db, "SELECT description FROM requests WHERE " + load + " GROUP BY description HAVING count(*) > 1")
            .empty());
    const std::int64_t loaded = QueryInt(db, "SELECT count(*) FROM requests WHERE " + load);
    EXPECT_GE(loaded, static_cast<std::int64_t>(acknowledged));
    EXPECT_LE(loaded, static_cast<std::int64_t>(acknowledged) + kClients) << "at most one unacknowledged per client";
    EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM requests"), requests_before + loaded);
    EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM idempotency_keys WHERE key LIKE 'durability-%'"), loaded);
    EXPECT_EQ(
        QueryInt(db, "SELECT count(*) FROM events WHERE request_id IN (SELECT id FROM requests WHERE " + load + ")"),
        2 * loaded)
        << "each committed request has its events (same transaction)";
    EXPECT_EQ(QueryInt(db, "SELECT coalesce(sum(n), 0) FROM rollup_requests"), rollup_before + loaded)
        << "rollups committed with the requests";
    return loaded;
}

TEST(Durability, AcknowledgedCreatesSurviveSigkill) {
    TempDir dir;
    const std::string db = dir.File("durability.db");
    CopyDatabase(DemoTemplate(), db);
    const std::int64_t requests_before = QueryInt(db, "SELECT count(*) FROM requests");
    const std::int64_t rollup_before = QueryInt(db, "SELECT coalesce(sum(n), 0) FROM rollup_requests");

    // Mid-load, the server dies without any chance to finish, flush or checkpoint anything.
    const LoadResult run = LoadThen(db, kLoadTime, [](ServerProcess& s) { return s.Kill(); });
    EXPECT_EQ(run.exit_status, 128 + SIGKILL);
    EXPECT_EQ(run.failures, 0) << "every create before the kill should succeed";
    ASSERT_GT(run.acked.size(), 50u) << "the load did not get going";

    // Restart on the same file: SQLite recovers from the WAL.
    LiveServer restarted(db);
    EXPECT_EQ(IntegrityCheck(db), "ok");
    ExpectAllThere(restarted, run.acked);
    ExpectEachOnce(db, requests_before, rollup_before, run.acked.size());

    // A client retrying after the crash gets the first result, and new numbers are never reused.
    const Acknowledged& last = run.acked.back();
    Reply retry = restarted.Call("POST", "/api/v1/requests", "cagri1", last.body, {{"Idempotency-Key", last.key}});
    EXPECT_EQ(retry.status, 200) << retry.body;
    EXPECT_EQ(ParseJson(retry.body)["tracking_number"], last.tracking_number);
    Json fresh = restarted.PostOk("/api/v1/requests", "cagri1", NewRequestBody("Kazadan sonra ilk kayıt"), 201);
    std::set<std::string> numbers;
    for (const auto& a : run.acked) {
        numbers.insert(a.tracking_number);
    }
    EXPECT_FALSE(numbers.count(fresh["tracking_number"])) << "a tracking number was given out twice";

    EXPECT_EQ(restarted.Process().Stop(), 0);
    EXPECT_EQ(IntegrityCheck(db), "ok");
}

TEST(Durability, GracefulStopUnderLoadKeepsEveryAcknowledgedCreate) {
    TempDir dir;
    const std::string db = dir.File("graceful.db");
    CopyDatabase(DemoTemplate(), db);
    const std::int64_t requests_before = QueryInt(db, "SELECT count(*) FROM requests");
    const std::int64_t rollup_before = QueryInt(db, "SELECT coalesce(sum(n), 0) FROM rollup_requests");

    const LoadResult run = LoadThen(db, std::chrono::milliseconds(1000), [](ServerProcess& s) { return s.Stop(); });
    EXPECT_EQ(run.exit_status, 0) << "SIGTERM under load should end the server cleanly";
    EXPECT_EQ(run.failures, 0);
    ASSERT_GT(run.acked.size(), 20u);
    EXPECT_EQ(IntegrityCheck(db), "ok");
    ExpectEachOnce(db, requests_before, rollup_before, run.acked.size());

    LiveServer restarted(db);
    ExpectAllThere(restarted, run.acked);
}

}  // namespace
}  // namespace alo153::test
