#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace alo153::api {

/// Settings of the HTTP side.
struct ServerConfig {
    std::string address = "127.0.0.1";
    int port = 8153;  ///< 0: an ephemeral port (tests)
    int io_threads = 2;
    int handler_threads = 64;
    std::size_t body_limit = 48 * 1024 * 1024;           ///< a request with photos as base64
    std::size_t json_limit = 1024 * 1024;                ///< JSON bodies without photos
    bool secure_cookies = false;                         ///< set when served over TLS (behind a proxy)
    std::string open311_jurisdiction = "samsun.bel.tr";  ///< the Open311 jurisdiction_id this server answers for
    std::string public_url;  ///< e.g. "https://alo153.samsun.bel.tr"; empty: from the Host header (media URLs)
    /// Addresses of the reverse proxies in front of this server (nginx: deploy/nginx/). A request from one of
    /// them is counted for the client its X-Forwarded-For names (the portal's rate limit); from anyone else,
    /// the header is ignored (a client could write anything in it).
    std::vector<std::string> trusted_proxies;

    /// The built web application (index.html, assets/). Empty: no web application, page paths say so.
    std::string web_dir;
    /// The map tile URL template the web application uses ("https://tile.example.org/{z}/{x}/{y}.png");
    /// empty: no tiles, the map shows points and district labels only. Its origin is allowed in the CSP.
    std::string map_tile_url;

    /// Requests the citizen portal may file from one client address per window (0: no limit).
    int public_creates_per_window = 10;
    std::chrono::seconds public_window{600};

    /// A comment line on every live-update stream this often, so proxies and browsers keep it open.
    std::chrono::seconds stream_heartbeat{15};
    /// How often an open live-update stream checks that its session or API key is still valid (before it
    /// sends the next changes); a stream of a signed-out user is closed then.
    std::chrono::seconds stream_recheck{60};
    /// Bytes a live-update stream may have waiting for a slow client before the connection is dropped.
    std::size_t stream_buffer_limit = 1024 * 1024;
};

}  // namespace alo153::api
