#pragma once

// What the pieces of the HTTP server (core, listener, session) share: Boost names, limits and timeouts that
// are not options, and small helpers. Internal to api/http; handlers never include it.

#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace alo153::api::http::detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

inline constexpr std::string_view kServerName = "alo153";
inline constexpr std::string_view kUnmatchedRoute = "unmatched";
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";
inline constexpr std::string_view kHeartbeat = ": keep-alive\n\n";
inline constexpr std::size_t kFirstReadSize = 16 * 1024;
inline constexpr std::size_t kMaxRequestIdLength = 128;
inline constexpr auto kLingerTimeout = std::chrono::seconds(2);
inline constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
inline constexpr auto kForcedCloseWait = std::chrono::seconds(2);

/// Reports a failed asynchronous operation. Ordinary client behaviour (disconnects, timeouts) is logged at
/// debug level only; cancellation by our own close is not logged at all.
void Fail(beast::error_code ec, const char* what);

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), independent of the locale.
std::string HttpDate();

/// A new request id: 32 random hex digits.
std::string RandomRequestId();

/// A client's X-Request-Id is echoed only when it is short and made of token characters.
bool IsAcceptableRequestId(std::string_view id);

std::string LowerAscii(std::string_view s);

/// Metric label for a method: the standard ones by name, anything else as "OTHER" (bounded label set).
std::string MethodLabel(bhttp::verb verb);

/// Beast 1.74 uses boost::string_view; these convert at the boundary.
inline std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }
inline beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }

/// 1xx, 204 and 304 responses carry no body (RFC 9110 section 6.4.1).
inline bool HasNoBody(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

}  // namespace alo153::api::http::detail
