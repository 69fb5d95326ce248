// What citizens reach without an account: filing a request on the portal (limited per client address) and
// tracking one with its number.
#include <memory>

#include "api/handlers/create_body.hpp"
#include "api/handlers/handlers.hpp"
#include "app/rate_limiter.hpp"
#include "core/labels.hpp"

namespace alo153::api::handlers {
namespace {

using http::Request;
using http::Response;

constexpr std::size_t kMaxPortalPhotos = 3;

/// The portal's body: the fields of POST /api/v1/requests a citizen may give, nothing that names staff data.
core::Result<app::CreateRequest> ParsePortalCreate(const Context& ctx, const Request& req) {
    auto parsed = ParseCreateBody(ctx, req);
    ALO153_TRY(parsed);
    Body& b = *parsed;
    app::CreateRequest c;
    ALO153_TRY(ReadCreateFields(ctx, req, b, c, /*with_tckn=*/false, kMaxPortalPhotos));
    ALO153_TRY(b.Status());
    return c;
}

/// What the citizen gets back: the tracking number and what happens next, no internal fields.
Json PortalReceipt(const core::Request& r, const routing::Catalog& catalog) {
    const core::Category* category = catalog.FindCategory(r.category);
    const core::Unit* unit = catalog.FindUnit(r.unit);
    return {{"tracking_number", r.tracking_number},
            {"status", core::ToCode(r.status)},
            {"status_label", core::LabelTr(r.status)},
            {"category_name", category != nullptr ? category->name_tr : ""},
            {"unit_name", unit != nullptr ? unit->name : ""},
            {"due_at", FormatTime(r.due_at)},
            {"created_at", FormatTime(r.created_at)}};
}

}  // namespace

void RegisterPublic(http::Router& router, Context& ctx) {
    // A citizen tracks a request with its number and the last four digits of their phone.
    router.Add("GET", "/api/v1/public/track", Public([&ctx](Request& req) -> Answer {
                   auto r =
                       ctx.app.Queries().Track(req.Query("number").value_or(""), req.Query("phone_last4").value_or(""));
                   ALO153_TRY(r);
                   return JsonResponse(
                       200, ToPublicJson(*r, *ctx.app.Catalog().Current(), ctx.app.Queries().PublicHistory(r->id)));
               }));

    // Owned by the route: one limiter for every portal create of this server.
    // Kept in the database when several app servers share it, so that the limit holds across them.
    auto limiter = std::make_shared<app::RateLimiter>(ctx.config.public_creates_per_window, ctx.config.public_window,
                                                      ctx.app.GetClock(),
                                                      ctx.app.Store().SharedByProcesses() ? &ctx.app.Store() : nullptr);
    router.Add("POST", "/api/v1/public/requests", Public([&ctx, limiter](Request& req) -> Answer {
                   // Counted per client address (behind a trusted reverse proxy, the one it forwarded for); only
                   // successful creates count.
                   const std::string client = ClientAddress(ctx.config.trusted_proxies, req);
                   if (auto wait = limiter->RetryAfter(client)) {
                       // Built here rather than returned as an error: the answer carries Retry-After.
                       Response res =
                           Problem(core::MakeError(core::ErrorCode::kTooManyRequests,
                                                   "Kısa sürede çok fazla başvuru gönderildi; lütfen " +
                                                       std::to_string((wait->count() + 59) / 60) +
                                                       " dakika sonra yeniden deneyin ya da Alo 153'ü arayın."));
                       res.Header("Retry-After", std::to_string(wait->count()));
                       return res;
                   }
                   auto command = ParsePortalCreate(ctx, req);
                   ALO153_TRY(command);
                   auto created = ctx.app.Intake().CreateFromPortal(std::move(command).value());
                   ALO153_TRY(created);
                   limiter->Record(client);
                   return JsonResponse(201, PortalReceipt(created->request, *ctx.app.Catalog().Current()));
               }));
}

}  // namespace alo153::api::handlers
