#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "api/http/metrics.hpp"
#include "api/http/router.hpp"
#include "api/http/server.hpp"
#include "support/http_client.hpp"
#include "unit/api/raw_stream_client.hpp"

namespace alo153::api::http {
namespace {

using alo153::test::TestClient;
using nlohmann::json;
using namespace std::chrono_literals;

Response Text(std::string body) {
    Response response;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::move(body);
    return response;
}

class HttpServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add("GET", "/hello", [](Request&) { return Text("merhaba"); });
        router_.Add("GET", "/items/{id}", [](Request& req) {
            Response response;
            response.body = json{{"id", req.Param("id")}}.dump();
            return response;
        });
        router_.Add("GET", "/items/{id}/events", [](Request& req) { return Text("events of " + req.Param("id")); });
        router_.Add("GET", "/echo", [](Request& req) {
            json query = json::array();
            for (const auto& [key, value] : req.query) {
                query.push_back({key, value});
            }
            json headers = json::object();
            for (const auto& [name, value] : req.headers) {
                headers[name] = value;
            }
            Response response;
            response.body = json{{"method", req.method}, {"target", req.target}, {"path", req.path},
                                 {"query", query},       {"headers", headers},   {"remote", req.remote_address}}
                                .dump();
            return response;
        });
        router_.Add("POST", "/echo", [](Request& req) { return Text(req.body); });
        router_.Add("GET", "/cached", [](Request&) {
            Response response = Text("cacheable");
            response.Header("Cache-Control", "public, max-age=60");
            return response;
        });
        router_.Add("GET", "/no-content", [](Request&) {
            Response response;
            response.status = 204;
            return response;
        });
        router_.Add("GET", "/boom",
                    [](Request&) -> Response { throw std::runtime_error("secret database path /var/lib/alo153.db"); });
        router_.Add("GET", "/sleep", [](Request&) {
            std::this_thread::sleep_for(1ms);
            return Text("slept");
        });
        router_.Add("GET", "/slow", [](Request&) {
            std::this_thread::sleep_for(300ms);
            return Text("slow");
        });
        router_.Add("GET", "/metrics", [this](Request&) {
            Response response;
            response.content_type = std::string(Metrics::kContentType);
            response.body = metrics_.Render();
            return response;
        });
    }

    void StartServer(ServerOptions options = {}) {
        options.port = 0;
        server_ = std::make_unique<HttpServer>(std::move(options), router_, metrics_);
        server_->Start();
    }

    unsigned short Port() const { return server_->Port(); }

    Router router_;
    Metrics metrics_;
    std::unique_ptr<HttpServer> server_;
};

json ProblemBody(const TestClient::Reply& reply) {
    EXPECT_EQ(reply.Header("Content-Type"), "application/problem+json");
    return json::parse(reply.body);
}

TEST_F(HttpServerTest, StartsOnEphemeralPortAndServes) {
    StartServer();
    EXPECT_NE(Port(), 0);
    TestClient client(Port());
    const auto reply = client.Get("/hello");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "merhaba");
    EXPECT_EQ(reply.Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(reply.Header("Content-Length"), "7");
}

TEST_F(HttpServerTest, RoutesWithPathParameters) {
    StartServer();
    TestClient client(Port());
    EXPECT_EQ(json::parse(client.Get("/items/2026-004512-3").body)["id"], "2026-004512-3");
    EXPECT_EQ(client.Get("/items/17/events").body, "events of 17");
}

TEST_F(HttpServerTest, UnknownPathGetsNotFoundProblem) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Get("/nowhere");
    EXPECT_EQ(reply.status, 404);
    const auto body = ProblemBody(reply);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/not-found");
    EXPECT_EQ(body["title"], "Kaynak bulunamadı");
    EXPECT_EQ(body["status"], 404);
}

TEST_F(HttpServerTest, WrongMethodGetsMethodNotAllowedWithAllow) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Delete("/hello");
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.Header("Allow"), "GET, HEAD");
    const auto body = ProblemBody(reply);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/method-not-allowed");
    EXPECT_EQ(body["title"], "Yöntem desteklenmiyor");
}

