#include "api/json_mapping.hpp"

#include <cmath>
#include <cstdio>

#include "core/labels.hpp"
#include "core/status_machine.hpp"

namespace alo153::api {
namespace {

Json OptId(const std::optional<core::Id>& id) { return id ? Json(*id) : Json(nullptr); }
Json OptTimeJson(const std::optional<core::Time>& t) { return t ? Json(FormatTime(*t)) : Json(nullptr); }

Json Split(const std::string& joined) {
    Json out = Json::array();
    std::size_t start = 0;
    while (start <= joined.size() && !joined.empty()) {
        auto bar = joined.find('|', start);
        std::string item = joined.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (!item.empty()) {
            out.push_back(item);
        }
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 1;
    }
    return out;
}

template <typename Map>
Json MapJson(const Map& m) {
    Json out = Json::object();
    for (const auto& [k, v] : m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(k)>, std::string>) {
            out[k] = v;
        } else {
            out[std::to_string(k)] = v;
        }
    }
    return out;
}

}  // namespace

Json ToJson(const core::Unit& u) {
    return {
        {"code", u.code},
        {"name", u.name},
        {"kind", core::ToCode(u.kind)},
        {"district", u.district.empty() ? Json(nullptr) : Json(u.district)},
        {"active", u.active},
        {"working_hours",
         {{"start_minute", u.work_start_minute}, {"end_minute", u.work_end_minute}, {"weekdays", u.work_weekdays}}}};
}

Json ToJson(const core::Category& c) {
    Json j = {{"code", c.code},
              {"parent", c.parent.empty() ? Json(nullptr) : Json(c.parent)},
              {"name", c.name_tr},
              {"name_en", c.name_en},
              {"unit", c.unit.empty() ? Json(nullptr) : Json(c.unit)},
              {"keywords", Split(c.keywords)},
              {"active", c.active}};
    if (!c.IsTopLevel()) {
        j["sla_minutes"] = c.sla_minutes;
        j["sla_clock"] = core::ToCode(c.clock);
        j["priority"] = core::ToCode(c.priority);
        j["urgent"] = c.urgent;
    }
    return j;
}

Json ToJson(const core::District& d) { return {{"code", d.code}, {"name", d.name}, {"lat", d.lat}, {"lon", d.lon}}; }

Json ToJson(const core::Neighbourhood& n) {
    return {{"id", n.id}, {"district", n.district}, {"name", n.name}, {"active", n.active}};
}

Json ToJson(const core::RoutingRule& r) {
    return {{"id", r.id},
            {"position", r.position},
            {"name", r.name},
            {"category", r.category.empty() ? Json(nullptr) : Json(r.category)},
            {"district", r.district.empty() ? Json(nullptr) : Json(r.district)},
            {"channel", r.channel ? Json(core::ToCode(*r.channel)) : Json(nullptr)},
            {"type", r.type ? Json(core::ToCode(*r.type)) : Json(nullptr)},
            {"unit", r.unit},
            {"priority", r.priority ? Json(core::ToCode(*r.priority)) : Json(nullptr)},
            {"active", r.active}};
}

Json ToJson(const core::Citizen& c) {
    return {{"id", c.id},
            {"phone", c.phone},
            {"first_name", c.first_name},
            {"last_name", c.last_name},
            {"tckn", c.tckn},
            {"email", c.email},
            {"address", c.address},
            {"kvkk_consent", c.kvkk_consent},
            {"created_at", FormatTime(c.created_at)},
            {"updated_at", FormatTime(c.updated_at)},
            {"version", c.version}};
}

Json ToJson(const core::Contact& c) {
    return {{"id", c.id},
            {"channel", core::ToCode(c.channel)},
            {"caller_phone", c.caller_phone},
            {"citizen_id", OptId(c.citizen_id)},
            {"agent_id", OptId(c.agent_id)},
            {"request_id", OptId(c.request_id)},
            {"article_id", OptId(c.article_id)},
            {"started_at", FormatTime(c.started_at)},
            {"ended_at", OptTimeJson(c.ended_at)},
            {"outcome", c.outcome ? Json(core::ToCode(*c.outcome)) : Json(nullptr)},
            {"note", c.note},
            {"version", c.version}};
}

Json ToJson(const core::Article& a) {
    return {{"id", a.id},
            {"title", a.title},
            {"body", a.body},
            {"category", a.category.empty() ? Json(nullptr) : Json(a.category)},
            {"tags", Split(a.tags)},
            {"active", a.active},
            {"updated_at", FormatTime(a.updated_at)},
            {"version", a.version}};
}

Json ToJson(const core::User& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", core::ToCode(u.role)},
            {"unit", u.unit.empty() ? Json(nullptr) : Json(u.unit)},
            {"active", u.active},
            {"created_at", FormatTime(u.created_at)}};
}

