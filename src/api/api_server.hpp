#pragma once

#include <memory>

#include "api/handler_support.hpp"
#include "api/http/metrics.hpp"
#include "api/http/router.hpp"
#include "api/http/server.hpp"

namespace alo153::api {

/// The whole HTTP side: the routes of /api/v1 and the operations endpoints on one Beast server.
class ApiServer {
public:
    ApiServer(app::Application& app, ServerConfig config);
    ~ApiServer();

    /// Binds and starts serving; throws if the address cannot be bound.
    void Start();
    void Stop();
    unsigned short Port() const;

private:
    app::Application& app_;
    ServerConfig config_;
    Context context_;
    http::Metrics metrics_;
    http::Router router_;
    std::unique_ptr<http::HttpServer> server_;
};

}  // namespace alo153::api
