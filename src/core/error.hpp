#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace alo153::core {

/// The expected failures of the domain. Each maps to one HTTP status and one stable problem type in one
/// place (api/problem.cpp); adding a code means adding its mapping there.
enum class ErrorCode {
    kValidation,            ///< a field is missing, malformed, too long or out of range
    kNotFound,              ///< no such object, or one the caller may not see (deny by default: same answer)
    kUnknownReference,      ///< a code or id that names nothing (category, unit, district, neighbourhood...)
    kIllegalTransition,     ///< the status machine forbids this action in the current status
    kConflict,              ///< the object exists already (a username, a code once used)
    kPreconditionFailed,    ///< If-Match names an older version than the current one
    kPreconditionRequired,  ///< an update without If-Match where one is required
    kBadTrackingNumber,     ///< a tracking number whose check digit does not match
    kUnauthenticated,       ///< no session, an expired one, or a wrong password / API key
    kForbidden,             ///< signed in, but the role may not do this
    kCsrf,                  ///< a write with a session cookie but without the matching CSRF token
    kPayloadTooLarge,       ///< a body or an upload over its limit
    kUnsupportedMedia,      ///< a content type we do not accept (checked by magic bytes for photos)
    kTooManyRequests,       ///< a client over its rate limit (the public portal's creates)
    kUnavailable,           ///< the database or another dependency cannot serve right now
    kInternal,              ///< a bug or broken infrastructure; details go to the log, not the client
};

/// An expected failure: what went wrong (code), a Turkish sentence for people (detail) and, when one input
/// field is to blame, its name as the API spells it (field).
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string detail;
    std::string field;
};

inline Error MakeError(ErrorCode code, std::string detail, std::string field = {}) {
    return Error{code, std::move(detail), std::move(field)};
}

/// Thrown where no Result can carry kUnavailable (a read of the database, which returns values): the database
/// or another dependency cannot serve right now but may again soon. The HTTP layer answers 503 with
/// Retry-After, not 500.
class UnavailableError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace alo153::core
