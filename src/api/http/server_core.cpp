#include "api/http/server_core.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "api/http/listener.hpp"

namespace alo153::api::http::detail {
namespace {

/// The server whose I/O or handler thread this is, if any (Stop() must not join its own thread).
thread_local const ServerCore* tl_owner = nullptr;

}  // namespace

ServerCore::ServerCore(ServerOptions options, const Router& router, Metrics& metrics)
    : options_(std::move(options)),
      router_(router),
      metrics_(metrics),
      ioc_(std::max(options_.io_threads, 1)),
      work_(net::make_work_guard(ioc_)) {}

ServerCore::~ServerCore() = default;

void ServerCore::EnterThread() const { tl_owner = this; }

bool ServerCore::OnOwnThread() const { return tl_owner == this; }

void ServerCore::Start() {
    std::lock_guard lock(lifecycle_mutex_);
    if (started_ || stop_requested_) {
        throw std::logic_error("HttpServer::Start called twice or after Stop");
    }
    if (options_.io_threads < 1 || options_.handler_threads < 1) {
        throw std::invalid_argument("HttpServer needs at least one I/O thread and one handler thread");
    }
    beast::error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) {
        throw std::system_error(ec, "invalid listen address '" + options_.address + "'");
    }
    listener_ = std::make_shared<Listener>(*this, tcp::endpoint(address, options_.port));
    port_ = listener_->Port();
    pool_ = std::make_unique<net::thread_pool>(static_cast<std::size_t>(options_.handler_threads));
    listener_->Run();
    io_threads_.reserve(static_cast<std::size_t>(options_.io_threads));
    for (int i = 0; i < options_.io_threads; ++i) {
        io_threads_.emplace_back([this] { RunIo(); });
    }
    started_ = true;
    spdlog::info("http server listening on {}:{} ({} I/O threads, {} handler threads)", options_.address, port_,
                 options_.io_threads, options_.handler_threads);
}

void ServerCore::RunIo() {
    EnterThread();
    while (true) {
        try {
            ioc_.run();
            return;
        } catch (const std::exception& e) {
            spdlog::error("http I/O thread: unexpected exception: {}", e.what());
        }
    }
}

void ServerCore::Stop() {
    BeginStop();
    if (OnOwnThread()) {
        return;  // Joining our own thread would deadlock; the destructor finishes the stop.
    }
    FinishStop();
}

void ServerCore::BeginStop() {
    if (stop_requested_.exchange(true)) {
        return;
    }
    std::shared_ptr<Listener> listener;
    {
        std::lock_guard lock(lifecycle_mutex_);
        listener = listener_;
    }
    if (listener) {
        listener->Close();
    }
    for (const auto& connection : LiveConnections()) {
        connection->OnServerStop();
    }
}

void ServerCore::FinishStop() {
    std::lock_guard lock(lifecycle_mutex_);
    if (!started_ || finished_) {
        return;
    }
    finished_ = true;
    // Let running requests finish and their connections close.
    if (!WaitForNoConnections(Clock::now() + options_.drain_timeout)) {
        spdlog::warn("http server: requests still running after {} s; closing their connections",
                     options_.drain_timeout.count());
        for (const auto& connection : LiveConnections()) {
            connection->ForceClose();
        }
    }
    pool_->join();
    work_.reset();
    WaitForNoConnections(Clock::now() + kForcedCloseWait);
    ioc_.stop();
    for (auto& thread : io_threads_) {
        thread.join();
    }
    io_threads_.clear();
    listener_.reset();
    spdlog::info("http server stopped");
}

std::uint64_t ServerCore::Register(std::weak_ptr<Connection> connection) {
    std::lock_guard lock(connections_mutex_);
    const auto id = next_connection_id_++;
    connections_.emplace(id, std::move(connection));
    return id;
}

void ServerCore::Unregister(std::uint64_t id) {
    {
        std::lock_guard lock(connections_mutex_);
        connections_.erase(id);
    }
    connections_cv_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerCore::LiveConnections() {
    std::vector<std::shared_ptr<Connection>> live;
    std::lock_guard lock(connections_mutex_);
    for (const auto& [id, weak] : connections_) {
        if (auto connection = weak.lock()) {
            live.push_back(std::move(connection));
        }
    }
    return live;
}

bool ServerCore::WaitForNoConnections(Clock::time_point deadline) {
    std::unique_lock lock(connections_mutex_);
    return connections_cv_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

}  // namespace alo153::api::http::detail
