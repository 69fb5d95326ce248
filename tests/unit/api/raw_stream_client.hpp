#pragma once

// A raw TCP client for streaming responses (Server-Sent Events): sends one request and then reads whatever
// arrives, so tests can wait for a piece of text, stop reading (a slow client) or see the server close.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alo153::test {

class RawStreamClient {
  public:
    /// Connects to 127.0.0.1:`port` and sends "GET `target`" with `headers` ("Name: value" lines).
    RawStreamClient(unsigned short port, const std::string& target, const std::vector<std::string>& headers = {}) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) {
            throw std::runtime_error("socket failed");
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            throw std::runtime_error("connect failed");
        }
        std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
        for (const auto& h : headers) {
            request += h + "\r\n";
        }
        request += "\r\n";
        std::string_view rest = request;
        while (!rest.empty()) {
            const ssize_t n = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (n <= 0) {
                throw std::runtime_error("send failed");
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    ~RawStreamClient() { Close(); }
    RawStreamClient(const RawStreamClient&) = delete;
    RawStreamClient& operator=(const RawStreamClient&) = delete;

    /// Reads until `text` has arrived (true), the server closed the connection or `timeout` passed (false).
    bool WaitFor(std::string_view text, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (received_.find(text, 0) == std::string::npos) {
            if (!ReadSome(deadline)) {
                return received_.find(text, 0) != std::string::npos;
            }
        }
        return true;
    }

    /// Reads until the server closes the connection (true) or `timeout` passes (false).
    bool WaitForClose(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!closed_) {
            if (!ReadSome(deadline) && !closed_) {
                return false;
            }
        }
        return true;
    }

    /// Everything received so far (head and chunked body as they came over the wire).
    const std::string& Received() const { return received_; }
    bool ServerClosed() const { return closed_; }
    void Close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    /// Shrinks the receive buffer (before the server writes much) to make a slow client quickly.
    void SetReceiveBuffer(int bytes) { ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); }

  private:
    bool ReadSome(std::chrono::steady_clock::time_point deadline) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || fd_ < 0 || closed_) {
            return false;
        }
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        char buffer[8192];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            closed_ = true;
            return false;
        }
        received_.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    bool closed_ = false;
    std::string received_;
};

}  // namespace alo153::test
