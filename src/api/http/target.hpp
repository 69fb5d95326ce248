#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alo153::api::http {

/// Decoded name=value pairs of a query string or form body, in order, repeats kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Which part of a URL a percent-encoded string is, which decides how '+' and an encoded '/' read.
enum class UrlPart {
    kPath,   ///< '+' is itself; "%2F" is refused (it would change how the path splits into segments)
    kQuery,  ///< application/x-www-form-urlencoded: '+' is a space, "%2F" is '/'
};

/// Percent-decodes `in` into `out` (RFC 3986 section 2.1; for kQuery also the WHATWG form encoding's '+').
/// False for a truncated or non-hex escape, a NUL (raw or "%00"), or an encoded '/' in a path. The only
/// percent-decoder of the server: request targets and Open311's form bodies both use it.
bool PercentDecode(std::string_view in, UrlPart part, std::string& out);

/// Why a query string or form body could not be read: the pair at `index` (counting non-empty pairs) failed,
/// in its name or in its value.
struct QueryError {
    std::size_t index = 0;
    bool in_value = false;  ///< false: the name is badly encoded
    std::string name;       ///< the decoded name, when the value failed
};

/// Splits an application/x-www-form-urlencoded string ("a=1&b=x+y&c") into decoded pairs, skipping empty
/// pairs; a pair without '=' has an empty value. On error `out` holds the pairs before the failed one.
std::optional<QueryError> ParseQuery(std::string_view text, QueryParams& out);

/// A request target (RFC 9112 section 3.2) split into its decoded path and query.
struct Target {
    std::string path;   ///< percent-decoded, e.g. "/api/v1/requests"
    QueryParams query;  ///< decoded parameters of the query string
};

/// Reads an origin-form ("/path?query") or absolute-form ("http://host/path?query", which proxies send)
/// target, or "*". None when it is not acceptable: no leading '/', a bad escape (see PercentDecode), or a
/// "." or ".." path segment, plain or encoded (such paths must never reach a file lookup). A '#' fragment,
/// which clients should not send, is ignored.
std::optional<Target> ParseTarget(std::string_view target);

}  // namespace alo153::api::http
