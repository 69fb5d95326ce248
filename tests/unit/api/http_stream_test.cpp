// Streaming responses of the HTTP server (the live-update stream's transport): the head at once, chunks as the
// source writes them, heartbeats, and an end for every way a stream can end, without holding a handler thread.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "api/http/metrics.hpp"
#include "api/http/router.hpp"
#include "api/http/server.hpp"
#include "support/http_client.hpp"
#include "unit/api/raw_stream_client.hpp"

namespace alo153::api::http {
namespace {

using alo153::test::RawStreamClient;
using alo153::test::TestClient;
using namespace std::chrono_literals;

/// A stream source a test drives by hand.
class TestSource final : public StreamSource {
  public:
    void Open(std::shared_ptr<StreamSink> sink) override {
        std::lock_guard lock(mutex_);
        sink_ = std::move(sink);
        cv_.notify_all();
    }
    void Closed() override {
        std::lock_guard lock(mutex_);
        ++closed_;
        cv_.notify_all();
    }
    std::shared_ptr<StreamSink> WaitOpen(std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, timeout, [this] { return sink_ != nullptr; });
        return sink_;
    }
    bool WaitClosed(std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [this] { return closed_ > 0; });
    }
    int ClosedCount() {
        std::lock_guard lock(mutex_);
        return closed_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::shared_ptr<StreamSink> sink_;
    int closed_ = 0;
};

class HttpStreamTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add("GET", "/hello", [](Request&) {
            Response r;
            r.content_type = "text/plain";
            r.body = "merhaba";
            return r;
        });
        router_.Add("GET", "/stream", [this](Request&) {
            Response r;
            r.content_type = "text/event-stream";
            r.stream = source_;
            return r;
        });
    }

    void StartServer(ServerOptions options = {}) {
        options.port = 0;
        server_ = std::make_unique<HttpServer>(std::move(options), router_, metrics_);
        server_->Start();
    }

    std::shared_ptr<TestSource> source_ = std::make_shared<TestSource>();
    Router router_;
    Metrics metrics_;
    std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpStreamTest, HeadComesAtOnceAndChunksAsTheSourceWrites) {
    StartServer();
    RawStreamClient client(server_->Port(), "/stream");
    ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
    const std::string head = client.Received();
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos) << head;
    EXPECT_NE(head.find("Cache-Control: no-store"), std::string::npos) << head;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;

    auto sink = source_->WaitOpen();
    ASSERT_NE(sink, nullptr);
    EXPECT_TRUE(sink->Write("data: bir\n\n"));
    EXPECT_TRUE(sink->Write("data: iki\n\n"));
    ASSERT_TRUE(client.WaitFor("data: iki\n\n"));
    EXPECT_LT(client.Received().find("data: bir"), client.Received().find("data: iki"));
}

TEST_F(HttpStreamTest, AnOpenStreamHoldsNoHandlerThread) {
    ServerOptions options;
    options.handler_threads = 1;
    StartServer(options);
    RawStreamClient first(server_->Port(), "/stream");
    ASSERT_NE(source_->WaitOpen(), nullptr);
    // With the only handler thread free again, other requests (and another stream) are served.
    TestClient client(server_->Port());
    EXPECT_EQ(client.Get("/hello").body, "merhaba");
    RawStreamClient second(server_->Port(), "/stream");
    EXPECT_TRUE(second.WaitFor("text/event-stream"));
}

TEST_F(HttpStreamTest, QuietStreamGetsHeartbeatComments) {
    ServerOptions options;
    options.stream_heartbeat = 100ms;
    StartServer(options);
    RawStreamClient client(server_->Port(), "/stream");
    ASSERT_NE(source_->WaitOpen(), nullptr);
    EXPECT_TRUE(client.WaitFor(": keep-alive\n\n", 2s));
}

TEST_F(HttpStreamTest, ClientThatGoesAwayClosesTheSource) {
    StartServer();
    {
        RawStreamClient client(server_->Port(), "/stream");
        ASSERT_NE(source_->WaitOpen(), nullptr);
    }
    EXPECT_TRUE(source_->WaitClosed());
    auto sink = source_->WaitOpen();
    EXPECT_FALSE(sink->Write("data: late\n\n"));
    EXPECT_EQ(source_->ClosedCount(), 1);
}

TEST_F(HttpStreamTest, SlowClientIsDisconnectedInsteadOfBufferingWithoutBound) {
    ServerOptions options;
    options.stream_buffer_limit = 64 * 1024;
    StartServer(options);
    RawStreamClient client(server_->Port(), "/stream");
    client.SetReceiveBuffer(4096);
    auto sink = source_->WaitOpen();
    ASSERT_NE(sink, nullptr);
    const std::string chunk = "data: " + std::string(8 * 1024, 'x') + "\n\n";
    std::size_t written = 0;
    // The client reads nothing; once what waits for it passes the limit, the server gives up on it.
    while (sink->Write(chunk)) {
        written += chunk.size();
        ASSERT_LT(written, 64u * 1024 * 1024) << "a client that never reads was never disconnected";
    }
    EXPECT_TRUE(source_->WaitClosed());
    EXPECT_FALSE(sink->Write(chunk));
}

TEST_F(HttpStreamTest, SourceCanEndTheStreamWithTheLastChunk) {
    StartServer();
    RawStreamClient client(server_->Port(), "/stream");
    auto sink = source_->WaitOpen();
    ASSERT_NE(sink, nullptr);
    sink->Write("data: son\n\n");
    sink->Close();
    ASSERT_TRUE(client.WaitForClose());
    const std::string& got = client.Received();
    EXPECT_NE(got.find("data: son"), std::string::npos);
    EXPECT_GE(got.size(), 5u);
    EXPECT_EQ(got.substr(got.size() - 5), "0\r\n\r\n");  // the last chunk: a clean end
    EXPECT_TRUE(source_->WaitClosed());
}

TEST_F(HttpStreamTest, StopEndsOpenStreamsCleanlyAndPromptly) {
    StartServer();
    RawStreamClient client(server_->Port(), "/stream");
    ASSERT_NE(source_->WaitOpen(), nullptr);
    const auto started = std::chrono::steady_clock::now();
    server_->Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    ASSERT_TRUE(client.WaitForClose());
    const std::string& got = client.Received();
    EXPECT_EQ(got.substr(got.size() - 5), "0\r\n\r\n");
    EXPECT_EQ(source_->ClosedCount(), 1);
}

TEST_F(HttpStreamTest, HeadRequestGetsNoStream) {
    StartServer();
    TestClient client(server_->Port());
    auto reply = client.Head("/stream");
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(source_->ClosedCount(), 0);
    EXPECT_EQ(source_->WaitOpen(100ms), nullptr);
}

}  // namespace
}  // namespace alo153::api::http
