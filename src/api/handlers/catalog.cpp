#include "api/handlers/handlers.hpp"

#include "core/labels.hpp"
#include "core/status_machine.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;

core::Result<app::CategoryChange> ParseCategoryChange(Body& b) {
    app::CategoryChange c;
    c.name_tr = b.Str("name");
    c.name_en = b.Str("name_en");
    c.unit = b.Str("unit");
    if (auto v = b.Int("sla_minutes")) {
        c.sla_minutes = static_cast<int>(*v);
    }
    c.clock = CodeField<core::SlaClock>(b, "sla_clock", core::ParseSlaClock);
    c.priority = CodeField<core::Priority>(b, "priority", core::ParsePriority);
    c.urgent = b.Bool("urgent");
    if (const Json* k = b.Raw("keywords")) {
        if (!k->is_array()) {
            return core::MakeError(core::ErrorCode::kValidation, "'keywords' bir metin dizisi olmalı.", "keywords");
        }
        std::string joined;
        for (const auto& w : *k) {
            if (!w.is_string()) {
                return core::MakeError(core::ErrorCode::kValidation, "'keywords' bir metin dizisi olmalı.", "keywords");
            }
            joined += (joined.empty() ? "" : "|") + w.get<std::string>();
        }
        c.keywords = joined;
    }
    c.active = b.Bool("active");
    ALO153_TRY(b.Status());
    return c;
}

core::Result<core::RoutingRule> ParseRule(Body& b) {
    core::RoutingRule r;
    r.position = static_cast<int>(b.Int("position").value_or(100));
    r.name = b.Str("name").value_or("");
    r.category = b.Str("category").value_or("");
    r.district = b.Str("district").value_or("");
    r.channel = CodeField<core::Channel>(b, "channel", core::ParseChannel);
    r.type = CodeField<core::RequestType>(b, "type", core::ParseRequestType);
    r.unit = b.Str("unit").value_or("");
    r.priority = CodeField<core::Priority>(b, "priority", core::ParsePriority);
    r.active = b.Bool("active").value_or(true);
    ALO153_TRY(b.Status());
    return r;
}

}  // namespace