TEST_F(HttpServerTest, DecodesPathAndQuery) {
    StartServer();
    TestClient client(Port());
    EXPECT_EQ(json::parse(client.Get("/items/a%20b+c%C3%A7").body)["id"], "a b+cç");
    const auto body = json::parse(client
                                      .Get("/echo?q=%C3%87%C3%B6p+toplanmad%C4%B1&status=new,closed&status=x"
                                           "&flag&&empty=&a%3Db=c%26d")
                                      .body);
    EXPECT_EQ(body["path"], "/echo");
    EXPECT_EQ(body["target"],
              "/echo?q=%C3%87%C3%B6p+toplanmad%C4%B1&status=new,closed&status=x&flag&&empty=&a%3Db=c%26d");
    const json expected = json::array({json::array({"q", "Çöp toplanmadı"}), json::array({"status", "new,closed"}),
                                       json::array({"status", "x"}), json::array({"flag", ""}),
                                       json::array({"empty", ""}), json::array({"a=b", "c&d"})});
    EXPECT_EQ(body["query"], expected);
    EXPECT_EQ(body["remote"], "127.0.0.1");
}

TEST_F(HttpServerTest, RejectsBadEscapesAndEncodedNul) {
    StartServer();
    TestClient client(Port());
    for (const char* target : {"/items/a%00b", "/items/%zz", "/items/abc%4", "/echo?q=%", "/echo?q=%00", "/a/../b",
                               "/items/%2e%2e", "/items/a%2Fb", "/items/a%2fb"}) {
        const auto reply = client.Get(target);
        EXPECT_EQ(reply.status, 400) << target;
        const auto body = ProblemBody(reply);
        EXPECT_EQ(body["type"], "https://alo153.org/problems/bad-request") << target;
        EXPECT_EQ(body["title"], "Geçersiz istek") << target;
    }
    EXPECT_EQ(client.Get("/hello").status, 200);  // the connection stays usable
    EXPECT_EQ(client.Connects(), 1);
}

TEST_F(HttpServerTest, HeaderNamesAreLowerCased) {
    StartServer();
    TestClient client(Port());
    const auto body = json::parse(client.Get("/echo", {{"X-Citizen-Channel", "Web"}}).body);
    EXPECT_EQ(body["headers"]["x-citizen-channel"], "Web");
    EXPECT_TRUE(body["headers"].contains("host"));
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
    StartServer();
    TestClient client(Port());
    for (int i = 0; i < 200; ++i) {
        ASSERT_EQ(client.Get("/hello").status, 200);
        ASSERT_EQ(client.Post("/echo", "body " + std::to_string(i)).body, "body " + std::to_string(i));
    }
    EXPECT_EQ(client.Connects(), 1);
}

TEST_F(HttpServerTest, AddsStandardResponseHeaders) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Get("/hello");
    EXPECT_EQ(reply.Header("Server"), "alo153");
    EXPECT_EQ(reply.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
    EXPECT_TRUE(reply.Header("Date").ends_with(" GMT")) << reply.Header("Date");
    const std::string id = reply.Header("X-Request-Id");
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(client.Get("/hello").Header("X-Request-Id"), id);
}

TEST_F(HttpServerTest, EchoesClientRequestIdAndPassesItToHandlers) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Get("/echo", {{"X-Request-Id", "agent-7.call-123"}});
    EXPECT_EQ(reply.Header("X-Request-Id"), "agent-7.call-123");
    const auto generated = client.Get("/echo");
    EXPECT_EQ(json::parse(generated.body)["headers"]["x-request-id"], generated.Header("X-Request-Id"));
}

TEST_F(HttpServerTest, KeepsHandlerCacheControl) {
    StartServer();
    TestClient client(Port());
    EXPECT_EQ(client.Get("/cached").Header("Cache-Control"), "public, max-age=60");
}

TEST_F(HttpServerTest, HeadHasGetLengthButNoBody) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Head("/hello");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.Header("Content-Length"), "7");
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(client.Get("/hello").body, "merhaba");  // nothing stray left on the connection
    EXPECT_EQ(client.Connects(), 1);
}

