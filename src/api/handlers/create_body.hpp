#pragma once

#include <cstddef>
#include <optional>

#include "api/handler_support.hpp"
#include "app/intake_service.hpp"

namespace alo153::api::handlers {

/// Parses the body of a request create: only a body with photos may exceed the JSON limit (others are refused
/// before parsing), and none the body limit.
core::Result<Body> ParseCreateBody(const Context& ctx, const http::Request& req);

/// Reads the fields of a request create that the staff API (POST /api/v1/requests) and the citizen portal
/// (POST /api/v1/public/requests) share into `c`: type, category, description, suggested_category, location,
/// citizen (the T.C. kimlik no only when `with_tckn`) and photos (base64, at most `max_photos` when given).
/// Each caller reads what only it accepts (channel, citizen_id, contact_id, Idempotency-Key) itself.
core::Result<void> ReadCreateFields(const Context& ctx, const http::Request& req, Body& b, app::CreateRequest& c,
                                    bool with_tckn, std::optional<std::size_t> max_photos);

}  // namespace alo153::api::handlers
