#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alo153::api::http {

/// An HTTP request as handlers see it: already read whole, with the path decoded and split from the query.
struct Request {
    std::string method;                                        ///< "GET", "POST", ... (upper case)
    std::string target;                                        ///< as received, e.g. "/api/v1/requests?status=new"
    std::string path;                                          ///< percent-decoded path, e.g. "/api/v1/requests"
    std::vector<std::pair<std::string, std::string>> query;    ///< decoded query parameters, in order (repeats kept)
    std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
    std::map<std::string, std::string> path_params;            ///< filled by the router from "{name}" segments
    std::string body;
    std::string remote_address;
    std::string route;  ///< the matched route pattern (for metrics and logs)

    /// First header with this (lower-case) name, if any.
    std::optional<std::string_view> Header(std::string_view lower_name) const;
    /// First query parameter with this name, if any.
    std::optional<std::string_view> Query(std::string_view name) const;
    /// All values of a repeated query parameter (also splits comma-separated values).
    std::vector<std::string> QueryAll(std::string_view name) const;
    /// Value of a cookie from the Cookie header, if any.
    std::optional<std::string> Cookie(std::string_view name) const;
    /// A path parameter; precondition: the route declared it.
    const std::string& Param(const std::string& name) const { return path_params.at(name); }
};

/// Where a streaming response writes its body: the connection, after the head has been written. Thread-safe;
/// every call returns at once (the bytes are written asynchronously, in order).
class StreamSink {
  public:
    virtual ~StreamSink() = default;
    /// Queues `data` for the client. False when the connection is closed or closing (the data is dropped);
    /// a client that lets more than the server's stream buffer limit pile up is disconnected.
    virtual bool Write(std::string data) = 0;
    /// Ends the response (the last chunk) and closes the connection.
    virtual void Close() = 0;
};

/// The producer of a streaming response body (e.g. Server-Sent Events). The server calls Open once the head is
/// written and Closed exactly once when the connection ends for any reason (client gone, slow client, Stop,
/// or the sink's Close); after Closed the sink drops everything.
class StreamSource {
  public:
    virtual ~StreamSource() = default;
    virtual void Open(std::shared_ptr<StreamSink> sink) = 0;
    virtual void Closed() = 0;
};

/// An HTTP response built by a handler.
struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers (Set-Cookie may repeat)
    std::string body;
    /// When set, the body is streamed (chunked) by this source instead of `body`, and the connection is
    /// closed when the stream ends. The handler's thread is free as soon as it returns the response.
    std::shared_ptr<StreamSource> stream;

    Response& Header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

/// An RFC 9457 problem (application/problem+json). `type_slug` becomes "https://alo153.org/problems/<slug>"
/// ... (a stable identifier; the page need not exist); `title` is Turkish and the same for every problem of
/// one type; `detail` says what went wrong this time. Extra members (e.g. "field") are added as strings.
Response MakeProblem(int status, std::string_view type_slug, std::string_view title, std::string_view detail,
                     const std::vector<std::pair<std::string, std::string>>& extra = {});

/// The Retry-After (seconds) of a 503: the database is away (a restart, a failover) and may be back soon.
inline constexpr const char* kRetryAfterSeconds = "5";

}  // namespace alo153::api::http
