#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "api/http/message.hpp"

namespace alo153::api::http::detail {

/// The StreamSink of one streaming connection. Counts the bytes not yet written so that a client that does not
/// read is dropped once they pass the limit, instead of growing the queue without bound. `enqueue` hands data
/// to the connection and `close` ends it; both may be called from any thread.
class SessionSink final : public StreamSink {
  public:
    SessionSink(std::size_t limit, std::function<void(std::string)> enqueue, std::function<void()> close)
        : limit_(limit), enqueue_(std::move(enqueue)), close_(std::move(close)) {}

    bool Write(std::string data) override;
    void Close() override;

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

}  // namespace alo153::api::http::detail
