// Citizens, contacts and the knowledge base: what the call center works with.
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
    router.Add(
        "GET", "/api/v1/citizens", Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) {
            auto phone = req.Query("phone");
            if (!phone) {
                return Problem(core::MakeError(core::ErrorCode::kValidation, "phone parametresi zorunludur.", "phone"));
            }
            auto h = citizens.FindByPhone(who, *phone);
            if (!h.ok()) {
                return Problem(h.error());
            }
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
    router.Add("POST", "/api/v1/citizens", Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!b.ok()) {
                       return Problem(b.error());
                   }
                   auto f = ParseCitizen(*b);
                   if (!f.ok()) {
                       return Problem(f.error());
                   }
                   auto c = citizens.Create(who, *f);
                   if (!c.ok()) {
                       return Problem(c.error());
                   }
                   return VersionedResponse(201, ToJson(*c), c->version);
               }));
    router.Add("GET", "/api/v1/citizens/{id}", Authed(ctx, [&citizens](Request& req, const Principal& who) {
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   bool reveal = req.Query("reveal") == std::optional<std::string_view>("true");
                   auto c = citizens.Get(who, *id, reveal, std::string(req.Query("reason").value_or("")));
                   if (!c.ok()) {
                       return Problem(c.error());
                   }
                   return VersionedResponse(200, ToJson(*c), c->version);
               }));
    router.Add("PATCH", "/api/v1/citizens/{id}", Authed(ctx, [&ctx, &citizens](Request& req, const Principal& who) {
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!b.ok()) {
                       return Problem(b.error());
                   }
                   auto f = ParseCitizen(*b);
                   auto if_match = IfMatch(req);
                   if (!f.ok() || !if_match.ok()) {
                       return Problem(!f.ok() ? f.error() : if_match.error());
                   }
                   auto c = citizens.Update(who, *id, *f, *if_match);
                   if (!c.ok()) {
                       return Problem(c.error());
                   }
                   return VersionedResponse(200, ToJson(*c), c->version);
               }));
}

void RegisterContacts(http::Router& router, Context& ctx) {
    auto& contacts = ctx.app.Contacts();
    router.Add("POST", "/api/v1/contacts", Authed(ctx, [&ctx, &contacts](Request& req, const Principal& who) {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   if (!b.ok()) {
                       return Problem(b.error());
                   }
                   app::StartContact s;
                   s.channel =
                       CodeField<core::Channel>(*b, "channel", core::ParseChannel).value_or(core::Channel::kPhone);
                   s.caller_phone = b->Str("caller_phone").value_or("");
                   s.citizen_id = b->Int("citizen_id");
                   s.outcome = CodeField<core::ContactOutcome>(*b, "outcome", core::ParseContactOutcome);
                   s.article_id = b->Int("article_id");
                   s.note = b->Str("note").value_or("");
                   if (auto st = b->Status(); !st.ok()) {
                       return Problem(st.error());
                   }
                   return Reply(201, contacts.Start(who, s));
               }));
    // Ends a contact with its outcome ("informed" with the article used, "transferred", ...).
    router.Add(
        "POST", "/api/v1/contacts/{id}/end", Authed(ctx, [&ctx, &contacts](Request& req, const Principal& who) {
            auto id = IdParam(req, "id");
            if (!id.ok()) {
                return Problem(id.error());
            }
            auto b = Body::Parse(req, ctx.config.json_limit);
            if (!b.ok()) {
                return Problem(b.error());
            }
            app::EndContact e;
            auto outcome = CodeField<core::ContactOutcome>(*b, "outcome", core::ParseContactOutcome);
            e.article_id = b->Int("article_id");
            e.request_id = b->Int("request_id");
            e.note = b->Str("note").value_or("");
            if (auto st = b->Status(); !st.ok()) {
                return Problem(st.error());
            }
            if (!outcome) {
                return Problem(core::MakeError(core::ErrorCode::kValidation, "Görüşme sonucu zorunludur.", "outcome"));
            }
            e.outcome = *outcome;
            return Reply(200, contacts.End(who, *id, e));
        }));
    router.Add("GET", "/api/v1/contacts/{id}", Authed(ctx, [&contacts](Request& req, const Principal& who) {
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   return Reply(200, contacts.Get(who, *id));
               }));
    router.Add("GET", "/api/v1/contacts", Authed(ctx, [&contacts](Request& req, const Principal& who) {
                   storage::ContactFilter f;
                   f.caller_phone = std::string(req.Query("phone").value_or(""));
                   auto limit = IntQuery(req, "limit", 50, 1, 200);
                   if (!limit.ok()) {
                       return Problem(limit.error());
                   }
                   f.limit = *limit;
                   auto before = IdQuery(req, "before_id");
                   if (!before.ok()) {
                       return Problem(before.error());
                   }
                   f.before_id = *before;
                   if (req.Query("mine") == std::optional<std::string_view>("true")) {
                       f.agent_id = who.UserId().value_or(-1);
                   }
                   return ReplyItems(contacts.List(who, f));
               }));
}