Json ToJson(const core::ApiKey& k) {
    return {{"id", k.id},
            {"name", k.name},
            {"prefix", k.prefix},
            {"role", core::ToCode(k.role)},
            {"unit", k.unit.empty() ? Json(nullptr) : Json(k.unit)},
            {"active", k.active},
            {"created_at", FormatTime(k.created_at)},
            {"revoked_at", OptTimeJson(k.revoked_at)}};
}

Json ToJson(const core::Event& e) {
    Json changes = Json::array();
    for (const auto& c : e.changes) {
        changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    }
    return {{"id", e.id},
            {"at", FormatTime(e.at)},
            {"actor_id", OptId(e.actor_id)},
            {"actor_name", e.actor_name},
            {"kind", e.kind},
            {"from_status", e.from_status ? Json(core::ToCode(*e.from_status)) : Json(nullptr)},
            {"to_status", e.to_status ? Json(core::ToCode(*e.to_status)) : Json(nullptr)},
            {"public", e.is_public},
            {"text", e.text},
            {"changes", changes}};
}

Json ToJson(const core::Photo& p) {
    return {{"id", p.id},
            {"sha256", p.sha256},
            {"content_type", p.content_type},
            {"size", p.size},
            {"created_at", FormatTime(p.created_at)},
            {"url", "/api/v1/requests/" + std::to_string(p.request_id) + "/photos/" + p.sha256}};
}

Json ToJson(const core::Request& r, const routing::Catalog& catalog, core::Time now, const app::Principal& who) {
    const core::Category* category = catalog.FindCategory(r.category);
    const core::Unit* unit = catalog.FindUnit(r.unit);
    const core::District* district = catalog.FindDistrict(r.location.district);
    const core::Neighbourhood* hood =
        r.location.neighbourhood_id ? catalog.FindNeighbourhood(*r.location.neighbourhood_id) : nullptr;
    Json actions = Json::array();
    for (auto a : app::AvailableActions(who, r)) {
        actions.push_back(core::ToCode(a));
    }
    return {
        {"id", r.id},
        {"tracking_number", r.tracking_number},
        {"type", core::ToCode(r.type)},
        {"channel", core::ToCode(r.channel)},
        {"category", r.category},
        {"category_name", category != nullptr ? category->name_tr : ""},
        {"top_category", r.category.substr(0, r.category.find('.'))},
        {"unit", r.unit},
        {"unit_name", unit != nullptr ? unit->name : ""},
        {"status", core::ToCode(r.status)},
        {"status_label", core::LabelTr(r.status)},
        {"priority", core::ToCode(r.priority)},
        {"description", r.description},
        {"location",
         {{"district", r.location.district.empty() ? Json(nullptr) : Json(r.location.district)},
          {"district_name", district != nullptr ? district->name : ""},
          {"neighbourhood_id", OptId(r.location.neighbourhood_id)},
          {"neighbourhood_name", hood != nullptr ? hood->name : ""},
          {"street", r.location.street},
          {"address_text", r.location.address_text},
          {"lat", r.location.lat ? Json(*r.location.lat) : Json(nullptr)},
          {"lon", r.location.lon ? Json(*r.location.lon) : Json(nullptr)}}},
        {"citizen_id", OptId(r.citizen_id)},
        {"contact_id", OptId(r.contact_id)},
        {"assignee_id", OptId(r.assignee_id)},
        {"routing_rule_id", OptId(r.routing_rule_id)},
        {"api_key_id", OptId(r.api_key_id)},
        {"created_at", FormatTime(r.created_at)},
        {"updated_at", FormatTime(r.updated_at)},
        {"due_at", FormatTime(r.due_at)},
        {"overdue", core::CountsTowardSla(r.status) && r.due_at < now},
        {"accepted_at", OptTimeJson(r.accepted_at)},
        {"on_hold_since", OptTimeJson(r.hold_started_at)},
        {"resolved_at", OptTimeJson(r.resolved_at)},
        {"closed_at", OptTimeJson(r.closed_at)},
        {"public_answer", r.public_answer},
        {"reject_reason", r.reject_reason},
        {"allowed_actions", actions},
        {"version", r.version},
        {"suggested_category", r.suggested_category.empty() ? Json(nullptr) : Json(r.suggested_category)},
        {"suggestion_accepted", r.suggestion_accepted ? Json(*r.suggestion_accepted) : Json(nullptr)},
    };
}

