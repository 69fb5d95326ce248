#include "api/http/server.hpp"

#include <spdlog/spdlog.h>

#include "api/http/server_core.hpp"

namespace alo153::api::http {

/// The pimpl: all state lives in ServerCore, which the sessions and the listener reference.
class HttpServer::Impl : public detail::ServerCore {
  public:
    using ServerCore::ServerCore;
};

HttpServer::HttpServer(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() {
    try {
        Stop();
    } catch (const std::exception& e) {
        spdlog::error("http server: error while stopping: {}", e.what());
    }
}

void HttpServer::Start() { impl_->Start(); }

unsigned short HttpServer::Port() const { return impl_->Port(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace alo153::api::http
