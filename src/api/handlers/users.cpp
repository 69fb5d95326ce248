// Staff accounts and API keys (the /yonetim pages); who may do what is StaffAdmin's to decide.
#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;

http::Response NoContent() {
    http::Response res;
    res.status = 204;
    return res;
}

}  // namespace

void RegisterUsers(http::Router& router, Context& ctx) {
    auto& staff = ctx.app.Staff();
    router.Add("GET", "/api/v1/users", Authed(ctx, [&staff](Request& req, const Principal& who) -> Answer {
                   auto unit = req.Query("unit");
                   return ReplyItems(staff.ListUsers(who, unit ? std::optional<std::string>(*unit) : std::nullopt));
               }));
    router.Add("POST", "/api/v1/users", Authed(ctx, [&ctx, &staff](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto role = CodeField<core::Role>(*b, "role", core::ParseRole);
                   auto username = b->Str("username").value_or("");
                   auto name = b->Str("display_name").value_or("");
                   auto unit = b->Str("unit").value_or("");
                   auto password = b->Str("password").value_or("");
                   ALO153_TRY(b->Status());
                   return Reply(201, staff.AddUser(who, username, name, role, unit, password));
               }));
    router.Add("PATCH", "/api/v1/users/{id}", Authed(ctx, [&ctx, &staff](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   app::UserChange change;
                   change.role = CodeField<core::Role>(*b, "role", core::ParseRole);
                   change.display_name = b->Str("display_name");
                   change.unit = b->Str("unit");
                   change.active = b->Bool("active");
                   change.password = b->Str("password");
                   ALO153_TRY(b->Status());
                   return Reply(200, staff.UpdateUser(who, *id, change));
               }));

    router.Add("GET", "/api/v1/api-keys", Authed(ctx, [&staff](Request&, const Principal& who) -> Answer {
                   return ReplyItems(staff.ListApiKeys(who));
               }));
    router.Add("POST", "/api/v1/api-keys", Authed(ctx, [&ctx, &staff](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto name = b->Str("name").value_or("");
                   auto role = CodeField<core::Role>(*b, "role", core::ParseRole).value_or(core::Role::kAgent);
                   auto unit = b->Str("unit").value_or("");
                   ALO153_TRY(b->Status());
                   auto issued = staff.IssueApiKey(who, name, role, unit);
                   ALO153_TRY(issued);
                   Json j = ToJson(issued->key);
                   j["key"] = issued->secret;  // shown once
                   return JsonResponse(201, j);
               }));
    router.Add("DELETE", "/api/v1/api-keys/{id}", Authed(ctx, [&staff](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   ALO153_TRY(staff.RevokeApiKey(who, *id));
                   return NoContent();
               }));
}

}  // namespace alo153::api::handlers
