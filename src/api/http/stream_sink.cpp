#include "api/http/stream_sink.hpp"

#include <spdlog/spdlog.h>

namespace alo153::api::http::detail {

bool SessionSink::Write(std::string data) {
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

void SessionSink::Close() {
    if (!closed_.exchange(true)) {
        close_();
    }
}

}  // namespace alo153::api::http::detail