TEST_F(HttpServerTest, NoContentHasNoBodyOrLength) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Get("/no-content");
    EXPECT_EQ(reply.status, 204);
    EXPECT_EQ(reply.Header("Content-Length"), "");
    EXPECT_EQ(client.Get("/hello").status, 200);
}

TEST_F(HttpServerTest, OversizedBodyGetsPayloadTooLargeAndClose) {
    ServerOptions options;
    options.body_limit = 1024;
    StartServer(options);
    TestClient client(Port());
    EXPECT_EQ(client.Post("/echo", std::string(1024, 'x')).status, 200);
    const auto reply = client.Post("/echo", std::string(64 * 1024, 'x'));
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(reply.Header("Connection"), "close");
    const auto body = ProblemBody(reply);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/payload-too-large");
    EXPECT_EQ(body["title"], "İstek gövdesi çok büyük");
    EXPECT_FALSE(client.Connected());
    EXPECT_EQ(client.Get("/hello").status, 200);
}

TEST_F(HttpServerTest, OversizedChunkedBodyGetsPayloadTooLarge) {
    ServerOptions options;
    options.body_limit = 1024;
    StartServer(options);
    TestClient client(Port());
    std::string raw = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i) {
        raw += "200\r\n" + std::string(512, 'y') + "\r\n";
    }
    raw += "0\r\n\r\n";
    EXPECT_EQ(client.SendRaw(raw).status, 413);
}

TEST_F(HttpServerTest, OversizedHeaderGets431) {
    ServerOptions options;
    options.header_limit = 2048;
    StartServer(options);
    TestClient client(Port());
    const auto reply = client.Get("/hello", {{"X-Big", std::string(4096, 'h')}});
    EXPECT_EQ(reply.status, 431);
    EXPECT_EQ(ProblemBody(reply)["status"], 431);
}

TEST_F(HttpServerTest, MalformedRequestGetsBadRequestAndClose) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.SendRaw("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(ProblemBody(reply)["type"], "https://alo153.org/problems/bad-request");
    EXPECT_FALSE(client.Connected());
    TestClient other(Port());
    EXPECT_EQ(other.SendRaw("NOT HTTP AT ALL\r\n\r\n").status, 400);
}

TEST_F(HttpServerTest, AnswersExpectContinue) {
    StartServer();
    TestClient client(Port());
    const auto interim =
        client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    EXPECT_EQ(interim.status, 100);
    const auto reply = client.SendRaw("hello");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "hello");
}

TEST_F(HttpServerTest, HandlerExceptionGetsInternalProblemWithoutDetails) {
    StartServer();
    TestClient client(Port());
    const auto reply = client.Get("/boom");
    EXPECT_EQ(reply.status, 500);
    const auto body = ProblemBody(reply);
    EXPECT_EQ(body["type"], "https://alo153.org/problems/internal");
    EXPECT_EQ(body["title"], "Sunucu hatası");
    EXPECT_EQ(reply.body.find("secret"), std::string::npos);
    EXPECT_EQ(reply.body.find("alo153.db"), std::string::npos);
    EXPECT_EQ(client.Get("/hello").status, 200);
}

