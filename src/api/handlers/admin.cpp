// Public tracking, figures, and staff / API key administration.
#include "api/handlers/handlers.hpp"

#include "app/clock.hpp"

namespace alo153::api::handlers {
namespace {
using app::Principal;
using http::Request;

core::Result<void> RequireAdmin(const Principal& who) { return app::RequireRole(who, {core::Role::kAdmin}); }
}  // namespace

void RegisterPublic(http::Router& router, Context& ctx) {
    // A citizen tracks a request with its number and the last four digits of their phone.
    router.Add("GET", "/api/v1/public/track", [&ctx](Request& req) {
        auto r = ctx.app.Queries().Track(req.Query("number").value_or(""), req.Query("phone_last4").value_or(""));
        if (!r.ok()) {
            return Problem(r.error());
        }
        return JsonResponse(200,
                            ToPublicJson(*r, *ctx.app.Catalog().Current(), ctx.app.Queries().PublicHistory(r->id)));
    });
}

void RegisterStats(http::Router& router, Context& ctx) {
    router.Add(
        "GET", "/api/v1/stats", Authed(ctx, [&ctx](Request& req, const Principal& who) {
            std::int64_t today = app::LocalDay(ctx.app.GetClock().Now());
            std::int64_t from = today - 29;
            std::int64_t to = today + 1;
            for (auto [name, target, shift] : {std::tuple{"from", &from, 0}, std::tuple{"to", &to, 1}}) {
                if (auto q = req.Query(name)) {
                    auto t = ParseTime(*q);
                    if (!t || q->size() != 10) {
                        return Problem(core::MakeError(core::ErrorCode::kValidation,
                                                       std::string(name) + " YYYY-MM-DD biçiminde olmalı.", name));
                    }
                    *target = app::LocalDay(*t) + shift;
                }
            }
            auto s = ctx.app.Stats().Compute(who, from, to);
            if (!s.ok()) {
                return Problem(s.error());
            }
            return JsonResponse(200, ToJson(*s));
        }));
}

void RegisterUsers(http::Router& router, Context& ctx) {
    auto& auth = ctx.app.Auth();
    router.Add("GET", "/api/v1/users", Authed(ctx, [&auth](Request& req, const Principal& who) {
                   // Unit managers see their unit's staff (to assign work); admins see everyone.
                   if (who.role != core::Role::kAdmin && who.role != core::Role::kUnitManager &&
                       who.role != core::Role::kSupervisor && who.role != core::Role::kUnitStaff) {
                       return Problem(core::MakeError(core::ErrorCode::kForbidden, "Bu işlem için yetkiniz yok."));
                   }
                   auto unit = req.Query("unit");
                   Json items = Json::array();
                   for (const auto& u : auth.ListUsers()) {
                       if (who.IsUnitRole() && u.unit != who.unit) {
                           continue;
                       }
                       if (unit && u.unit != *unit) {
                           continue;
                       }
                       items.push_back(ToJson(u));
                   }
                   return JsonResponse(200, {{"items", items}});
               }));
    router.Add("POST", "/api/v1/users", Authed(ctx, [&ctx, &auth](Request& req, const Principal& who) {
                   if (auto a = RequireAdmin(who); !a.ok()) {
                       return Problem(a.error());
                   }
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!b.ok()) {
                       return Problem(b.error());
                   }
                   auto role = CodeField<core::Role>(*b, "role", core::ParseRole);
                   auto username = b->Str("username").value_or("");
                   auto name = b->Str("display_name").value_or("");
                   auto unit = b->Str("unit").value_or("");
                   auto password = b->Str("password").value_or("");
                   if (auto st = b->Status(); !st.ok()) {
                       return Problem(st.error());
                   }
                   if (!role) {
                       return Problem(core::MakeError(core::ErrorCode::kValidation, "Rol zorunludur.", "role"));
                   }
                   auto u = auth.AddUser(username, name, *role, unit, password);
                   if (!u.ok()) {
                       return Problem(u.error());
                   }
                   return JsonResponse(201, ToJson(*u));
               }));
    router.Add("PATCH", "/api/v1/users/{id}", Authed(ctx, [&ctx, &auth](Request& req, const Principal& who) {
                   if (auto a = RequireAdmin(who); !a.ok()) {
                       return Problem(a.error());
                   }
                   auto id = IdParam(req, "id");
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!id.ok() || !b.ok()) {
                       return Problem(!id.ok() ? id.error() : b.error());
                   }
                   auto role = CodeField<core::Role>(*b, "role", core::ParseRole);
                   auto name = b->Str("display_name");
                   auto unit = b->Str("unit");
                   auto active = b->Bool("active");
                   auto password = b->Str("password");
                   if (auto st = b->Status(); !st.ok()) {
                       return Problem(st.error());
                   }
                   if (unit && !unit->empty() && ctx.app.Catalog().Current()->FindUnit(*unit) == nullptr) {
                       return Problem(core::MakeError(core::ErrorCode::kUnknownReference, "Birim bulunamadı.", "unit"));
                   }
                   auto u = auth.UpdateUser(*id, name, role, unit, active);
                   if (!u.ok()) {
                       return Problem(u.error());
                   }
                   if (password) {
                       if (auto p = auth.SetPassword(u->username, *password); !p.ok()) {
                           return Problem(p.error());
                       }
                   }
                   return JsonResponse(200, ToJson(*u));
               }));

    router.Add("GET", "/api/v1/api-keys", Authed(ctx, [&auth](Request&, const Principal& who) {
                   if (auto a = RequireAdmin(who); !a.ok()) {
                       return Problem(a.error());
                   }
                   return ItemsResponse(auth.ListApiKeys());
               }));
    router.Add("POST", "/api/v1/api-keys", Authed(ctx, [&ctx, &auth](Request& req, const Principal& who) {
                   if (auto a = RequireAdmin(who); !a.ok()) {
                       return Problem(a.error());
                   }
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!b.ok()) {
                       return Problem(b.error());
                   }
                   auto name = b->Str("name").value_or("");
                   auto role = CodeField<core::Role>(*b, "role", core::ParseRole).value_or(core::Role::kAgent);
                   auto unit = b->Str("unit").value_or("");
                   if (auto st = b->Status(); !st.ok()) {
                       return Problem(st.error());
                   }
                   auto issued = auth.IssueApiKey(name, role, unit);
                   if (!issued.ok()) {
                       return Problem(issued.error());
                   }
                   Json j = ToJson(issued->key);
                   j["key"] = issued->secret;  // shown once
                   return JsonResponse(201, j);
               }));
    router.Add("DELETE", "/api/v1/api-keys/{id}", Authed(ctx, [&auth](Request& req, const Principal& who) {
                   if (auto a = RequireAdmin(who); !a.ok()) {
                       return Problem(a.error());
                   }
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   if (auto r = auth.RevokeApiKey(*id); !r.ok()) {
                       return Problem(r.error());
                   }
                   http::Response res;
                   res.status = 204;
                   return res;
               }));
}

}  // namespace alo153::api::handlers