void RegisterArticles(http::Router& router, Context& ctx) {
    auto& contacts = ctx.app.Contacts();
    router.Add("GET", "/api/v1/articles", Authed(ctx, [&contacts](Request& req, const Principal&) {
                   auto limit = IntQuery(req, "limit", 20, 1, 100);
                   if (!limit.ok()) {
                       return Problem(limit.error());
                   }
                   bool all = req.Query("include_inactive") == std::optional<std::string_view>("true");
                   return ItemsResponse(contacts.SearchArticles(req.Query("q").value_or(""), all, *limit));
               }));
    router.Add("GET", "/api/v1/articles/{id}", Authed(ctx, [&contacts](Request& req, const Principal&) {
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   auto a = contacts.GetArticle(*id);
                   if (!a.ok()) {
                       return Problem(a.error());
                   }
                   return VersionedResponse(200, ToJson(*a), a->version);
               }));
    auto save = [&ctx, &contacts](Request& req, const Principal& who, core::Id id) {
        auto b = Body::Parse(req, ctx.config.json_limit);
        if (!b.ok()) {
            return Problem(b.error());
        }
        core::Article a;
        a.id = id;
        a.title = b->Str("title").value_or("");
        a.body = b->Str("body").value_or("");
        a.category = b->Str("category").value_or("");
        a.active = b->Bool("active").value_or(true);
        if (const Json* tags = b->Raw("tags"); tags != nullptr && tags->is_array()) {
            for (const auto& t : *tags) {
                if (t.is_string()) {
                    a.tags += (a.tags.empty() ? "" : "|") + t.get<std::string>();
                }
            }
        }
        auto if_match = IfMatch(req);
        if (auto st = b->Status(); !st.ok() || !if_match.ok()) {
            return Problem(!st.ok() ? st.error() : if_match.error());
        }
        if (!a.category.empty() && ctx.app.Catalog().Current()->FindCategory(a.category) == nullptr) {
            return Problem(core::MakeError(core::ErrorCode::kUnknownReference, "Konu bulunamadı.", "category"));
        }
        auto saved = contacts.SaveArticle(who, a, *if_match);
        if (!saved.ok()) {
            return Problem(saved.error());
        }
        return VersionedResponse(id == 0 ? 201 : 200, ToJson(*saved), saved->version);
    };
    router.Add("POST", "/api/v1/articles",
               Authed(ctx, [save](Request& req, const Principal& who) { return save(req, who, 0); }));
    router.Add("PUT", "/api/v1/articles/{id}", Authed(ctx, [save](Request& req, const Principal& who) {
                   auto id = IdParam(req, "id");
                   if (!id.ok()) {
                       return Problem(id.error());
                   }
                   return save(req, who, *id);
               }));
}

}  // namespace alo153::api::handlers
