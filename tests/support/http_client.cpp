#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <limits>
#include <optional>
#include <system_error>

namespace alo153::test {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }
std::string ToString(beast::string_view s) { return {s.data(), s.size()}; }

bool IsClosedConnection(const beast::error_code& ec) {
    return ec == net::error::eof || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
           ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == net::error::connection_aborted;
}

}  // namespace

std::string TestClient::Reply::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (beast::iequals(ToBeast(key), ToBeast(name))) {
            return value;
        }
    }
    return {};
}

struct TestClient::Impl {
    unsigned short port;
    std::string host;
    net::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    int connects = 0;
    std::chrono::milliseconds timeout{10000};

    /// Runs the pending asynchronous operation to completion (the client is blocking from the outside).
    void Run() {
        ioc.restart();
        ioc.run();
    }

    void Connect() {
        Close();
        stream.emplace(ioc);
        const tcp::endpoint endpoint(net::ip::make_address(host), port);
        beast::error_code ec;
        stream->expires_after(timeout);
        stream->async_connect(endpoint, [&](beast::error_code result) { ec = result; });
        Run();
        if (ec) {
            stream.reset();
            throw std::system_error(ec, "connect to " + host + ":" + std::to_string(port));
        }
        ++connects;
    }

    void Close() {
        if (stream) {
            beast::error_code ec;
            stream->socket().shutdown(tcp::socket::shutdown_both, ec);
            stream->close();
            stream.reset();
        }
        buffer.clear();
    }

    template <typename Message>
    beast::error_code Write(Message& message) {
        beast::error_code ec;
        stream->expires_after(timeout);
        bhttp::async_write(*stream, message, [&](beast::error_code result, std::size_t) { ec = result; });
        Run();
        return ec;
    }

    beast::error_code WriteRaw(std::string_view raw) {
        beast::error_code ec;
        stream->expires_after(timeout);
        net::async_write(*stream, net::buffer(raw.data(), raw.size()),
                         [&](beast::error_code result, std::size_t) { ec = result; });
        Run();
        return ec;
    }

    beast::error_code Read(bool head, Reply& reply) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        parser.skip(head);
        beast::error_code ec;
        stream->expires_after(timeout);
        bhttp::async_read(*stream, buffer, parser, [&](beast::error_code result, std::size_t) { ec = result; });
        Run();
        if (ec) {
            return ec;
        }
        auto& message = parser.get();
        reply.status = static_cast<int>(message.result_int());
        reply.body = std::move(message.body());
        for (const auto& field : message) {
            reply.headers.emplace_back(ToString(field.name_string()), ToString(field.value()));
        }
        if (!message.keep_alive()) {
            Close();
        }
        return {};
    }
};

TestClient::TestClient(unsigned short port, std::string host) : impl_(std::make_unique<Impl>()) {
    impl_->port = port;
    impl_->host = std::move(host);
}

TestClient::~TestClient() { impl_->Close(); }

TestClient::Reply TestClient::Send(std::string method, std::string target, std::string body, Headers headers) {
    bhttp::request<bhttp::string_body> request;
    request.version(11);
    request.method_string(ToBeast(method));
    request.target(ToBeast(target));
    request.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
    request.set(bhttp::field::user_agent, "alo153-test");
    for (const auto& [name, value] : headers) {
        if (beast::iequals(ToBeast(name), "host")) {
            request.set(bhttp::field::host, ToBeast(value));
        } else {
            request.insert(ToBeast(name), ToBeast(value));
        }
    }
    const bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    request.body() = std::move(body);
    if (has_body) {
        request.content_length(request.body().size());
    }
    const bool head = method == "HEAD";

    for (int attempt = 0;; ++attempt) {
        const bool reused = impl_->stream.has_value();
        if (!reused) {
            impl_->Connect();
        }
        Reply reply;
        beast::error_code ec = impl_->Write(request);
        if (!ec) {
            ec = impl_->Read(head, reply);
        }
        if (!ec) {
            return reply;
        }
        impl_->Close();
        // A kept-alive connection the server has meanwhile closed: try once more on a fresh one.
        if (!(reused && attempt == 0 && IsClosedConnection(ec))) {
            throw std::system_error(ec, method + " " + request.target().to_string());
        }
    }
}

TestClient::Reply TestClient::SendRaw(std::string_view raw) {
    if (!impl_->stream) {
        impl_->Connect();
    }
    // The server may answer and close before reading everything we send; the reply is what matters.
    impl_->WriteRaw(raw);
    Reply reply;
    const beast::error_code ec = impl_->Read(false, reply);
    if (ec) {
        impl_->Close();
        throw std::system_error(ec, "raw request");
    }
    return reply;
}

TestClient::Reply TestClient::Get(std::string target, Headers headers) {
    return Send("GET", std::move(target), {}, std::move(headers));
}

TestClient::Reply TestClient::Head(std::string target, Headers headers) {
    return Send("HEAD", std::move(target), {}, std::move(headers));
}

TestClient::Reply TestClient::Post(std::string target, std::string body, Headers headers) {
    return Send("POST", std::move(target), std::move(body), std::move(headers));
}

TestClient::Reply TestClient::Put(std::string target, std::string body, Headers headers) {
    return Send("PUT", std::move(target), std::move(body), std::move(headers));
}

TestClient::Reply TestClient::Patch(std::string target, std::string body, Headers headers) {
    return Send("PATCH", std::move(target), std::move(body), std::move(headers));
}

TestClient::Reply TestClient::Delete(std::string target, Headers headers) {
    return Send("DELETE", std::move(target), {}, std::move(headers));
}

void TestClient::Close() { impl_->Close(); }

bool TestClient::Connected() const { return impl_->stream.has_value(); }

int TestClient::Connects() const { return impl_->connects; }

void TestClient::SetTimeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

}  // namespace alo153::test
