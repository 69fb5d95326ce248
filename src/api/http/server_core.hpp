#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "api/http/server.hpp"
#include "api/http/server_support.hpp"

namespace alo153::api::http {
class Router;
class Metrics;
}  // namespace alo153::api::http

namespace alo153::api::http::detail {

class Listener;

/// What the server core needs of a live connection to stop it.
class Connection {
  public:
    virtual ~Connection() = default;
    /// Stop has begun: close now unless a request is being handled or answered (that one closes after); end a
    /// stream with its last chunk.
    virtual void OnServerStop() = 0;
    /// The drain time is over: close whatever the connection is doing.
    virtual void ForceClose() = 0;
};

/// Shared state of one server: options, router, metrics, the I/O context and handler pool, and the live
/// connections (so that Stop can close them). HttpServer's implementation.
class ServerCore {
  public:
    ServerCore(ServerOptions options, const Router& router, Metrics& metrics);
    ~ServerCore();
    ServerCore(const ServerCore&) = delete;
    ServerCore& operator=(const ServerCore&) = delete;

    void Start();
    void Stop();
    unsigned short Port() const { return port_; }

    const ServerOptions& Options() const { return options_; }
    const Router& Routes() const { return router_; }
    Metrics& Meter() const { return metrics_; }
    net::io_context& Io() { return ioc_; }
    /// The threads that run handlers (which may block); valid from Start until the stop finishes.
    net::thread_pool& HandlerPool() { return *pool_; }

    /// Connections register while they live, so that Stop reaches them; Unregister takes the id Register gave.
    std::uint64_t Register(std::weak_ptr<Connection> connection);
    void Unregister(std::uint64_t id);
    bool StopRequested() const { return stop_requested_.load(); }

    /// Marks the calling thread as one of this server's (its I/O threads and handler threads), which Stop must
    /// not join.
    void EnterThread() const;

  private:
    void BeginStop();
    void FinishStop();
    void RunIo();
    bool OnOwnThread() const;
    std::vector<std::shared_ptr<Connection>> LiveConnections();
    bool WaitForNoConnections(Clock::time_point deadline);

    const ServerOptions options_;
    const Router& router_;
    Metrics& metrics_;

    // Declared before ioc_ so that connections destroyed along with the io_context can still unregister.
    std::mutex connections_mutex_;
    std::condition_variable connections_cv_;
    std::map<std::uint64_t, std::weak_ptr<Connection>> connections_;
    std::uint64_t next_connection_id_ = 1;

    std::mutex lifecycle_mutex_;
    bool started_ = false;
    bool finished_ = false;
    std::atomic<bool> stop_requested_{false};
    unsigned short port_ = 0;

    net::io_context ioc_;
    net::executor_work_guard<net::io_context::executor_type> work_;
    std::unique_ptr<net::thread_pool> pool_;
    std::shared_ptr<Listener> listener_;
    std::vector<std::thread> io_threads_;
};

}  // namespace alo153::api::http::detail
