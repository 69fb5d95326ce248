#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace alo153::test {

using Json = nlohmann::json;
using Reply = TestClient::Reply;
using Headers = TestClient::Headers;

inline constexpr const char* kDemoPassword = "alo153-demo";
inline constexpr const char* kProblemBase = "https://alo153.org/problems/";

/// The `alo153` executable under test.
std::string Binary();

/// A demo database (`alo153 demo -n 300 --seed 153`) made once per test process; copy it, never serve it.
const std::string& DemoTemplate();
/// Copies a (closed) SQLite database with its WAL file, if any.
void CopyDatabase(const std::string& from, const std::string& to);

/// Runs `alo153 --db db args...` and returns what it printed.
CommandResult RunCli(const std::string& db, const std::vector<std::string>& args, const Environment& env = {});

/// A signed-in staff member: the session cookie and the CSRF token for writes.
struct Session {
    std::string cookie;  ///< "alo153_session=..."
    std::string csrf;
    Json user;
};

/// Signs in; the reply is returned as is, the session filled only on 200.
Reply SignIn(TestClient& client, const std::string& username, const std::string& password, Session* session);

/// Cookie, CSRF token and JSON content type for a session, plus `extra`.
Headers AuthHeaders(const Session& session, Headers extra = {});

/// The body as JSON (a discarded value when it is not JSON).
Json ParseJson(const std::string& body);

/// Whether LiveServer::StartDemo serves PostgreSQL (ctest's integration_tests_postgres) rather than SQLite.
bool ServersOnPostgres();

/// The first column of a query's last row (QueryInt) or of every row (QueryStrings): read-only with the sqlite3
/// C API beside a running server (WAL readers do not block), or through libpq when `db` is a PostgreSQL URL.
std::int64_t QueryInt(const std::string& db, const std::string& sql);
std::vector<std::string> QueryStrings(const std::string& db, const std::string& sql);
/// `PRAGMA integrity_check` as one string ("ok" when healthy).
std::string IntegrityCheck(const std::string& db);

/// Row counts of every table a write could touch, to prove that bad input wrote nothing.
struct RowCounts {
    std::map<std::string, std::int64_t> rows;
    bool operator==(const RowCounts&) const = default;
};
RowCounts CountRows(const std::string& db);
void PrintTo(const RowCounts& counts, std::ostream* os);

/// Checks an RFC 9457 problem: status, content type, stable type URI, a Turkish title, the status member.
::testing::AssertionResult IsProblem(const Reply& reply, int status, const std::string& type_slug);

/// A real server on a copy of the demo database in its own temp dir, with one sign-in per user (Argon2 is slow
/// on purpose, so sessions are reused across the tests of a suite).
class LiveServer {
  public:
    /// Copies the demo template and serves it; with ALO153_TEST_SERVER_DATABASE=postgres, makes the same demo
    /// data in a schema of its own in the run's PostgreSQL server (tests/support/pg_test_database) instead.
    static std::unique_ptr<LiveServer> StartDemo();
    /// Serves an existing database (a file inside a dir the LiveServer does not own, or a PostgreSQL URL).
    explicit LiveServer(std::string db_path, Environment env = {});

    unsigned short Port() const { return server_->Port(); }
    const std::string& Db() const { return db_; }
    ServerProcess& Process() { return *server_; }
    /// A client for the test's main thread.
    TestClient& Client() { return *client_; }

    /// The session of `username` (demo password), signed in on first use.
    const Session& As(const std::string& username);

    /// Sends a request as `username` ("" for no session) with the session's cookie and CSRF token.
    Reply Call(const std::string& method, const std::string& target, const std::string& username,
               const std::string& body = {}, Headers extra = {});
    Reply Get(const std::string& target, const std::string& username) { return Call("GET", target, username); }
    Reply Post(const std::string& target, const std::string& username, const Json& body, Headers extra = {}) {
        return Call("POST", target, username, body.dump(), std::move(extra));
    }
    /// POST that must succeed with `status`; returns the body as JSON (fails the test otherwise).
    Json PostOk(const std::string& target, const std::string& username, const Json& body, int status = 200);
    /// GET that must answer 200; returns the body as JSON.
    Json GetOk(const std::string& target, const std::string& username);

  private:
    std::unique_ptr<TempDir> dir_;
    std::string db_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<TestClient> client_;
    std::map<std::string, Session> sessions_;
};

/// A test suite with its own server on its own copy of the demo database, started once for the suite.
/// `class Journey : public ServerSuite<Journey> {};` (the parameter gives each suite its own server).
template <typename Suite>
class ServerSuite : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = LiveServer::StartDemo(); }
    static void TearDownTestSuite() { server_.reset(); }
    static LiveServer& S() { return *server_; }

    static inline std::unique_ptr<LiveServer> server_;
};

/// A valid new-request body: SU.ARIZA in ILKADIM with a new citizen.
Json NewRequestBody(const std::string& description, const std::string& phone = "0532 111 22 33");

/// Percent-encodes a query parameter value.
std::string UrlEncode(const std::string& s);

}  // namespace alo153::test
