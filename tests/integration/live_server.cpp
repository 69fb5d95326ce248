#include "integration/live_server.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "storage/postgres/connection.hpp"
#include "support/pg_test_database.hpp"

namespace alo153::test {
namespace {

/// The Turkish title of every stable problem type: one per type, whether a use case (api/problem.cpp), the
/// router or the HTTP server answers.
const std::map<std::string, std::string>& Titles() {
    static const std::map<std::string, std::string> titles = {
        {"validation", "Geçersiz bilgi"},
        {"not-found", "Kaynak bulunamadı"},
        {"unknown-reference", "Tanımsız kod veya kayıt"},
        {"illegal-transition", "Bu durumda bu işlem yapılamaz"},
        {"conflict", "Kayıt çakışması"},
        {"stale-version", "Kayıt değişmiş"},
        {"precondition-required", "If-Match başlığı gerekli"},
        {"bad-tracking-number", "Takip numarası hatalı"},
        {"unauthenticated", "Oturum açmanız gerekiyor"},
        {"forbidden", "Yetkiniz yok"},
        {"csrf", "Güvenlik belirteci eksik veya hatalı"},
        {"payload-too-large", "İstek gövdesi çok büyük"},
        {"unsupported-media-type", "Desteklenmeyen içerik türü"},
        {"method-not-allowed", "Yöntem desteklenmiyor"},
        {"bad-request", "Geçersiz istek"},
        {"unavailable", "Hizmet geçici olarak kullanılamıyor"},
    };
    return titles;
}

struct Db {
    sqlite3* handle = nullptr;
    explicit Db(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            std::string message = handle != nullptr ? sqlite3_errmsg(handle) : "out of memory";
            sqlite3_close(handle);
            throw std::runtime_error("sqlite3_open " + path + ": " + message);
        }
        sqlite3_busy_timeout(handle, 5000);
    }
    ~Db() { sqlite3_close(handle); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    template <typename Row>
    void Query(const std::string& sql, Row row) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error("prepare '" + sql + "': " + sqlite3_errmsg(handle));
        }
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            row(stmt);
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) {
            throw std::runtime_error("step '" + sql + "': " + sqlite3_errmsg(handle));
        }
    }
};

bool IsServerUrl(const std::string& db) { return db.find("://") != std::string::npos; }

/// The first column of every row of `sql`, as text, from an SQLite file or a PostgreSQL URL.
std::vector<std::string> FirstColumn(const std::string& db, const std::string& sql) {
    std::vector<std::string> out;
    if (IsServerUrl(db)) {
        storage::postgres::Connection conn(db);
        auto s = conn.PrepareDynamic(sql);
        while (s.Step()) {
            out.push_back(s.IsNull(0) ? std::string{} : s.Text(0));
        }
        return out;
    }
    Db d(db);
    d.Query(sql, [&](sqlite3_stmt* s) {
        const unsigned char* text = sqlite3_column_text(s, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
    });
    return out;
}

}  // namespace

std::string Binary() { return ALO153_BINARY; }

bool ServersOnPostgres() {
    const char* v = std::getenv("ALO153_TEST_SERVER_DATABASE");
    return v != nullptr && std::string(v) == "postgres";
}

const std::string& DemoTemplate() {
    // Made on first use and kept for the life of the process; the TempDir goes with static destruction.
    static TempDir dir;
    static const std::string path = [] {
        std::string db = dir.File("demo-template.db");
        auto r = RunCli(db, {"demo", "-n", "300", "--seed", "153"});
        if (r.exit_code != 0) {
            throw std::runtime_error("alo153 demo failed: " + r.err);
        }
        return db;
    }();
    return path;
}

void CopyDatabase(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ec;
        fs::remove(to + suffix, ec);
        if (fs::exists(from + suffix)) {
            fs::copy_file(from + suffix, to + suffix, fs::copy_options::overwrite_existing);
        }
    }
}

