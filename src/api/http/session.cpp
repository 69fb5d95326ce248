#include "api/http/session.hpp"

// One file for the whole connection, as in the Beast examples: the request/response cycle and the streaming
// response share the connection's state (its strand, timeouts and phase), so they are one class.

#include <spdlog/spdlog.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <charconv>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "api/http/message.hpp"
#include "api/http/metrics.hpp"
#include "api/http/router.hpp"
#include "api/http/server_core.hpp"
#include "api/http/stream_sink.hpp"
#include "api/http/target.hpp"
#include "core/error.hpp"

namespace alo153::api::http::detail {
namespace {

/// One client connection: reads requests, hands each to the handler pool and writes its response.
class Session final : public Connection, public std::enable_shared_from_this<Session> {
  public:
    Session(ServerCore& server, tcp::socket&& socket)
        : server_(server), stream_(std::move(socket)), pool_(server.HandlerPool()), heartbeat_(stream_.get_executor()) {
        beast::error_code ec;
        const auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            remote_address_ = endpoint.address().to_string();
        }
    }

    ~Session() override {
        if (sink_) {
            sink_->MarkClosed();
        }
        if (source_) {
            source_->Closed();
        }
        if (id_ != 0) {
            server_.Unregister(id_);
        }
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Starts the read loop on the connection's strand.
    void Run() {
        id_ = server_.Register(std::weak_ptr<Connection>(shared_from_this()));
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

    void OnServerStop() override {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->state_ == State::kStreaming) {
                self->finish_stream();
            } else if (self->state_ != State::kHandling && self->state_ != State::kWriting) {
                self->stream_.close();
            }
        });
    }

