#pragma once

#include "api/http/message.hpp"
#include "core/error.hpp"

namespace alo153::api {

/// The one place that maps a domain error to an HTTP status, a stable problem type and a Turkish title.
http::Response Problem(const core::Error& error);

/// HTTP status of an error code (exposed for tests and Open311 later).
int StatusOf(core::ErrorCode code);

}  // namespace alo153::api