CommandResult RunCli(const std::string& db, const std::vector<std::string>& args, const Environment& env) {
    std::vector<std::string> all = {"--db", db};
    all.insert(all.end(), args.begin(), args.end());
    std::string dir = IsServerUrl(db) ? std::filesystem::temp_directory_path().string()
                                      : std::filesystem::path(db).parent_path().string();
    return RunCommand(Binary(), all, dir.empty() ? "." : dir, std::chrono::seconds(120), env);
}

Reply SignIn(TestClient& client, const std::string& username, const std::string& password, Session* session) {
    Json body = {{"username", username}, {"password", password}};
    Reply reply = client.Post("/api/v1/auth/login", body.dump(), {{"Content-Type", "application/json"}});
    if (reply.status == 200 && session != nullptr) {
        std::string cookie = reply.Header("Set-Cookie");
        session->cookie = cookie.substr(0, cookie.find(';'));
        Json j = ParseJson(reply.body);
        session->csrf = j.value("csrf_token", "");
        session->user = j.value("user", Json::object());
    }
    return reply;
}

Headers AuthHeaders(const Session& session, Headers extra) {
    Headers h = {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}, {"Content-Type", "application/json"}};
    h.insert(h.end(), extra.begin(), extra.end());
    return h;
}

Json ParseJson(const std::string& body) { return Json::parse(body, nullptr, false); }

std::int64_t QueryInt(const std::string& db, const std::string& sql) {
    const auto rows = FirstColumn(db, sql);
    if (rows.empty()) {
        return -1;
    }
    return rows.back().empty() ? 0 : std::stoll(rows.back());  // NULL reads as 0, as sqlite3_column_int64 has it
}

std::vector<std::string> QueryStrings(const std::string& db, const std::string& sql) { return FirstColumn(db, sql); }

std::string IntegrityCheck(const std::string& db) {
    std::string joined;
    for (const auto& line : QueryStrings(db, "PRAGMA integrity_check")) {
        joined += (joined.empty() ? "" : "\n") + line;
    }
    return joined;
}

RowCounts CountRows(const std::string& db) {
    RowCounts counts;
    std::vector<std::string> tables = {"requests",        "events",     "event_changes",    "citizens",
                                       "contacts",        "photos",     "idempotency_keys", "routing_rules",
                                       "rollup_requests", "rollup_open"};
    if (!IsServerUrl(db)) {
        tables.emplace_back("sequences");  // PostgreSQL's counters are sequences, which no rollback turns back
    }
    for (const auto& table : tables) {
        counts.rows[table] = QueryInt(db, "SELECT count(*) FROM " + table);
    }
    // Rollup counts change in place; their sum tells a write as well.
    counts.rows["rollup_requests.n"] = QueryInt(db, "SELECT coalesce(sum(n), 0) FROM rollup_requests");
    counts.rows["requests.version"] = QueryInt(db, "SELECT coalesce(sum(version), 0) FROM requests");
    return counts;
}

void PrintTo(const RowCounts& counts, std::ostream* os) {
    for (const auto& [table, n] : counts.rows) {
        *os << table << "=" << n << " ";
    }
}

::testing::AssertionResult IsProblem(const Reply& reply, int status, const std::string& type_slug) {
    auto fail = [&](const std::string& why) {
        return ::testing::AssertionFailure() << why << "\n  status " << reply.status << ", content type '"
                                             << reply.Header("Content-Type") << "', body: " << reply.body;
    };
    if (reply.status != status) {
        return fail("expected status " + std::to_string(status));
    }
    if (reply.Header("Content-Type").rfind("application/problem+json", 0) != 0) {
        return fail("expected application/problem+json");
    }
    Json j = ParseJson(reply.body);
    if (!j.is_object()) {
        return fail("the body is not a JSON object");
    }
    if (j.value("type", "") != kProblemBase + type_slug) {
        return fail("expected type " + std::string(kProblemBase) + type_slug);
    }
    if (j.value("status", 0) != status) {
        return fail("the 'status' member differs from the HTTP status");
    }
    auto title = Titles().find(type_slug);
    if (title == Titles().end() || j.value("title", "") != title->second) {
        return fail("expected the Turkish title '" + (title == Titles().end() ? "?" : title->second) + "'");
    }
    return ::testing::AssertionSuccess();
}

