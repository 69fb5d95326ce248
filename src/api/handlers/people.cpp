// Citizens and contacts: who calls and every call, whether or not it opens a request.
#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;

core::Result<app::CitizenFields> ParseCitizen(Body& b) {
    app::CitizenFields f;
    f.phone = b.Str("phone");
    f.first_name = b.Str("first_name");
    f.last_name = b.Str("last_name");
    f.tckn = b.Str("tckn");
    f.email = b.Str("email");
    f.address = b.Str("address");
    f.kvkk_consent = b.Bool("kvkk_consent");
    ALO153_TRY(b.Status());
    return f;
}

}  // namespace

void RegisterCitizens(http::Router& router, Context& ctx) {
    auto& citizens = ctx.app.Citizens();
    // The caller's history by phone number: the first thing an agent sees.
    router.Add("GET", "/api/v1/citizens", Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) -> Answer {
                   auto phone = req.Query("phone");
                   if (!phone) {
                       return core::MakeError(core::ErrorCode::kValidation, "phone parametresi zorunludur.", "phone");
                   }
                   auto h = citizens.FindByPhone(who, *phone);
                   ALO153_TRY(h);
                   auto catalog = ctx.app.Catalog().Current();
                   auto now = ctx.app.GetClock().Now();
                   Json requests = Json::array();
                   for (const auto& r : h->requests) {
                       requests.push_back(ToJson(r, *catalog, now, who));
                   }
                   return JsonResponse(200, {{"phone", h->phone},
                                             {"citizens", Items(h->citizens)},
                                             {"requests", requests},
                                             {"contacts", Items(h->contacts)}});
               }));
    router.Add("POST", "/api/v1/citizens", Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto f = ParseCitizen(*b);
                   ALO153_TRY(f);
                   auto c = citizens.Create(who, *f);
                   ALO153_TRY(c);
                   return VersionedResponse(201, ToJson(*c), c->version);
               }));
    router.Add("GET", "/api/v1/citizens/{id}", Authed(ctx, [&citizens](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   bool reveal = req.Query("reveal") == std::optional<std::string_view>("true");
                   auto c = citizens.Get(who, *id, reveal, std::string(req.Query("reason").value_or("")));
                   ALO153_TRY(c);
                   return VersionedResponse(200, ToJson(*c), c->version);
               }));
    router.Add("PATCH", "/api/v1/citizens/{id}",
               Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto f = ParseCitizen(*b);
                   ALO153_TRY(f);
                   auto if_match = IfMatch(req);
                   ALO153_TRY(if_match);
                   auto c = citizens.Update(who, *id, *f, *if_match);
                   ALO153_TRY(c);
                   return VersionedResponse(200, ToJson(*c), c->version);
               }));
}

void RegisterContacts(http::Router& router, Context& ctx) {
    auto& contacts = ctx.app.Contacts();
    router.Add("POST", "/api/v1/contacts", Authed(ctx, [&ctx, &contacts](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   app::StartContact s;
                   s.channel =
                       CodeField<core::Channel>(*b, "channel", core::ParseChannel).value_or(core::Channel::kPhone);
                   s.caller_phone = b->Str("caller_phone").value_or("");
                   s.citizen_id = b->Int("citizen_id");
                   s.outcome = CodeField<core::ContactOutcome>(*b, "outcome", core::ParseContactOutcome);
                   s.article_id = b->Int("article_id");
                   s.note = b->Str("note").value_or("");
                   ALO153_TRY(b->Status());
                   return Reply(201, contacts.Start(who, s));
               }));
    // Ends a contact with its outcome ("informed" with the article used, "transferred", ...).
    router.Add("POST", "/api/v1/contacts/{id}/end",
               Authed(ctx, [&ctx, &contacts](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   app::EndContact e;
                   auto outcome = CodeField<core::ContactOutcome>(*b, "outcome", core::ParseContactOutcome);
                   e.article_id = b->Int("article_id");
                   e.request_id = b->Int("request_id");
                   e.note = b->Str("note").value_or("");
                   ALO153_TRY(b->Status());
                   if (!outcome) {
                       return core::MakeError(core::ErrorCode::kValidation, "Görüşme sonucu zorunludur.", "outcome");
                   }
                   e.outcome = *outcome;
                   return Reply(200, contacts.End(who, *id, e));
               }));
    router.Add("GET", "/api/v1/contacts/{id}", Authed(ctx, [&contacts](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   return Reply(200, contacts.Get(who, *id));
               }));
    router.Add("GET", "/api/v1/contacts", Authed(ctx, [&contacts](Request& req, const Principal& who) -> Answer {
                   storage::ContactFilter f;
                   f.caller_phone = std::string(req.Query("phone").value_or(""));
                   auto limit = IntQuery(req, "limit", 50, 1, 200);
                   ALO153_TRY(limit);
                   f.limit = *limit;
                   auto before = IdQuery(req, "before_id");
                   ALO153_TRY(before);
                   f.before_id = *before;
                   if (req.Query("mine") == std::optional<std::string_view>("true")) {
                       f.agent_id = who.UserId().value_or(-1);
                   }
                   return ReplyItems(contacts.List(who, f));
               }));
}

}  // namespace alo153::api::handlers
