#include "api/http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "api/http/message.hpp"
#include "api/http/metrics.hpp"
#include "api/http/router.hpp"

namespace alo153::api::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kServerName = "alo153";
constexpr std::string_view kUnmatchedRoute = "unmatched";
constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kFirstReadSize = 16 * 1024;
constexpr std::size_t kMaxRequestIdLength = 128;
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
constexpr auto kForcedCloseWait = std::chrono::seconds(2);

/// The server whose I/O or handler thread this is, if any (Stop() must not join its own thread).
thread_local const void* tl_owner = nullptr;

/// Reports a failed asynchronous operation. Ordinary client behaviour (disconnects, timeouts) is logged at
/// debug level only; cancellation by our own close is not logged at all.
void Fail(beast::error_code ec, const char* what) {
    if (ec == net::error::operation_aborted) {
        return;
    }
    if (ec == beast::error::timeout || ec == net::error::eof || ec == bhttp::error::end_of_stream ||
        ec == bhttp::error::partial_message || ec == net::error::connection_reset || ec == net::error::broken_pipe ||
        ec == net::error::not_connected || ec == net::error::bad_descriptor) {
        spdlog::debug("http {}: {}", what, ec.message());
        return;
    }
    spdlog::warn("http {}: {}", what, ec.message());
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// Percent-decodes `in` into `out`; false for a truncated or non-hex escape, an encoded NUL, or (when
/// `allow_slash` is false) an encoded '/', which would otherwise change how the path splits into segments.
bool PercentDecode(std::string_view in, bool plus_is_space, bool allow_slash, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) {
                return false;
            }
            const int high = HexValue(in[i + 1]);
            const int low = HexValue(in[i + 2]);
            if (high < 0 || low < 0 || (high == 0 && low == 0) || (!allow_slash && high * 16 + low == '/')) {
                return false;
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return true;
}

/// Fills req.path and req.query from the request target; false when the target is not acceptable.
bool ParseTarget(std::string_view target, Request& req) {
    // Absolute form ("http://host/path"), which proxies may send: keep only the path and query.
    for (const std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (target.substr(0, scheme.size()) == scheme) {
            const auto slash = target.find_first_of("/?", scheme.size());
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
            break;
        }
    }
    if (target.empty() || (target.front() != '/' && target != "*")) {
        return false;
    }
    const auto question = target.find('?');
    const std::string_view raw_path = target.substr(0, question);
    if (!PercentDecode(raw_path, false, false, req.path)) {
        return false;
    }
    // No "." or ".." segments, plain or encoded: they must never reach a file lookup.
    std::string_view rest = req.path;
    while (!rest.empty()) {
        const auto slash = rest.find('/', 1);
        const std::string_view segment = rest.substr(1, slash == std::string_view::npos ? slash : slash - 1);
        if (segment == "." || segment == "..") {
            return false;
        }
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    }
    req.query.clear();
    if (question == std::string_view::npos) {
        return true;
    }
    std::string_view query = target.substr(question + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto equals = pair.find('=');
        std::string key;
        std::string value;
        if (!PercentDecode(pair.substr(0, equals), true, true, key) ||
            (equals != std::string_view::npos && !PercentDecode(pair.substr(equals + 1), true, true, value))) {
            return false;
        }
        req.query.emplace_back(std::move(key), std::move(value));
    }
    return true;
}

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), independent of the locale.
std::string HttpDate() {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[40];
    std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays.at(tm.tm_wday), tm.tm_mday,
                  kMonths.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

std::string RandomRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    char buffer[33];
    std::snprintf(buffer, sizeof(buffer), "%016llx%016llx", static_cast<unsigned long long>(generator()),
                  static_cast<unsigned long long>(generator()));
    return buffer;
}

/// A client's X-Request-Id is echoed only when it is short and made of token characters.
bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
}

/// Beast 1.74 uses boost::string_view; these convert at the boundary.
std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }
beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

/// Metric label for a method: the standard ones by name, anything else as "OTHER" (bounded label set).
std::string MethodLabel(bhttp::verb verb) {
    return verb == bhttp::verb::unknown ? std::string("OTHER") : std::string(ToStd(bhttp::to_string(verb)));
}