void RegisterCatalog(http::Router& router, Context& ctx) {
    auto& catalog = ctx.app.Catalog();

    // Public (the citizen portal needs them, no personal data): meta, active categories and the gazetteer.
    router.Add("GET", "/api/v1/meta", [&ctx](Request&) {
        auto list = [](auto type_tag, int count, auto label) {
            Json out = Json::array();
            using E = decltype(type_tag);
            for (int i = 0; i < count; ++i) {
                auto v = static_cast<E>(i);
                out.push_back({{"code", core::ToCode(v)}, {"label", label(v)}});
            }
            return out;
        };
        return JsonResponse(
            200, {{"statuses", list(core::Status{}, core::EnumCount<core::Status>(),
                                    [](core::Status s) { return core::LabelTr(s); })},
                  {"types", list(core::RequestType{}, core::EnumCount<core::RequestType>(),
                                 [](core::RequestType s) { return core::LabelTr(s); })},
                  {"channels", list(core::Channel{}, core::EnumCount<core::Channel>(),
                                    [](core::Channel s) { return core::LabelTr(s); })},
                  {"contact_outcomes", list(core::ContactOutcome{}, core::EnumCount<core::ContactOutcome>(),
                                            [](core::ContactOutcome s) { return core::LabelTr(s); })},
                  {"roles",
                   list(core::Role{}, core::EnumCount<core::Role>(), [](core::Role s) { return core::LabelTr(s); })},
                  {"map_tile_url", ctx.config.map_tile_url}});
    });

    router.Add("GET", "/api/v1/units", Authed(ctx, [&catalog](Request&, const Principal&) {
                   return ItemsResponse(catalog.Current()->Units());
               }));
    router.Add("POST", "/api/v1/units", Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   core::Unit u;
                   u.code = b->Str("code").value_or("");
                   u.name = b->Str("name").value_or("");
                   u.kind =
                       CodeField<core::UnitKind>(*b, "kind", core::ParseUnitKind).value_or(core::UnitKind::kInternal);
                   u.district = b->Str("district").value_or("");
                   ALO153_TRY(b->Status());
                   return Reply(201, catalog.CreateUnit(who, u));
               }));
    router.Add("PATCH", "/api/v1/units/{code}",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   app::UnitChange c;
                   c.name = b->Str("name");
                   c.active = b->Bool("active");
                   if (auto v = b->Int("work_start_minute")) {
                       c.work_start_minute = static_cast<int>(*v);
                   }
                   if (auto v = b->Int("work_end_minute")) {
                       c.work_end_minute = static_cast<int>(*v);
                   }
                   if (auto v = b->Int("work_weekdays")) {
                       c.work_weekdays = static_cast<int>(*v);
                   }
                   ALO153_TRY(b->Status());
                   return Reply(200, catalog.UpdateUnit(who, req.Param("code"), c));
               }));

    router.Add("GET", "/api/v1/categories", [&ctx, &catalog](Request& req) {
        // The tree: top-level categories with their sub-categories. Inactive ones only for staff.
        auto snapshot = catalog.Current();
        bool all =
            req.Query("include_inactive") == std::optional<std::string_view>("true") && Authenticate(ctx, req).ok();
        Json items = Json::array();
        for (const auto& top : snapshot->Categories()) {
            if (!top.IsTopLevel() || (!all && !top.active)) {
                continue;
            }
            Json node = ToJson(top);
            node["children"] = Json::array();
            for (const auto& sub : snapshot->Categories()) {
                if (sub.parent == top.code && (all || sub.active)) {
                    node["children"].push_back(ToJson(sub));
                }
            }
            items.push_back(std::move(node));
        }
        return JsonResponse(200, {{"items", items}});
    });
    router.Add("POST", "/api/v1/categories",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto change = ParseCategoryChange(*b);
                   ALO153_TRY(change);
                   core::Category c;
                   c.code = b->Str("code").value_or("");
                   c.name_tr = change->name_tr.value_or("");
                   c.name_en = change->name_en.value_or("");
                   c.unit = change->unit.value_or("");
                   c.sla_minutes = change->sla_minutes.value_or(7 * 24 * 60);
                   c.clock = change->clock.value_or(core::SlaClock::kWorkingHours);
                   c.priority = change->priority.value_or(core::Priority::kNormal);
                   c.urgent = change->urgent.value_or(false);
                   c.keywords = change->keywords.value_or("");
                   c.active = change->active.value_or(true);
                   return Reply(201, catalog.CreateCategory(who, c));
               }));
    router.Add("PATCH", "/api/v1/categories/{code}",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto change = ParseCategoryChange(*b);
                   ALO153_TRY(change);
                   return Reply(200, catalog.UpdateCategory(who, req.Param("code"), *change));
               }));

    router.Add("GET", "/api/v1/districts",
               [&catalog](Request&) { return ItemsResponse(catalog.Current()->Districts()); });
    router.Add("GET", "/api/v1/districts/{code}/neighbourhoods", Public([&catalog](Request& req) -> Answer {
                   auto snapshot = catalog.Current();
                   if (snapshot->FindDistrict(req.Param("code")) == nullptr) {
                       return core::MakeError(core::ErrorCode::kNotFound, "İlçe bulunamadı.");
                   }
                   Json items = Json::array();
                   for (const auto* n : snapshot->NeighbourhoodsOf(req.Param("code"))) {
                       items.push_back(ToJson(*n));
                   }
                   return JsonResponse(200, {{"items", items}});
               }));

    router.Add("POST", "/api/v1/districts/{code}/neighbourhoods",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto name = b->Str("name").value_or("");
                   ALO153_TRY(b->Status());
                   return Reply(201, catalog.CreateNeighbourhood(who, req.Param("code"), name));
               }));
    router.Add("PATCH", "/api/v1/neighbourhoods/{id}",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto name = b->Str("name");
                   auto active = b->Bool("active");
                   ALO153_TRY(b->Status());
                   return Reply(200, catalog.UpdateNeighbourhood(who, *id, name, active));
               }));

    router.Add("GET", "/api/v1/routing-rules", Authed(ctx, [&catalog](Request&, const Principal&) {
                   return ItemsResponse(catalog.Current()->Rules());
               }));
    router.Add("POST", "/api/v1/routing-rules",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto rule = ParseRule(*b);
                   ALO153_TRY(rule);
                   return Reply(201, catalog.CreateRule(who, *rule));
               }));
    router.Add("PUT", "/api/v1/routing-rules/{id}",
               Authed(ctx, [&ctx, &catalog](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto b = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(b);
                   auto rule = ParseRule(*b);
                   ALO153_TRY(rule);
                   rule->id = *id;
                   return Reply(200, catalog.UpdateRule(who, *rule));
               }));
    router.Add("DELETE", "/api/v1/routing-rules/{id}",
               Authed(ctx, [&catalog](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto r = catalog.DeleteRule(who, *id);
                   ALO153_TRY(r);
                   http::Response res;
                   res.status = 204;
                   return res;
               }));
    router.Add(
        "POST", "/api/v1/routing-rules/test", Authed(ctx, [&ctx, &catalog](Request& req, const Principal&) -> Answer {
            auto b = Body::Parse(req, ctx.config.json_limit);
            ALO153_TRY(b);
            routing::RoutingInput in;
            in.category = b->Str("category").value_or("");
            in.district = b->Str("district").value_or("");
            in.channel = CodeField<core::Channel>(*b, "channel", core::ParseChannel).value_or(core::Channel::kPhone);
            in.type =
                CodeField<core::RequestType>(*b, "type", core::ParseRequestType).value_or(core::RequestType::kRequest);
            ALO153_TRY(b->Status());
            auto d = catalog.TestRoute(in);
            ALO153_TRY(d);
            return JsonResponse(200, {{"unit", d->unit},
                                      {"priority", core::ToCode(d->priority)},
                                      {"rule_id", d->rule_id ? Json(*d->rule_id) : Json(nullptr)},
                                      {"reason", d->reason}});
        }));
}

}  // namespace alo153::api::handlers
