#pragma once

#include <boost/asio/steady_timer.hpp>

#include <memory>

#include "api/http/server_support.hpp"

namespace alo153::api::http::detail {

class ServerCore;

/// Accepts connections and starts a session for each, every connection on a strand of its own.
class Listener : public std::enable_shared_from_this<Listener> {
  public:
    /// Opens, binds and listens; throws std::system_error on failure.
    Listener(ServerCore& server, const tcp::endpoint& endpoint);

    unsigned short Port() const { return acceptor_.local_endpoint().port(); }

    /// Starts accepting.
    void Run();
    /// Stops accepting (from any thread).
    void Close();

  private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    ServerCore& server_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
};

}  // namespace alo153::api::http::detail
