#pragma once

#include "api/http/server_support.hpp"

namespace alo153::api::http::detail {

class ServerCore;

/// Serves one accepted connection until it closes: reads each request (with its limits and timeouts), runs
/// the router's handler on the handler pool, and writes the response, or streams it (Server-Sent Events). The
/// connection registers with `server` while it lives, so that Stop reaches it.
void StartSession(ServerCore& server, tcp::socket socket);

}  // namespace alo153::api::http::detail