TEST_F(HttpServerTest, ManyConcurrentClientsAllSucceed) {
    StartServer();
    constexpr int kClients = 64;
    constexpr int kRequestsEach = 50;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
        threads.emplace_back([&] {
            TestClient client(Port());
            for (int i = 0; i < kRequestsEach; ++i) {
                try {
                    const auto reply = client.Get("/sleep");
                    if (reply.status == 200 && reply.body == "slept") {
                        ++ok;
                    }
                } catch (const std::exception& e) {
                    ADD_FAILURE() << e.what();
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(ok.load(), kClients * kRequestsEach);
    // A request is counted when its write completes on the server, which may be just after the client has
    // read the answer: wait (bounded) for the last ones.
    const auto expected = static_cast<std::uint64_t>(kClients * kRequestsEach);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (metrics_.RequestCount("/sleep", "GET", 200) < expected && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(metrics_.RequestCount("/sleep", "GET", 200), expected);
}

TEST_F(HttpServerTest, MetricsCountRequests) {
    StartServer();
    TestClient client(Port());
    for (int i = 0; i < 3; ++i) {
        client.Get("/hello");
    }
    client.Get("/items/1");
    client.Get("/items/2");
    client.Get("/nowhere");
    client.Get("/boom");
    const auto reply = client.Get("/metrics");
    EXPECT_EQ(reply.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const std::string& text = reply.body;
    auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
    EXPECT_TRUE(has("alo153_http_requests_total{route=\"/hello\",method=\"GET\",status=\"200\"} 3")) << text;
    EXPECT_TRUE(has("alo153_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 2"));
    EXPECT_TRUE(has("alo153_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
    EXPECT_TRUE(has("alo153_http_requests_total{route=\"/boom\",method=\"GET\",status=\"500\"} 1"));
    EXPECT_TRUE(has("alo153_http_request_duration_seconds_count{route=\"/hello\"} 3"));
}

TEST_F(HttpServerTest, IdleConnectionIsClosedAfterIdleTimeout) {
    ServerOptions options;
    options.idle_timeout = 1s;
    StartServer(options);
    TestClient client(Port());
    EXPECT_EQ(client.Get("/hello").status, 200);
    std::this_thread::sleep_for(1500ms);
    EXPECT_EQ(client.Get("/hello").status, 200);  // the client reconnects transparently
    EXPECT_EQ(client.Connects(), 2);
}

TEST_F(HttpServerTest, StartFailsWhenAddressIsTaken) {
    StartServer();
    ServerOptions options;
    options.port = Port();
    HttpServer second(options, router_, metrics_);
    EXPECT_THROW(second.Start(), std::system_error);
}

TEST_F(HttpServerTest, StopWithConnectedClientsReturnsPromptly) {
    StartServer();
    std::vector<std::unique_ptr<TestClient>> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(std::make_unique<TestClient>(Port()));
        ASSERT_EQ(idle.back()->Get("/hello").status, 200);
    }
    // Idle keep-alive connections watched at the socket: Stop must end them, not merely stop accepting.
    std::vector<std::unique_ptr<test::RawStreamClient>> watched;
    for (int i = 0; i < 4; ++i) {
        watched.push_back(std::make_unique<test::RawStreamClient>(Port(), "/hello"));
        ASSERT_TRUE(watched.back()->WaitFor("merhaba"));
        ASSERT_FALSE(watched.back()->ServerClosed());
    }
    // One request still running when Stop is called: it is allowed to finish.
    auto slow = std::async(std::launch::async, [port = Port()] {
        TestClient client(port);
        return client.Get("/slow");
    });
    std::this_thread::sleep_for(100ms);
    const auto started = std::chrono::steady_clock::now();
    server_->Stop();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_LT(elapsed, 2s);
    const auto reply = slow.get();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "slow");
    EXPECT_EQ(reply.Header("Connection"), "close");
    for (auto& client : watched) {
        EXPECT_TRUE(client->WaitForClose(1s)) << "an idle connection outlived Stop";
    }
    server_->Stop();  // idempotent
    TestClient late(Port());
    EXPECT_THROW(late.Get("/hello"), std::system_error);
}

TEST_F(HttpServerTest, StopFromAnotherThreadWhileClientsAreBusy) {
    StartServer();
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int c = 0; c < 8; ++c) {
        threads.emplace_back([&] {
            TestClient client(Port());
            while (!done) {
                try {
                    client.Get("/sleep");
                } catch (const std::exception&) {
                    return;  // the server is gone
                }
            }
        });
    }
    std::this_thread::sleep_for(200ms);
    const auto started = std::chrono::steady_clock::now();
    std::thread stopper([this] { server_->Stop(); });
    stopper.join();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    done = true;
    for (auto& thread : threads) {
        thread.join();
    }
}

TEST_F(HttpServerTest, DestructorStopsARunningServer) {
    StartServer();
    TestClient client(Port());
    EXPECT_EQ(client.Get("/hello").status, 200);
    const auto started = std::chrono::steady_clock::now();
    server_.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace alo153::api::http
