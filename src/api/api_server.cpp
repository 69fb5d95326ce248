#include "api/api_server.hpp"

#include "api/handlers/handlers.hpp"
#include "api/open311/open311_api.hpp"

namespace alo153::api {

ApiServer::ApiServer(app::Application& app, ServerConfig config)
    : app_(app), config_(std::move(config)), context_{app_, config_} {
    handlers::RegisterAuth(router_, context_);
    handlers::RegisterCatalog(router_, context_);
    handlers::RegisterCitizens(router_, context_);
    handlers::RegisterContacts(router_, context_);
    handlers::RegisterArticles(router_, context_);
    handlers::RegisterRequests(router_, context_);
    handlers::RegisterPublic(router_, context_);
    handlers::RegisterStats(router_, context_);
    handlers::RegisterUsers(router_, context_);
    handlers::RegisterClassify(router_, context_);
    open311::RegisterOpen311(router_, context_);
    handlers::RegisterStream(router_, context_);
    handlers::RegisterStaticFiles(router_, context_);

    router_.Add("GET", "/healthz", [](http::Request&) { return JsonResponse(200, {{"status", "ok"}}); });
    router_.Add("GET", "/readyz", [this](http::Request&) {
        bool db = app_.Store().Ping();
        // Without a model the server still serves (suggestions from keywords): ready, and says so.
        auto classifier = app_.Classifier().Status();
        return JsonResponse(db ? 200 : 503,
                            {{"status", db ? "ready" : "unavailable"},
                             {"checks",
                              {{"database", db ? "ok" : "unreachable"},
                               {"classifier", classifier.model_loaded ? "model" : "keywords"}}},
                             {"detail", {{"classifier", classifier.detail}}}});
    });
    router_.Add("GET", "/metrics", [this](http::Request&) {
        http::Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics_.Render();
        return r;
    });

    auto& store = app_.Store();
    metrics_.AddGauge("alo153_write_queue_depth", "Writes waiting for the group commit.",
                      [&store] { return static_cast<double>(store.Stats().queue_depth); });
    metrics_.AddGauge("alo153_group_commit_last_batch_size", "Writes committed together in the last batch.",
                      [&store] { return static_cast<double>(store.Stats().last_batch_size); });
    metrics_.AddCounterFn("alo153_group_commit_batches_total", "Group commits since start.",
                          [&store] { return static_cast<double>(store.Stats().batches); });
    metrics_.AddCounterFn("alo153_group_commit_jobs_total", "Writes committed since start.",
                          [&store] { return static_cast<double>(store.Stats().jobs); });
    metrics_.AddGauge("alo153_database_size_bytes", "Size of the database files on disk.",
                      [&store] { return static_cast<double>(store.SizeBytes()); });
    auto& classifier = app_.Classifier();
    metrics_.AddGauge("alo153_classifier_model_loaded", "1 when a trained classifier model serves, 0 on keywords.",
                      [&classifier] { return classifier.Status().model_loaded ? 1.0 : 0.0; });
    metrics_.AddGauge("alo153_live_streams", "Open live-update streams (GET /api/v1/stream).",
                      [this] { return static_cast<double>(app_.Feed().SubscriberCount()); });
}

ApiServer::~ApiServer() { Stop(); }

void ApiServer::Start() {
    http::ServerOptions options;
    options.address = config_.address;
    options.port = static_cast<unsigned short>(config_.port);
    options.io_threads = config_.io_threads;
    options.handler_threads = config_.handler_threads;
    options.body_limit = config_.body_limit;
    options.stream_heartbeat = config_.stream_heartbeat;
    options.stream_buffer_limit = config_.stream_buffer_limit;
    app_.Feed().Start();
    server_ = std::make_unique<http::HttpServer>(options, router_, metrics_);
    server_->Start();
}

void ApiServer::Stop() {
    if (server_) {
        server_->Stop();  // ends the live-update streams first
        server_.reset();
        app_.Feed().Stop();
    }
}

unsigned short ApiServer::Port() const { return server_ ? server_->Port() : 0; }

}  // namespace alo153::api
