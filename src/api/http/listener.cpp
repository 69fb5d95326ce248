#include "api/http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>

#include <string>
#include <system_error>

#include "api/http/server_core.hpp"
#include "api/http/session.hpp"

namespace alo153::api::http::detail {

Listener::Listener(ServerCore& server, const tcp::endpoint& endpoint)
    : server_(server), acceptor_(net::make_strand(server.Io())), retry_timer_(acceptor_.get_executor()) {
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

void Listener::Run() {
    net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::Close() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
        self->retry_timer_.cancel();
    });
}

void Listener::do_accept() {
    // Each connection gets its own strand, so its handlers never run concurrently.
    acceptor_.async_accept(net::make_strand(server_.Io()),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
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
    StartSession(server_, std::move(socket));
    do_accept();
}

}  // namespace alo153::api::http::detail
