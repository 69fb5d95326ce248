#pragma once

#include "api/handler_support.hpp"

namespace alo153::api::open311 {

/// Registers the Open311 GeoReport v2 endpoints under /open311/v2 (XML and JSON by suffix), the
/// servicerequestupdates extension and the discovery document /open311/discovery.{xml,json}
/// (docs/open311.md).
void RegisterOpen311(http::Router& router, Context& ctx);

}  // namespace alo153::api::open311
