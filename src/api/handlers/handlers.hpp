#pragma once

#include "api/handler_support.hpp"

namespace alo153::api::handlers {

// One registration function per resource (STYLE.md: one file per resource).
void RegisterAuth(http::Router& router, Context& ctx);
void RegisterCatalog(http::Router& router, Context& ctx);
void RegisterCitizens(http::Router& router, Context& ctx);
void RegisterContacts(http::Router& router, Context& ctx);
void RegisterArticles(http::Router& router, Context& ctx);
void RegisterRequests(http::Router& router, Context& ctx);
void RegisterStats(http::Router& router, Context& ctx);
void RegisterUsers(http::Router& router, Context& ctx);
void RegisterClassify(http::Router& router, Context& ctx);
/// What citizens reach without an account: POST /api/v1/public/requests (the portal's create, rate-limited per
/// client address) and GET /api/v1/public/track.
void RegisterPublic(http::Router& router, Context& ctx);
/// GET /api/v1/stream: live updates as Server-Sent Events.
void RegisterStream(http::Router& router, Context& ctx);
/// The built web application (ctx.config.web_dir) as the router's fallback for GET.
void RegisterStaticFiles(http::Router& router, Context& ctx);

}  // namespace alo153::api::handlers