    void ForceClose() override {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->end_stream_source();
            self->stream_.close();
        });
    }

  private:
    enum class State { kIdle, kReading, kHandling, kWriting, kStreaming, kClosing };

    void do_read() {
        if (server_.StopRequested()) {
            return do_close();
        }
        state_ = State::kIdle;
        parser_.emplace();
        parser_->body_limit(server_.Options().body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(server_.Options().header_limit));
        close_after_ = false;
        linger_ = false;
        if (buffer_.size() > 0) {
            return do_read_header();
        }
        // Wait for the first bytes of the next request, no longer than the idle timeout.
        stream_.expires_after(server_.Options().idle_timeout);
        stream_.async_read_some(buffer_.prepare(kFirstReadSize),
                                beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
    }

    void on_first_bytes(beast::error_code ec, std::size_t bytes) {
        if (ec) {
            Fail(ec, "read");
            return do_close();
        }
        buffer_.commit(bytes);
        do_read_header();
    }

    void do_read_header() {
        state_ = State::kReading;
        started_ = Clock::now();
        // Read the request head; from here on the read timeout applies.
        stream_.expires_after(server_.Options().read_timeout);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 beast::bind_front_handler(&Session::on_read_header, shared_from_this()));
    }

    void on_read_header(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            return on_read_error(ec);
        }
        const auto expect = parser_->get()[bhttp::field::expect];
        if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
            // The client waits for our go-ahead before sending the body.
            return net::async_write(stream_, net::buffer(kContinueResponse.data(), kContinueResponse.size()),
                                    beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
        }
        do_read_body();
    }

    void on_continue_written(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            Fail(ec, "write");
            return do_close();
        }
        do_read_body();
    }

    void do_read_body() {
        if (parser_->is_done()) {
            return on_request();
        }
        // Read the rest of the body, still under the read timeout.
        bhttp::async_read(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_read_body, shared_from_this()));
    }

    void on_read_body(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            return on_read_error(ec);
        }
        on_request();
    }

    void on_read_error(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
            ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) {
            // The client went away, timed out, or we closed the connection: nobody to answer.
            Fail(ec, "read");
            return do_close();
        }
        method_label_ = parser_->is_header_done() ? MethodLabel(parser_->get().method()) : std::string("OTHER");
        route_ = kUnmatchedRoute;
        request_id_ = RandomRequestId();
        keep_alive_ = false;
        version_ = 11;
        is_head_ = false;
        close_after_ = true;
        linger_ = true;
        if (ec == bhttp::error::body_limit) {
            do_write(MakeProblem(413, "payload-too-large", "İstek gövdesi çok büyük",
                                 "İstek gövdesi " + std::to_string(server_.Options().body_limit) + " baytı aşamaz."));
        } else if (ec == bhttp::error::header_limit) {
            do_write(
                MakeProblem(431, "header-too-large", "İstek başlıkları çok büyük",
                            "İstek başlıkları " + std::to_string(server_.Options().header_limit) + " baytı aşamaz."));
        } else {
            do_write(MakeProblem(400, "bad-request", "Geçersiz istek", "İstek HTTP/1.1 olarak okunamadı."));
        }
    }

    void on_request() {
        state_ = State::kHandling;
        stream_.expires_never();
        bhttp::request<bhttp::string_body> message = parser_->release();
        parser_.reset();

        keep_alive_ = message.keep_alive();
        version_ = message.version();
        is_head_ = message.method() == bhttp::verb::head;
        method_label_ = MethodLabel(message.method());
        route_ = kUnmatchedRoute;

        Request req;
        req.method = std::string(ToStd(message.method_string()));
        req.target = std::string(ToStd(message.target()));
        req.remote_address = remote_address_;
        req.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())) + 1);
        for (const auto& field : message) {
            req.headers.emplace_back(LowerAscii(ToStd(field.name_string())), std::string(ToStd(field.value())));
        }
        const auto client_id = req.Header("x-request-id");
        if (client_id && IsAcceptableRequestId(*client_id)) {
            request_id_ = std::string(*client_id);
        } else {
            request_id_ = RandomRequestId();
            std::erase_if(req.headers, [](const auto& header) { return header.first == "x-request-id"; });
            req.headers.emplace_back("x-request-id", request_id_);
        }
        req.body = std::move(message.body());

        auto target = ParseTarget(req.target);
        if (!target) {
            return do_write(MakeProblem(400, "bad-request", "Geçersiz istek", "İstek adresi geçersiz."));
        }
        req.path = std::move(target->path);
        req.query = std::move(target->query);

        // Run the handler on the handler pool (it may block), then write its response on our strand.
        net::post(pool_, [self = shared_from_this(), req = std::move(req)]() mutable {
            self->server_.EnterThread();
            Response response = self->RunHandler(req);
            net::post(self->stream_.get_executor(),
                      [self, response = std::move(response), route = std::move(req.route)]() mutable {
                          if (!route.empty()) {
                              self->route_ = std::move(route);
                          }
                          self->do_write(std::move(response));
                      });
        });
    }

    Response RunHandler(Request& req) const {
        try {
            return server_.Routes().Dispatch(req);
        } catch (const core::UnavailableError& e) {
            // The database went away under a read: the client may try again soon (and /readyz says not ready).
            spdlog::error("http handler failed: method={} route={} request_id={} unavailable={}", req.method, req.route,
                          request_id_, e.what());
            auto response = MakeProblem(503, "unavailable", "Hizmet geçici olarak kullanılamıyor",
                                        "Veritabanına şu an ulaşılamıyor; lütfen biraz sonra yeniden deneyin.");
            response.Header("Retry-After", kRetryAfterSeconds);
            return response;
        } catch (const std::exception& e) {
            spdlog::error("http handler failed: method={} route={} request_id={} error={}", req.method, req.route,
                          request_id_, e.what());
        } catch (...) {
            spdlog::error("http handler failed: method={} route={} request_id={} error=unknown exception", req.method,
                          req.route, request_id_);
        }
        return MakeProblem(500, "internal", "Sunucu hatası",
                           "İstek işlenirken beklenmeyen bir hata oluştu; istek kimliği: " + request_id_);
    }

    /// The status line and headers every response gets (Server, Date, Content-Type, the handler's headers,
    /// X-Content-Type-Options, Cache-Control, X-Request-Id). Returns the Content-Length a HEAD answer names.
    template <typename Body>
    std::optional<std::uint64_t> fill_head(bhttp::response<Body>& res, const Response& response) {
        res.version(version_);
        res.result(static_cast<unsigned>(response.status));
        res.set(bhttp::field::server, ToBeast(kServerName));
        res.set(bhttp::field::date, HttpDate());
        if (!response.content_type.empty() && !HasNoBody(response.status)) {
            res.set(bhttp::field::content_type, response.content_type);
        }
        std::optional<std::uint64_t> head_length;
        for (const auto& [name, value] : response.headers) {
            const std::string lower = LowerAscii(name);
            if (lower == "content-length") {
                // Only meaningful for HEAD: the length the GET body would have had.
                std::uint64_t length = 0;
                const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
                if (error == std::errc() && end == value.data() + value.size()) {
                    head_length = length;
                }
            } else if (lower == "connection") {
                if (beast::iequals(value, "close")) {
                    close_after_ = true;
                }
            } else if (lower == "transfer-encoding" || lower == "server" || lower == "date") {
                continue;
            } else if (lower == "content-type" || lower == "cache-control" || lower == "x-content-type-options" ||
                       lower == "x-request-id") {
                res.set(name, value);
            } else {
                res.insert(name, value);
            }
        }
        if (res.find("X-Content-Type-Options") == res.end()) {
            res.set("X-Content-Type-Options", "nosniff");
        }
        if (res.find(bhttp::field::cache_control) == res.end()) {
            res.set(bhttp::field::cache_control, "no-store");
        }
        if (res.find("x-request-id") == res.end()) {
            res.set("X-Request-Id", request_id_);
        }
        return head_length;
    }

    void do_write(Response response) {
        state_ = State::kWriting;
        if (response.status < 100 || response.status > 599) {
            spdlog::error("http handler returned invalid status {} for route {}", response.status, route_);
            response = MakeProblem(500, "internal", "Sunucu hatası", "Sunucu geçersiz bir yanıt üretti.");
        }
        if (response.stream && (is_head_ || version_ < 11 || server_.StopRequested())) {
            // HEAD has no body, HTTP/1.0 has no chunks, and a stopping server starts no new streams.
            response.stream.reset();
            if (server_.StopRequested()) {
                response = MakeProblem(503, "unavailable", "Hizmet geçici olarak kullanılamıyor",
                                       "Sunucu kapanıyor; lütfen yeniden bağlanın.");
            }
        }
        if (response.stream) {
            return do_stream_head(std::move(response));
        }
        status_ = response.status;

        auto& res = response_.emplace();
        const std::optional<std::uint64_t> head_length = fill_head(res, response);

        if (HasNoBody(response.status)) {
            response.body.clear();
        } else if (is_head_) {
            res.content_length(head_length && response.body.empty() ? *head_length : response.body.size());
            response.body.clear();
        } else {
            res.content_length(response.body.size());
        }
        bytes_ = response.body.size();
        res.body() = std::move(response.body);
        res.keep_alive(keep_alive_ && !close_after_ && !server_.StopRequested());

        // Send the response, under the read timeout (a client that does not read is dropped).
        stream_.expires_after(server_.Options().read_timeout);
        bhttp::async_write(stream_, res, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t /*bytes*/) {
        const auto latency = Clock::now() - started_;
        server_.Meter().ObserveRequest(route_, method_label_, status_, latency);
        spdlog::debug("http access method={} route={} status={} duration_ms={:.3f} bytes={} remote={} request_id={}",
                      method_label_, route_, status_, std::chrono::duration<double, std::milli>(latency).count(),
                      bytes_, remote_address_, request_id_);
        const bool keep_alive = response_ && response_->keep_alive();
        response_.reset();
        if (ec) {
            Fail(ec, "write");
            return do_close();
        }
        if (!keep_alive) {
            return do_close();
        }
        do_read();
    }

    // ---- Streaming responses (Server-Sent Events) ----

    void do_stream_head(Response response) {
        status_ = response.status;
        source_ = std::move(response.stream);
        auto& head = stream_head_.emplace();
        fill_head(head, response);
        head.keep_alive(false);  // the connection belongs to the stream until it ends
        head.chunked(true);
        stream_serializer_.emplace(head);
        // Write the head under the read timeout; the body follows chunk by chunk as the source produces it.
        stream_.expires_after(server_.Options().read_timeout);
        bhttp::async_write_header(stream_, *stream_serializer_,
                                  beast::bind_front_handler(&Session::on_stream_head, shared_from_this()));
    }

    void on_stream_head(beast::error_code ec, std::size_t /*bytes*/) {
        stream_.expires_never();
        const auto latency = Clock::now() - started_;
        server_.Meter().ObserveRequest(route_, method_label_, status_, latency);
        spdlog::debug("http access method={} route={} status={} stream=open duration_ms={:.3f} remote={} request_id={}",
                      method_label_, route_, status_, std::chrono::duration<double, std::milli>(latency).count(),
                      remote_address_, request_id_);
        if (ec) {
            Fail(ec, "write");
            end_stream_source();
            return do_close();
        }
        state_ = State::kStreaming;
        // The sink holds the session weakly and no executor of its own: it may outlive the server (a source
        // keeps it), and a strand executor must not outlive its io_context.
        std::weak_ptr<Session> weak = shared_from_this();
        sink_ = std::make_shared<SessionSink>(
            server_.Options().stream_buffer_limit,
            [weak](std::string data) {
                if (auto self = weak.lock()) {
                    net::post(self->stream_.get_executor(),
                              [self, data = std::move(data)]() mutable { self->enqueue_chunk(std::move(data)); });
                }
            },
            [weak] {
                if (auto self = weak.lock()) {
                    net::post(self->stream_.get_executor(), [self] { self->finish_stream(); });
                }
            });
        // The client never sends anything on a stream; a read that ends tells that it has gone away. The raw
        // socket is read so that the stream's write timeout does not apply to this wait.
        stream_.socket().async_read_some(net::buffer(drain_buffer_),
                                         beast::bind_front_handler(&Session::on_stream_read, shared_from_this()));
        arm_heartbeat();
        source_->Open(sink_);
        if (server_.StopRequested()) {
            finish_stream();
        }
    }

    void on_stream_read(beast::error_code ec, std::size_t /*bytes*/) {
        if (state_ != State::kStreaming) {
            return;
        }
        if (ec) {
            // The client closed the connection (or it broke): nobody to write to any more.
            Fail(ec, "stream read");
            end_stream_source();
            return do_close();
        }
        stream_.socket().async_read_some(net::buffer(drain_buffer_),
                                         beast::bind_front_handler(&Session::on_stream_read, shared_from_this()));
    }

    void arm_heartbeat() {
        heartbeat_.expires_after(server_.Options().stream_heartbeat);
        heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->state_ != State::kStreaming) {
                return;
            }
            // Only when the stream has been quiet: proxies and browsers drop connections that stay silent.
            if (!self->stream_writing_ && self->stream_queue_.empty() && self->sink_) {
                self->sink_->Write(std::string(kHeartbeat));
            }
            self->arm_heartbeat();
        });
    }

    void enqueue_chunk(std::string data) {
        if (state_ != State::kStreaming || stream_finishing_) {
            return;
        }
        stream_queue_.push_back(std::move(data));
        if (!stream_writing_) {
            do_stream_write();
        }
    }

    void do_stream_write() {
        if (stream_queue_.empty()) {
            stream_writing_ = false;
            if (stream_finishing_) {
                write_last_chunk();
            }
            return;
        }
        stream_writing_ = true;
        stream_chunk_ = std::move(stream_queue_.front());
        stream_queue_.pop_front();
        // Each piece as one chunk, under the read timeout (a client that stops reading is dropped).
        stream_.expires_after(server_.Options().read_timeout);
        net::async_write(stream_, bhttp::make_chunk(net::buffer(stream_chunk_)),
                         beast::bind_front_handler(&Session::on_stream_write, shared_from_this()));
    }

    void on_stream_write(beast::error_code ec, std::size_t /*bytes*/) {
        stream_.expires_never();
        if (sink_) {
            sink_->Written(stream_chunk_.size());
        }
        stream_chunk_.clear();
        if (ec) {
            Fail(ec, "stream write");
            stream_writing_ = false;
            end_stream_source();
            return do_close();
        }
        do_stream_write();
    }

    /// Ends the stream cleanly: what is queued is written, then the last chunk, then the connection closes.
    void finish_stream() {
        if (state_ != State::kStreaming || stream_finishing_) {
            return;
        }
        stream_finishing_ = true;
        end_stream_source();
        if (!stream_writing_) {
            do_stream_write();
        }
    }

    void write_last_chunk() {
        stream_.expires_after(kLingerTimeout);
        net::async_write(stream_, bhttp::make_chunk_last(),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->stream_.expires_never();
                             if (ec) {
                                 Fail(ec, "stream write");
                             }
                             self->do_close();
                         });
    }

    /// Tells the source, once, that the stream is over, and stops taking data and heartbeats.
    void end_stream_source() {
        heartbeat_.cancel();
        if (sink_) {
            sink_->MarkClosed();
        }
        if (auto source = std::exchange(source_, nullptr)) {
            source->Closed();
        }
    }

    void do_close() {
        state_ = State::kClosing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (linger_ && stream_.socket().is_open() && !server_.StopRequested()) {
            // The client may still be sending the request we refused; read and discard it for a while so that
            // closing does not reset the connection before the client has read our answer.
            stream_.expires_after(kLingerTimeout);
            return do_drain();
        }
        stream_.close();
    }

    void do_drain() {
        stream_.async_read_some(net::buffer(drain_buffer_),
                                beast::bind_front_handler(&Session::on_drain, shared_from_this()));
    }

    void on_drain(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            stream_.close();
            return;
        }
        do_drain();
    }

    ServerCore& server_;
    beast::tcp_stream stream_;
    net::thread_pool& pool_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::optional<bhttp::response<bhttp::string_body>> response_;
    std::array<char, 4096> drain_buffer_{};

    // A streaming response: its head, the source, the sink it writes to and the chunks waiting for the socket.
    std::shared_ptr<StreamSource> source_;
    std::shared_ptr<SessionSink> sink_;
    std::optional<bhttp::response<bhttp::empty_body>> stream_head_;
    std::optional<bhttp::response_serializer<bhttp::empty_body>> stream_serializer_;
    net::steady_timer heartbeat_;
    std::deque<std::string> stream_queue_;
    std::string stream_chunk_;
    bool stream_writing_ = false;
    bool stream_finishing_ = false;
    std::string remote_address_;
    std::uint64_t id_ = 0;
    State state_ = State::kIdle;

    // The request being answered.
    Clock::time_point started_{};
    std::string method_label_;
    std::string route_;
    std::string request_id_;
    int status_ = 0;
    std::size_t bytes_ = 0;
    unsigned version_ = 11;
    bool keep_alive_ = false;
    bool is_head_ = false;
    bool close_after_ = false;
    bool linger_ = false;
};

}  // namespace

void StartSession(ServerCore& server, tcp::socket socket) {
    std::make_shared<Session>(server, std::move(socket))->Run();
}

}  // namespace alo153::api::http::detail