std::unique_ptr<LiveServer> LiveServer::StartDemo() {
    if (ServersOnPostgres()) {
        // A schema of its own in the run's PostgreSQL server, filled by the same demo command.
        auto dir = std::make_unique<TempDir>();
        const std::string url = TestPgSchemaUrl(dir->Path().string());
        if (url.empty()) {
            throw std::runtime_error("ALO153_TEST_SERVER_DATABASE=postgres, but no PostgreSQL server (make deps)");
        }
        const Environment env = {{"ALO153_PHOTO_DIR", dir->File("photos")},
                                 {"ALO153_CLASSIFIER_MODEL", dir->File("classifier.ftz")}};
        auto r = RunCli(url, {"demo", "-n", "300", "--seed", "153"}, env);
        if (r.exit_code != 0) {
            throw std::runtime_error("alo153 demo on PostgreSQL failed: " + r.err);
        }
        auto server = std::make_unique<LiveServer>(url, env);
        server->dir_ = std::move(dir);
        return server;
    }
    auto dir = std::make_unique<TempDir>();
    std::string db = dir->File("alo153.db");
    CopyDatabase(DemoTemplate(), db);
    auto server = std::make_unique<LiveServer>(db);
    server->dir_ = std::move(dir);
    return server;
}

LiveServer::LiveServer(std::string db_path, Environment env)
    : db_(std::move(db_path)),
      server_(std::make_unique<ServerProcess>(Binary(), db_, std::vector<std::string>{}, std::move(env))),
      client_(std::make_unique<TestClient>(server_->Port())) {}

const Session& LiveServer::As(const std::string& username) {
    auto it = sessions_.find(username);
    if (it != sessions_.end()) {
        return it->second;
    }
    Session s;
    Reply r = SignIn(*client_, username, kDemoPassword, &s);
    if (r.status != 200 || s.cookie.empty() || s.csrf.empty()) {
        throw std::runtime_error("sign-in of " + username + " failed: " + std::to_string(r.status) + " " + r.body);
    }
    return sessions_.emplace(username, s).first->second;
}

Reply LiveServer::Call(const std::string& method, const std::string& target, const std::string& username,
                       const std::string& body, Headers extra) {
    Headers headers;
    if (username.empty()) {
        headers = {{"Content-Type", "application/json"}};
        headers.insert(headers.end(), extra.begin(), extra.end());
    } else {
        headers = AuthHeaders(As(username), std::move(extra));
    }
    return client_->Send(method, target, body, std::move(headers));
}

Json LiveServer::PostOk(const std::string& target, const std::string& username, const Json& body, int status) {
    Reply r = Post(target, username, body);
    EXPECT_EQ(r.status, status) << "POST " << target << " as " << username << ": " << r.body;
    return ParseJson(r.body);
}

Json LiveServer::GetOk(const std::string& target, const std::string& username) {
    Reply r = Get(target, username);
    EXPECT_EQ(r.status, 200) << "GET " << target << " as " << username << ": " << r.body;
    return ParseJson(r.body);
}

Json NewRequestBody(const std::string& description, const std::string& phone) {
    return {{"type", "request"},
            {"channel", "phone"},
            {"category", "SU.ARIZA"},
            {"description", description},
            {"location", {{"district", "ILKADIM"}, {"street", "Cumhuriyet Caddesi"}, {"address_text", "No: 12"}}},
            {"citizen", {{"phone", phone}, {"first_name", "Ayşe"}, {"last_name", "Kaya"}, {"kvkk_consent", true}}}};
}

std::string UrlEncode(const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

}  // namespace alo153::test
