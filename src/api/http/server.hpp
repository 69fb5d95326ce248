#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace alo153::api::http {

class Router;
class Metrics;

/// Listening address, thread counts, limits and timeouts of the HTTP server. Every field has a working default.
struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8153;                         ///< 0 = an ephemeral port (see HttpServer::Port)
    int io_threads = 2;                                 ///< threads running accept and socket I/O
    int handler_threads = 64;                           ///< threads running handlers, which may block on the database
    std::size_t body_limit = 12 * 1024 * 1024;          ///< larger bodies get 413 and the connection is closed
    std::size_t header_limit = 16 * 1024;               ///< larger request heads get 431 and the connection is closed
    std::chrono::seconds idle_timeout{60};              ///< keep-alive connection waiting for its next request
    std::chrono::seconds read_timeout{30};              ///< from a request's first byte to its last (also each write)
    std::chrono::seconds drain_timeout{10};             ///< Stop() waits this long for running requests to finish
    std::chrono::milliseconds stream_heartbeat{15000};  ///< a comment line on idle streams this often
    std::size_t stream_buffer_limit = 1024 * 1024;      ///< bytes a stream may queue for a slow client
};

/// The HTTP/1.1 server: accepts connections, reads requests, runs the router's handlers on a pool of handler
/// threads (never on the I/O threads, since handlers may block), and writes the responses with the common
/// headers (Server, Date, Content-Length, X-Content-Type-Options, Cache-Control, X-Request-Id). Records
/// each request in Metrics and in a debug-level access log line. A response with a StreamSource is written as
/// a chunked stream (Server-Sent Events): the head, then whatever the source writes, with a heartbeat comment
/// line (": keep-alive") when nothing else was sent for stream_heartbeat; Stop ends streams with their last
/// chunk.
///
/// The router and metrics must outlive the server.
class HttpServer {
  public:
    HttpServer(ServerOptions options, const Router& router, Metrics& metrics);
    /// Stops the server (see Stop) if it is running.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds, listens and starts the I/O and handler threads, then returns. Throws std::system_error when the
    /// address is invalid or cannot be bound, std::invalid_argument for bad thread counts, and
    /// std::logic_error when called twice.
    void Start();

    /// The port actually bound (the chosen one when options.port was 0). Precondition: Start() succeeded.
    unsigned short Port() const;

    /// Graceful stop: stops accepting, closes idle connections, lets running requests finish (for at most
    /// options.drain_timeout, then closes their connections), and joins all threads. Thread-safe and
    /// idempotent; meant to be called from a signal-handling thread. Called from a handler or I/O thread of
    /// this server it only starts the stop, and the destructor completes it.
    void Stop();

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace alo153::api::http
