// Two real `alo153 serve` processes on one PostgreSQL database, behind a real nginx running the sample
// configuration of deploy/nginx/alo153.conf: a change made through one reaches the live stream of the other,
// sessions, idempotency keys and the portal's rate limit hold across them, tracking numbers stay unique.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "integration/live_server.hpp"
#include "support/pg_test_database.hpp"
#include "unit/api/raw_stream_client.hpp"

namespace alo153::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr int kPortalLimit = 3;

std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) {
        throw std::runtime_error("deploy/nginx/alo153.conf no longer contains '" + from + "'");
    }
    text.replace(at, from.size(), to);
}

unsigned short FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool Accepts(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// nginx in the foreground with the sample server block, its upstream pointed at the two app servers.
class Nginx {
  public:
    Nginx(const std::string& dir, unsigned short app_a, unsigned short app_b) : port_(FreePort()) {
        std::string site = ReadText(std::string(ALO153_SOURCE_DIR) + "/deploy/nginx/alo153.conf");
        Replace(site, "server 127.0.0.1:8153", "server 127.0.0.1:" + std::to_string(app_a));
        Replace(site, "server 127.0.0.1:8154", "server 127.0.0.1:" + std::to_string(app_b));
        Replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";");
        std::ofstream(dir + "/alo153.conf") << site;
        // The rest of what Debian's /etc/nginx/nginx.conf provides, with every path inside the test's folder.
        std::ofstream conf(dir + "/nginx.conf");
        conf << (::geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nworker_processes 1;\npid " << dir
             << "/nginx.pid;\nerror_log " << dir << "/error.log;\nevents { worker_connections 256; }\nhttp {\n"
             << "  log_format upstreams '$request $upstream_addr';\n"
             << "  access_log " << dir << "/access.log upstreams;\n  client_body_temp_path " << dir << "/body;\n"
             << "  proxy_temp_path " << dir << "/proxy;\n  fastcgi_temp_path " << dir << "/fastcgi;\n"
             << "  uwsgi_temp_path " << dir << "/uwsgi;\n  scgi_temp_path " << dir << "/scgi;\n"
             << "  include " << dir << "/alo153.conf;\n}\n";
        conf.close();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::execl(kNginx, kNginx, "-p", dir.c_str(), "-c", (dir + "/nginx.conf").c_str(), "-e",
                    (dir + "/error.log").c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!Accepts(port_)) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_ || std::chrono::steady_clock::now() > deadline) {
                pid_ = -1;
                throw std::runtime_error("nginx did not start: " + ReadText(dir + "/error.log"));
            }
            std::this_thread::sleep_for(20ms);
        }
    }
    ~Nginx() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    unsigned short Port() const { return port_; }

  private:
    unsigned short port_;
    pid_t pid_ = -1;
};

class SeveralServers : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (TestPgUrl().empty() || !std::filesystem::exists(kNginx)) {
            return;  // each test skips
        }
        dir_ = std::make_unique<TempDir>();
        url_ = TestPgSchemaUrl(dir_->Path().string());
        const Environment env = {{"ALO153_PHOTO_DIR", dir_->File("photos")},
                                 {"ALO153_CLASSIFIER_MODEL", dir_->File("classifier.ftz")},
                                 {"ALO153_TRUSTED_PROXIES", "127.0.0.1"},
                                 {"ALO153_PUBLIC_CREATES", std::to_string(kPortalLimit)},
                                 {"ALO153_PUBLIC_WINDOW_SECONDS", "600"}};
        auto demo = RunCli(url_, {"demo", "-n", "100", "--seed", "153"}, env);
        if (demo.exit_code != 0) {
            throw std::runtime_error("alo153 demo on PostgreSQL failed: " + demo.err);
        }
        a_ = std::make_unique<LiveServer>(url_, env);
        b_ = std::make_unique<LiveServer>(url_, env);
        std::filesystem::create_directories(dir_->File("nginx"));
        nginx_ = std::make_unique<Nginx>(dir_->File("nginx"), a_->Port(), b_->Port());
    }
    static void TearDownTestSuite() {
        nginx_.reset();
        a_.reset();
        b_.reset();
        dir_.reset();
    }
    void SetUp() override {
        if (!nginx_) {
            GTEST_SKIP() << "needs PostgreSQL 15 and nginx (make deps)";
        }
    }

    static std::unique_ptr<TempDir> dir_;
    static std::string url_;
    static std::unique_ptr<LiveServer> a_;
    static std::unique_ptr<LiveServer> b_;
    static std::unique_ptr<Nginx> nginx_;
};

std::unique_ptr<TempDir> SeveralServers::dir_;
std::string SeveralServers::url_;
std::unique_ptr<LiveServer> SeveralServers::a_;
std::unique_ptr<LiveServer> SeveralServers::b_;
std::unique_ptr<Nginx> SeveralServers::nginx_;

