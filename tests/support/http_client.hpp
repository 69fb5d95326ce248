#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alo153::test {

/// A small blocking HTTP/1.1 client for tests. Keeps one keep-alive connection open and reconnects
/// automatically when the server has closed it. Not thread-safe: use one client per thread.
class TestClient {
  public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    struct Reply {
        int status = 0;
        std::string body;
        Headers headers;  ///< as received, in order

        /// First header with this name (case-insensitive), or "" if absent.
        std::string Header(std::string_view name) const;
    };

    explicit TestClient(unsigned short port, std::string host = "127.0.0.1");
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    /// Sends one request and reads its reply. A POST/PUT/PATCH body gets a Content-Length; `headers` are added
    /// as given (a "Host" header replaces the default). Throws std::system_error on connection failure or
    /// timeout; retries once on a fresh connection if a reused one turns out to be closed.
    Reply Send(std::string method, std::string target, std::string body = {}, Headers headers = {});
    Reply Get(std::string target, Headers headers = {});
    Reply Head(std::string target, Headers headers = {});
    Reply Post(std::string target, std::string body, Headers headers = {});
    Reply Put(std::string target, std::string body, Headers headers = {});
    Reply Patch(std::string target, std::string body, Headers headers = {});
    Reply Delete(std::string target, Headers headers = {});

    /// Writes `raw` bytes as they are (for malformed requests) and reads one reply. Never retries.
    Reply SendRaw(std::string_view raw);

    /// Closes the connection (the next request opens a new one).
    void Close();
    /// Whether a connection is currently open (as far as the client knows).
    bool Connected() const;
    /// How many TCP connections this client has opened so far.
    int Connects() const;
    /// Time limit for each connect, write and read (default 10 s).
    void SetTimeout(std::chrono::milliseconds timeout);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace alo153::test
