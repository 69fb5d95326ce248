#include <sodium.h>

#include "api/handlers/create_body.hpp"
#include "api/handlers/handlers.hpp"
#include "core/turkish_fold.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;
using http::Response;

/// A digest of the body, to tell an Idempotency-Key replay from a key reused for a different request.
std::string BodyHash(const std::string& body) {
    unsigned char out[16];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
    std::string hex(32, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, out, sizeof out);
    return hex;
}

core::Result<app::CreateRequest> ParseCreate(const Context& ctx, const Request& req) {
    auto parsed = ParseCreateBody(ctx, req);
    ALO153_TRY(parsed);
    Body& b = *parsed;
    app::CreateRequest c;
    ALO153_TRY(ReadCreateFields(ctx, req, b, c, /*with_tckn=*/true, /*max_photos=*/std::nullopt));
    c.channel = CodeField<core::Channel>(b, "channel", core::ParseChannel).value_or(core::Channel::kPhone);
    if (auto cid = b.Int("citizen_id")) {
        c.citizen_id = *cid;
    }
    if (auto contact = b.Int("contact_id")) {
        c.contact_id = *contact;
    }
    ALO153_TRY(b.Status());
    if (auto key = req.Header("idempotency-key")) {
        c.idempotency_key = std::string(*key);
        c.body_hash = BodyHash(req.body);
    }
    return c;
}

core::Result<storage::RequestFilter> ParseFilter(const Request& req, const Principal& who) {
    storage::RequestFilter f;
    f.units = req.QueryAll("unit");
    for (const auto& s : req.QueryAll("status")) {
        auto v = core::ParseStatus(s);
        if (!v) {
            return core::MakeError(core::ErrorCode::kValidation, "Bilinmeyen durum: " + s, "status");
        }
        f.statuses.push_back(*v);
    }
    f.categories = req.QueryAll("category");
    f.districts = req.QueryAll("district");
    for (const auto& s : req.QueryAll("channel")) {
        auto v = core::ParseChannel(s);
        if (!v) {
            return core::MakeError(core::ErrorCode::kValidation, "Bilinmeyen kanal: " + s, "channel");
        }
        f.channels.push_back(*v);
    }
    for (const auto& s : req.QueryAll("type")) {
        auto v = core::ParseRequestType(s);
        if (!v) {
            return core::MakeError(core::ErrorCode::kValidation, "Bilinmeyen başvuru türü: " + s, "type");
        }
        f.types.push_back(*v);
    }
    for (auto [name, target] : {std::pair{"from", &f.created_from}, std::pair{"to", &f.created_to}}) {
        if (auto q = req.Query(name)) {
            auto t = ParseTime(*q);
            if (!t) {
                return core::MakeError(core::ErrorCode::kValidation,
                                       std::string(name) + " tarihi geçersiz (YYYY-MM-DD veya ISO 8601).", name);
            }
            *target = t;
        }
    }
    if (req.Query("assigned_to_me") == std::optional<std::string_view>("true")) {
        f.assignee_id = who.UserId().value_or(-1);
    }
    auto citizen_id = IdQuery(req, "citizen_id");
    ALO153_TRY(citizen_id);
    f.citizen_id = *citizen_id;
    auto limit = IntQuery(req, "limit", 50, 1, 200);
    ALO153_TRY(limit);
    f.limit = *limit;
    if (auto sort = req.Query("sort")) {
        if (*sort == "due") {
            f.order = storage::RequestFilter::Order::kDueFirst;
        } else if (*sort != "newest") {
            return core::MakeError(core::ErrorCode::kValidation, "sort 'newest' veya 'due' olmalı.", "sort");
        }
    }
    return f;
}

}  // namespace