TEST_F(SeveralServers, ARequestCreatedOnOneServerReachesTheStreamOfTheOtherWithinASecond) {
    // Signed in on A; the same session opens B's stream (sessions live in the database).
    const Session& amir = a_->As("amir");
    RawStreamClient stream(b_->Port(), "/api/v1/stream", {"Cookie: " + amir.cookie});
    ASSERT_TRUE(stream.WaitFor("200 OK", 5s)) << stream.Received();
    std::this_thread::sleep_for(300ms);  // B's feed is listening

    const auto start = std::chrono::steady_clock::now();
    const Json created =
        a_->PostOk("/api/v1/requests", "cagri1", NewRequestBody("İki sunucu: A'da açılan, B'de duyulan arıza"), 201);
    const std::string marker = "\"request_id\":" + std::to_string(created["id"].get<std::int64_t>());
    ASSERT_TRUE(stream.WaitFor(marker, 1s)) << "not on B's stream within 1 s:\n" << stream.Received();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(SeveralServers, ThroughNginxEveryCreateIsAcknowledgedOnceWithAUniqueNumberAndReadableOnBothServers) {
    TestClient proxy(nginx_->Port());
    Session s;
    ASSERT_EQ(SignIn(proxy, "cagri1", kDemoPassword, &s).status, 200);
    std::set<std::string> numbers;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 12; ++i) {  // nginx alternates between the servers
        Reply r = proxy.Post("/api/v1/requests", NewRequestBody("Nginx arkasında kayıt " + std::to_string(i)).dump(),
                             AuthHeaders(s));
        ASSERT_EQ(r.status, 201) << r.body;
        numbers.insert(ParseJson(r.body)["tracking_number"].get<std::string>());
        ids.push_back(ParseJson(r.body)["id"].get<std::int64_t>());
    }
    EXPECT_EQ(numbers.size(), 12U);
    // nginx's log names the app server of each request: the creates went to both.
    const std::string access = ReadText(dir_->File("nginx/access.log"));
    for (LiveServer* server : {a_.get(), b_.get()}) {
        EXPECT_NE(access.find("POST /api/v1/requests HTTP/1.1 127.0.0.1:" + std::to_string(server->Port())),
                  std::string::npos)
            << access;
    }
    // The session made through nginx works on each server directly too.
    for (LiveServer* server : {a_.get(), b_.get()}) {
        for (std::int64_t id : ids) {
            Reply got = server->Client().Get("/api/v1/requests/" + std::to_string(id), AuthHeaders(s));
            ASSERT_EQ(got.status, 200) << got.body;
        }
    }
    EXPECT_EQ(QueryInt(url_, "SELECT count(*) FROM requests WHERE description LIKE 'Nginx arkasında kayıt %'"), 12);
}

TEST_F(SeveralServers, AnIdempotencyKeyHoldsAcrossServersEvenWhenBothGetTheRetryAtOnce) {
    const Session& agent = a_->As("cagri1");
    const std::string body = NewRequestBody("Zaman aşımından sonra iki sunucuya birden gönderilen kayıt").dump();
    constexpr int kSenders = 8;
    std::vector<Reply> replies(kSenders);
    std::vector<std::thread> senders;
    for (int i = 0; i < kSenders; ++i) {
        senders.emplace_back([&, i] {
            TestClient client(i % 2 == 0 ? a_->Port() : b_->Port());
            replies[i] = client.Post("/api/v1/requests", body,
                                     AuthHeaders(agent, {{"Idempotency-Key", "several-servers-0001"}}));
        });
    }
    for (auto& t : senders) {
        t.join();
    }
    int created = 0;
    for (const auto& r : replies) {
        ASSERT_TRUE(r.status == 201 || r.status == 200) << r.status << " " << r.body;
        created += r.status == 201 ? 1 : 0;
        EXPECT_EQ(ParseJson(r.body)["tracking_number"], ParseJson(replies[0].body)["tracking_number"]);
    }
    EXPECT_EQ(created, 1);
    EXPECT_EQ(QueryInt(url_,
                       "SELECT count(*) FROM requests WHERE description = "
                       "'Zaman aşımından sonra iki sunucuya birden gönderilen kayıt'"),
              1);
}

TEST_F(SeveralServers, ThePortalRateLimitHoldsAcrossServers) {
    const Json body = {{"type", "complaint"},
                       {"category", "YOL.CUKUR"},
                       {"description", "Portal: iki sunucu arkasında sınır"},
                       {"location", {{"district", "ATAKUM"}, {"street", "Atatürk Bulvarı"}}},
                       {"citizen", {{"phone", "0533 444 55 66"}, {"first_name", "Deniz"}, {"kvkk_consent", true}}}};
    const Headers json = {{"Content-Type", "application/json"}};
    // The same citizen (as nginx forwards it) files through nginx, so the creates land on both servers.
    TestClient proxy(nginx_->Port());
    for (int i = 0; i < kPortalLimit; ++i) {
        Reply r = proxy.Post("/api/v1/public/requests", body.dump(), json);
        ASSERT_EQ(r.status, 201) << i << ": " << r.body;
    }
    for (LiveServer* server : {a_.get(), b_.get()}) {
        // Straight to each server, as the same client nginx would forward: over the limit on both.
        Reply over = server->Client().Post("/api/v1/public/requests", body.dump(),
                                           {{"Content-Type", "application/json"}, {"X-Forwarded-For", "127.0.0.1"}});
        EXPECT_EQ(over.status, 429) << over.body;
        EXPECT_NE(over.Header("Retry-After"), "");
    }
    Reply over = proxy.Post("/api/v1/public/requests", body.dump(), json);
    EXPECT_EQ(over.status, 429) << over.body;
    // Another citizen, forwarded by nginx for its own address, is not held back by the first one's creates.
    Reply other = proxy.Post("/api/v1/public/requests", body.dump(),
                             {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.7"}});
    EXPECT_EQ(other.status, 201) << other.body;
    EXPECT_EQ(QueryInt(url_, "SELECT count(*) FROM requests WHERE description = 'Portal: iki sunucu arkasında sınır'"),
              kPortalLimit + 1);
}

}  // namespace
}  // namespace alo153::test
