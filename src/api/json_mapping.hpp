#pragma once

#include <nlohmann/json.hpp>

#include "api/time_format.hpp"
#include "app/citizen_service.hpp"
#include "app/intake_service.hpp"
#include "app/open311_service.hpp"
#include "app/request_queries.hpp"
#include "app/stats_service.hpp"
#include "app/workflow_service.hpp"
#include "core/model.hpp"
#include "routing/catalog.hpp"
#include "routing/classifier.hpp"

namespace alo153::api {

using Json = nlohmann::json;

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