bool HasNoBody(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

class Session;
class Listener;

constexpr std::string_view kHeartbeat = ": keep-alive\n\n";

/// The StreamSink of one streaming connection. Counts the bytes not yet written so that a client that does not
/// read is dropped once they pass the limit, instead of growing the queue without bound.
class SessionSink final : public StreamSink {
  public:
    SessionSink(std::size_t limit, std::function<void(std::string)> enqueue, std::function<void()> close)
        : limit_(limit), enqueue_(std::move(enqueue)), close_(std::move(close)) {}

    bool Write(std::string data) override {
        if (closed_.load()) {
            return false;
        }
        if (pending_.fetch_add(data.size()) + data.size() > limit_) {
            spdlog::info("http stream: client too slow ({} bytes waiting); closing it", pending_.load());
            Close();
            return false;
        }
        enqueue_(std::move(data));
        return true;
    }

    void Close() override {
        if (!closed_.exchange(true)) {
            close_();
        }
    }

    /// Called by the session when `bytes` have been written to the socket.
    void Written(std::size_t bytes) { pending_.fetch_sub(bytes); }
    /// Called by the session when the connection is ending (no more writes are accepted).
    void MarkClosed() { closed_.store(true); }

  private:
    const std::size_t limit_;
    std::function<void(std::string)> enqueue_;
    std::function<void()> close_;
    std::atomic<std::size_t> pending_{0};
    std::atomic<bool> closed_{false};
};

/// Shared state of one server: options, router, metrics, the I/O context and handler pool, and the live
/// connections (so that Stop can close them).
class ServerCore {
  public:
    ServerCore(ServerOptions options, const Router& router, Metrics& metrics)
        : options_(std::move(options)),
          router_(router),
          metrics_(metrics),
          ioc_(std::max(options_.io_threads, 1)),
          work_(net::make_work_guard(ioc_)) {}

    void Start();
    void Stop();
    unsigned short Port() const { return port_; }

    std::uint64_t Register(std::weak_ptr<Session> session);
    void Unregister(std::uint64_t id);
    bool StopRequested() const { return stop_requested_.load(); }

    const ServerOptions options_;
    const Router& router_;
    Metrics& metrics_;

  private:
    friend class Listener;

    void BeginStop();
    void FinishStop();
    void RunIo();
    std::vector<std::shared_ptr<Session>> LiveSessions();
    bool WaitForNoSessions(Clock::time_point deadline);

    // Declared before ioc_ so that sessions destroyed along with the io_context can still unregister.
    std::mutex sessions_mutex_;
    std::condition_variable sessions_cv_;
    std::map<std::uint64_t, std::weak_ptr<Session>> sessions_;
    std::uint64_t next_session_id_ = 1;

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

/// One client connection: reads requests, hands each to the handler pool and writes its response.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(ServerCore& server, tcp::socket&& socket, net::thread_pool& pool)
        : server_(server), stream_(std::move(socket)), pool_(pool), heartbeat_(stream_.get_executor()) {
        beast::error_code ec;
        const auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            remote_address_ = endpoint.address().to_string();
        }
    }

    ~Session() {
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
        id_ = server_.Register(weak_from_this());
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

    /// Called by Stop: close now unless a request is being handled or answered (that one closes after).
    void OnServerStop() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->state_ == State::kStreaming) {
                self->finish_stream();
            } else if (self->state_ != State::kHandling && self->state_ != State::kWriting) {
                self->stream_.close();
            }
        });
    }

    /// Called by Stop when the drain time is over: close whatever the connection is doing.
    void ForceClose() {
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
        parser_->body_limit(server_.options_.body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
        close_after_ = false;
        linger_ = false;
        if (buffer_.size() > 0) {
            return do_read_header();
        }
        // Wait for the first bytes of the next request, no longer than the idle timeout.
        stream_.expires_after(server_.options_.idle_timeout);
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
        stream_.expires_after(server_.options_.read_timeout);
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
                                 "İstek gövdesi " + std::to_string(server_.options_.body_limit) + " baytı aşamaz."));
        } else if (ec == bhttp::error::header_limit) {
            do_write(
                MakeProblem(431, "header-too-large", "İstek başlıkları çok büyük",
                            "İstek başlıkları " + std::to_string(server_.options_.header_limit) + " baytı aşamaz."));
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

        if (!ParseTarget(req.target, req)) {
            return do_write(MakeProblem(400, "bad-request", "Geçersiz istek", "İstek adresi geçersiz."));
        }

        // Run the handler on the handler pool (it may block), then write its response on our strand.
        net::post(pool_, [self = shared_from_this(), req = std::move(req)]() mutable {
            tl_owner = &self->server_;
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
            return server_.router_.Dispatch(req);
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
        stream_.expires_after(server_.options_.read_timeout);
        bhttp::async_write(stream_, res, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t /*bytes*/) {
        const auto latency = Clock::now() - started_;
        server_.metrics_.ObserveRequest(route_, method_label_, status_, latency);
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
        stream_.expires_after(server_.options_.read_timeout);
        bhttp::async_write_header(stream_, *stream_serializer_,
                                  beast::bind_front_handler(&Session::on_stream_head, shared_from_this()));
    }

    void on_stream_head(beast::error_code ec, std::size_t /*bytes*/) {
        stream_.expires_never();
        const auto latency = Clock::now() - started_;
        server_.metrics_.ObserveRequest(route_, method_label_, status_, latency);
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
            server_.options_.stream_buffer_limit,
            [weak](std::string data) {
                if (auto self = weak.lock()) {
                    net::post(self->stream_.get_executor(), [self, data = std::move(data)]() mutable {
                        self->enqueue_chunk(std::move(data));
                    });
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
        heartbeat_.expires_after(server_.options_.stream_heartbeat);
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
        stream_.expires_after(server_.options_.read_timeout);
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

/// Accepts connections and starts a Session for each.
class Listener : public std::enable_shared_from_this<Listener> {
  public:
    /// Opens, binds and listens; throws std::system_error on failure.
    Listener(ServerCore& server, const tcp::endpoint& endpoint)
        : server_(server), acceptor_(net::make_strand(server.ioc_)), retry_timer_(acceptor_.get_executor()) {
        const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
        beast::error_code ec;
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            acceptor_.bind(endpoint, ec);
        }
        if (!ec) {
            acceptor_.listen(net::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            throw std::system_error(ec, "cannot listen on " + where);
        }
    }

    unsigned short Port() const { return acceptor_.local_endpoint().port(); }

    void Run() {
        net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
    }

    /// Stops accepting (from any thread).
    void Close() {
        net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
            beast::error_code ec;
            self->acceptor_.close(ec);
            self->retry_timer_.cancel();
        });
    }

  private:
    void do_accept() {
        // Each connection gets its own strand, so its handlers never run concurrently.
        acceptor_.async_accept(net::make_strand(server_.ioc_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
                return;
            }
            Fail(ec, "accept");
            // Out of file descriptors and the like: try again shortly rather than spin.
            retry_timer_.expires_after(kAcceptRetryDelay);
            retry_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
                if (!timer_ec && self->acceptor_.is_open()) {
                    self->do_accept();
                }
            });
            return;
        }
        if (server_.StopRequested()) {
            return;
        }
        std::make_shared<Session>(server_, std::move(socket), *server_.pool_)->Run();
        do_accept();
    }

    ServerCore& server_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
};

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
    tl_owner = this;
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
    if (tl_owner == this) {
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
    for (const auto& session : LiveSessions()) {
        session->OnServerStop();
    }
}

void ServerCore::FinishStop() {
    std::lock_guard lock(lifecycle_mutex_);
    if (!started_ || finished_) {
        return;
    }
    finished_ = true;
    // Let running requests finish and their connections close.
    if (!WaitForNoSessions(Clock::now() + options_.drain_timeout)) {
        spdlog::warn("http server: requests still running after {} s; closing their connections",
                     options_.drain_timeout.count());
        for (const auto& session : LiveSessions()) {
            session->ForceClose();
        }
    }
    pool_->join();
    work_.reset();
    WaitForNoSessions(Clock::now() + kForcedCloseWait);
    ioc_.stop();
    for (auto& thread : io_threads_) {
        thread.join();
    }
    io_threads_.clear();
    listener_.reset();
    spdlog::info("http server stopped");
}

std::uint64_t ServerCore::Register(std::weak_ptr<Session> session) {
    std::lock_guard lock(sessions_mutex_);
    const auto id = next_session_id_++;
    sessions_.emplace(id, std::move(session));
    return id;
}

void ServerCore::Unregister(std::uint64_t id) {
    {
        std::lock_guard lock(sessions_mutex_);
        sessions_.erase(id);
    }
    sessions_cv_.notify_all();
}

std::vector<std::shared_ptr<Session>> ServerCore::LiveSessions() {
    std::vector<std::shared_ptr<Session>> live;
    std::lock_guard lock(sessions_mutex_);
    for (const auto& [id, weak] : sessions_) {
        if (auto session = weak.lock()) {
            live.push_back(std::move(session));
        }
    }
    return live;
}

bool ServerCore::WaitForNoSessions(Clock::time_point deadline) {
    std::unique_lock lock(sessions_mutex_);
    return sessions_cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

}  // namespace

/// The pimpl: all state lives in ServerCore, which the sessions and the listener reference.
class HttpServer::Impl : public ServerCore {
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
