#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {

std::string SessionCookie(const Context& ctx, const std::string& value, long max_age) {
    std::string cookie = std::string(kSessionCookie) + "=" + value +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
    if (ctx.config.secure_cookies) {
        cookie += "; Secure";
    }
    return cookie;
}

}  // namespace

void RegisterAuth(http::Router& router, Context& ctx) {
    router.Add("POST", "/api/v1/auth/login", Public([&ctx](http::Request& req) -> Answer {
                   auto body = Body::Parse(req, 16 * 1024);
                   ALO153_TRY(body);
                   auto username = body->Str("username").value_or("");
                   auto password = body->Str("password").value_or("");
                   ALO153_TRY(body->Status());
                   auto signed_in = ctx.app.Auth().SignIn(username, password);
                   ALO153_TRY(signed_in);
                   auto ttl = signed_in->expires_at - ctx.app.GetClock().Now();
                   auto res = JsonResponse(200, {{"user", ToJson(signed_in->user)},
                                                 {"csrf_token", signed_in->csrf_token},
                                                 {"expires_at", FormatTime(signed_in->expires_at)}});
                   res.Header("Set-Cookie", SessionCookie(ctx, signed_in->token, static_cast<long>(ttl.count())));
                   return res;
               }));

    router.Add("POST", "/api/v1/auth/logout", Authed(ctx, [&ctx](http::Request& req, const app::Principal&) {
                   if (auto token = req.Cookie(kSessionCookie)) {
                       ctx.app.Auth().SignOut(*token);
                   }
                   http::Response res;
                   res.status = 204;
                   res.Header("Set-Cookie", SessionCookie(ctx, "", 0));
                   return res;
               }));

    router.Add("GET", "/api/v1/auth/me", Authed(ctx, [](http::Request&, const app::Principal& who) {
                   return JsonResponse(200, {{"id", who.id},
                                             {"kind", who.kind == app::Principal::Kind::kUser ? "user" : "api_key"},
                                             {"name", who.name},
                                             {"role", core::ToCode(who.role)},
                                             {"unit", who.unit.empty() ? Json(nullptr) : Json(who.unit)},
                                             {"csrf_token", who.csrf_token}});
               }));
}

}  // namespace alo153::api::handlers
