#pragma once

#include <string>
#include <string_view>

#include "api/http/message.hpp"
#include "core/error.hpp"

namespace alo153::api {

/// Who is told about an error: a REST client (application/problem+json), or an Open311 client, whose spec
/// answers every authentication failure with 403 and a bad reference with 400.
enum class Audience { kRest, kOpen311 };

/// What a client is told about a domain error: HTTP status, stable problem type, Turkish title and detail.
struct ClientError {
    int status = 500;
    std::string_view slug;
    std::string_view title;
    std::string detail;  ///< the error's own, except for internal errors (those go to the log only)
};

/// The one place that maps a domain error to what a client sees. Internal and unavailable errors are logged.
ClientError Describe(const core::Error& error, Audience audience = Audience::kRest);

/// The problem+json response of a domain error.
http::Response Problem(const core::Error& error);

/// HTTP status of an error code.
int StatusOf(core::ErrorCode code, Audience audience = Audience::kRest);

}  // namespace alo153::api
