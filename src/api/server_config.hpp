#pragma once

#include <cstddef>
#include <string>

namespace alo153::api {

/// Settings of the HTTP side.
struct ServerConfig {
    std::string address = "127.0.0.1";
    int port = 8153;  ///< 0: an ephemeral port (tests)
    int io_threads = 2;
    int handler_threads = 64;
    std::size_t body_limit = 48 * 1024 * 1024;  ///< a request with photos as base64
    std::size_t json_limit = 1024 * 1024;      ///< JSON bodies without photos
    bool secure_cookies = false;               ///< set when served over TLS (behind a proxy)
    std::string open311_jurisdiction = "samsun.bel.tr";  ///< the Open311 jurisdiction_id this server answers for
    std::string public_url;  ///< e.g. "https://alo153.samsun.bel.tr"; empty: from the Host header (media URLs)
};

}  // namespace alo153::api