Json ToJson(const app::Open311Details& d) {
    Json attributes = Json::object();
    for (const auto& [code, value] : d.attributes) {
        if (attributes.contains(code)) {
            if (!attributes[code].is_array()) {
                attributes[code] = Json::array({attributes[code]});
            }
            attributes[code].push_back(value);
        } else {
            attributes[code] = value;
        }
    }
    return {{"api_key_id", OptId(d.api_key_id)},
            {"api_key_name", d.api_key_id ? Json(d.api_key_name) : Json(nullptr)},
            {"attributes", attributes}};
}

Json ToPublicJson(const core::Request& r, const routing::Catalog& catalog, const std::vector<core::Event>& history) {
    const core::Category* category = catalog.FindCategory(r.category);
    const core::Unit* unit = catalog.FindUnit(r.unit);
    Json events = Json::array();
    for (const auto& e : history) {
        events.push_back({{"at", FormatTime(e.at)},
                          {"status", e.to_status ? Json(core::ToCode(*e.to_status)) : Json(nullptr)},
                          {"status_label", e.to_status ? Json(core::LabelTr(*e.to_status)) : Json(nullptr)},
                          {"text", e.text}});
    }
    return {{"tracking_number", r.tracking_number},
            {"category", r.category},
            {"category_name", category != nullptr ? category->name_tr : ""},
            {"unit_name", unit != nullptr ? unit->name : ""},
            {"status", core::ToCode(r.status)},
            {"status_label", core::LabelTr(r.status)},
            {"created_at", FormatTime(r.created_at)},
            {"due_at", FormatTime(r.due_at)},
            {"resolved_at", OptTimeJson(r.resolved_at)},
            {"public_answer", r.public_answer},
            {"history", events}};
}

Json ToJson(const app::Stats& s) {
    auto resolution = [](const app::ResolutionFigures& f) {
        return Json{{"resolved", f.resolved},
                    {"median_hours", f.median_seconds / 3600.0},
                    {"p90_hours", f.p90_seconds / 3600.0},
                    {"mean_hours", f.mean_seconds / 3600.0}};
    };
    Json by_day = Json::object();
    for (const auto& [day, n] : s.requests_by_day) {
        by_day[FormatDay(day)] = n;
    }
    Json contacts_by_day = Json::object();
    for (const auto& [day, n] : s.contacts_by_day) {
        contacts_by_day[FormatDay(day)] = n;
    }
    Json res_units = Json::object();
    for (const auto& [unit, f] : s.resolution_by_unit) {
        res_units[unit] = resolution(f);
    }
    return {{"from", FormatDay(s.from_day)},
            {"to", FormatDay(s.to_day - 1)},
            {"requests",
             {{"total", s.requests},
              {"by_day", by_day},
              {"by_unit", MapJson(s.requests_by_unit)},
              {"by_category", MapJson(s.requests_by_category)},
              {"by_top_category", MapJson(s.requests_by_top_category)},
              {"by_status", MapJson(s.requests_by_status)}}},
            {"contacts",
             {{"total", s.contacts},
              {"by_day", contacts_by_day},
              {"by_channel", MapJson(s.contacts_by_channel)},
              {"by_outcome", MapJson(s.contacts_by_outcome)},
              {"by_hour_of_day", MapJson(s.contacts_by_hour_of_day)}}},
            {"now",
             {{"open", s.open_now},
              {"overdue", s.overdue_now},
              {"open_by_unit", MapJson(s.open_by_unit)},
              {"overdue_by_unit", MapJson(s.overdue_by_unit)}}},
            {"resolution", {{"all", resolution(s.resolution_all)}, {"by_unit", res_units}}}};
}

namespace {
double Percent(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}
}  // namespace

Json ToJson(const app::SuggestionStats& s) {
    Json by_category = Json::array();
    for (const auto& [code, f] : s.by_category) {
        by_category.push_back({{"category", code},
                               {"shown", f.shown},
                               {"accepted", f.accepted},
                               {"accepted_pct", Percent(f.accepted, f.shown)}});
    }
    return {{"from", FormatDay(s.from_day)},
            {"to", FormatDay(s.to_day - 1)},
            {"total_shown", s.total.shown},
            {"accepted", s.total.accepted},
            {"accepted_pct", Percent(s.total.accepted, s.total.shown)},
            {"by_category", by_category}};
}

Json ToJson(const routing::Suggestions& s) {
    Json items = Json::array();
    for (const auto& x : s.items) {
        items.push_back({{"category", x.category},
                         {"top", x.top},
                         {"unit", x.unit.empty() ? Json(nullptr) : Json(x.unit)},
                         {"name", x.name},
                         {"top_name", x.top_name},
                         {"score", std::round(x.score * 10000) / 10000}});
    }
    return {{"suggestions", items}, {"low_confidence", s.low_confidence}, {"source", routing::ToCode(s.source)}};
}

}  // namespace alo153::api