void RegisterRequests(http::Router& router, Context& ctx) {
    auto& intake = ctx.app.Intake();
    auto& workflow = ctx.app.Workflow();
    auto& queries = ctx.app.Queries();

    router.Add("POST", "/api/v1/requests", Authed(ctx, [&ctx, &intake](Request& req, const Principal& who) -> Answer {
                   auto command = ParseCreate(ctx, req);
                   ALO153_TRY(command);
                   auto created = intake.Create(who, std::move(command).value());
                   ALO153_TRY(created);
                   const auto& r = created->request;
                   auto res = VersionedResponse(created->replayed ? 200 : 201,
                                                ToJson(r, *ctx.app.Catalog().Current(), ctx.app.GetClock().Now(), who),
                                                r.version);
                   res.Header("Location", "/api/v1/requests/" + std::to_string(r.id));
                   if (created->replayed) {
                       res.Header("Idempotent-Replayed", "true");
                   }
                   return res;
               }));

    router.Add("GET", "/api/v1/requests", Authed(ctx, [&ctx, &queries](Request& req, const Principal& who) -> Answer {
                   auto filter = ParseFilter(req, who);
                   ALO153_TRY(filter);
                   auto overdue = req.Query("overdue");
                   auto due_within = IntQuery(req, "due_within_hours", -1, 0, 24 * 365);
                   ALO153_TRY(due_within);
                   const core::Time now = ctx.app.GetClock().Now();
                   if (overdue == std::optional<std::string_view>("true")) {
                       filter->due_before = now;
                   } else if (*due_within >= 0) {
                       filter->due_before = now + std::chrono::hours(*due_within);
                   }
                   auto page =
                       queries.List(who, *filter, req.Query("q").value_or(""), req.Query("cursor").value_or(""));
                   ALO153_TRY(page);
                   auto catalog = ctx.app.Catalog().Current();
                   Json items = Json::array();
                   for (const auto& r : page->items) {
                       items.push_back(ToJson(r, *catalog, now, who));
                   }
                   return JsonResponse(
                       200, {{"items", items},
                             {"next_cursor", page->next_cursor.empty() ? Json(nullptr) : Json(page->next_cursor)}});
               }));

    router.Add("GET", "/api/v1/requests/{id}",
               Authed(ctx, [&ctx, &queries](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto r = queries.Get(who, *id);
                   ALO153_TRY(r);
                   Json body = ToJson(*r, *ctx.app.Catalog().Current(), ctx.app.GetClock().Now(), who);
                   body.update(ToJson(ctx.app.Open311().Details(*r)));  // the filing API key and the answers
                   return VersionedResponse(200, body, r->version);
               }));

    router.Add("GET", "/api/v1/requests/by-number/{number}",
               Authed(ctx, [&ctx, &queries](Request& req, const Principal& who) -> Answer {
                   auto r = queries.GetByNumber(who, req.Param("number"));
                   ALO153_TRY(r);
                   return VersionedResponse(
                       200, ToJson(*r, *ctx.app.Catalog().Current(), ctx.app.GetClock().Now(), who), r->version);
               }));

    router.Add("GET", "/api/v1/requests/{id}/events",
               Authed(ctx, [&queries](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   return ReplyItems(queries.History(who, *id));
               }));

    router.Add("POST", "/api/v1/requests/{id}/actions/{action}",
               Authed(ctx, [&ctx, &workflow](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto action = core::ParseAction(req.Param("action"));
                   if (!action || *action == core::Action::kRoute) {
                       return core::MakeError(core::ErrorCode::kNotFound, "Bilinmeyen işlem: " + req.Param("action"));
                   }
                   app::ActionInput input;
                   if (!req.body.empty()) {
                       auto body = Body::Parse(req, ctx.config.json_limit);
                       ALO153_TRY(body);
                       input.text = body->Str(*action == core::Action::kResolve ? "answer" : "reason").value_or("");
                       input.assignee = body->Int("assignee_id");
                       input.unit = body->Str("unit").value_or("");
                       input.category = body->Str("category").value_or("");
                       ALO153_TRY(body->Status());
                   }
                   auto if_match = IfMatch(req);
                   ALO153_TRY(if_match);
                   input.if_match = *if_match;
                   auto r = workflow.Act(who, *id, *action, input);
                   ALO153_TRY(r);
                   return VersionedResponse(
                       200, ToJson(*r, *ctx.app.Catalog().Current(), ctx.app.GetClock().Now(), who), r->version);
               }));

    router.Add("POST", "/api/v1/requests/{id}/notes",
               Authed(ctx, [&ctx, &workflow](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto body = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(body);
                   auto text = body->Str("text").value_or("");
                   bool is_public = body->Bool("public").value_or(false);
                   ALO153_TRY(body->Status());
                   auto e = workflow.AddNote(who, *id, text, is_public);
                   ALO153_TRY(e);
                   return JsonResponse(201, ToJson(*e));
               }));

    router.Add("GET", "/api/v1/requests/{id}/photos",
               Authed(ctx, [&queries](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   return ReplyItems(queries.Photos(who, *id));
               }));

    // Raw image bytes in the body (e.g. from a phone's camera); the type is judged by the bytes, not the header.
    router.Add("POST", "/api/v1/requests/{id}/photos",
               Authed(ctx, [&workflow](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto p = workflow.AddPhoto(who, *id, req.body);
                   ALO153_TRY(p);
                   return JsonResponse(201, ToJson(*p));
               }));

    router.Add("GET", "/api/v1/requests/{id}/photos/{sha256}",
               Authed(ctx, [&ctx, &queries](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto photos = queries.Photos(who, *id);
                   ALO153_TRY(photos);
                   for (const auto& p : *photos) {
                       if (p.sha256 != req.Param("sha256")) {
                           continue;
                       }
                       auto bytes = ctx.app.Photos().Load(p.sha256);
                       if (!bytes) {
                           break;
                       }
                       Response res;
                       res.content_type = p.content_type;
                       res.body = std::move(*bytes);
                       res.Header("Cache-Control", "private, max-age=86400, immutable");
                       return res;
                   }
                   return core::MakeError(core::ErrorCode::kNotFound, "Fotoğraf bulunamadı.");
               }));
}

}  // namespace alo153::api::handlers
