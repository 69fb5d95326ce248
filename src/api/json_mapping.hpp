#pragma once

#include <nlohmann/json.hpp>

#include "app/citizen_service.hpp"
#include "app/open311_service.hpp"
#include "app/intake_service.hpp"
#include "app/request_queries.hpp"
#include "app/workflow_service.hpp"
#include "app/stats_service.hpp"
#include "core/model.hpp"
#include "routing/catalog.hpp"
#include "routing/classifier.hpp"

namespace alo153::api {

using Json = nlohmann::json;

/// ISO 8601 in Istanbul time with its offset, e.g. "2026-11-29T23:15:00+03:00".
std::string FormatTime(core::Time t);
/// Parses ISO 8601 with an offset or 'Z', or a plain date (Istanbul midnight). None on bad input.
std::optional<core::Time> ParseTime(std::string_view text);
/// "YYYY-MM-DD" of a local day number (days since epoch).
std::string FormatDay(std::int64_t local_day);

Json ToJson(const core::Unit& u);
Json ToJson(const core::Category& c);
Json ToJson(const core::District& d);
Json ToJson(const core::Neighbourhood& n);
Json ToJson(const core::RoutingRule& r);
Json ToJson(const core::Citizen& c);
Json ToJson(const core::Contact& c);
Json ToJson(const core::Article& a);
Json ToJson(const core::User& u);
Json ToJson(const core::ApiKey& k);
Json ToJson(const core::Event& e);
Json ToJson(const core::Photo& p);
/// A request for staff, with names from the catalog, whether it is overdue at `now`, and the actions `who`
/// may take on it now.
Json ToJson(const core::Request& r, const routing::Catalog& catalog, core::Time now, const app::Principal& who);
/// What staff see of a request's API key and Open311 attribute answers ({"api_key_id", "api_key_name",
/// "attributes": {code: value or [values]}}).
Json ToJson(const app::Open311Details& d);
/// The citizen's view of a request: no internal notes, staff or personal data.
Json ToPublicJson(const core::Request& r, const routing::Catalog& catalog, const std::vector<core::Event>& history);
Json ToJson(const app::Stats& s);
Json ToJson(const app::SuggestionStats& s);
/// {"suggestions": [{category, top, unit, name, top_name, score}], "low_confidence", "source"}.
Json ToJson(const routing::Suggestions& s);

}  // namespace alo153::api
