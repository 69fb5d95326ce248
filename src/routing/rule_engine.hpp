#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "routing/catalog.hpp"

namespace alo153::routing {

/// What routing looks at.
struct RoutingInput {
    std::string category;  ///< a sub-category (or top-level) code
    std::string district;  ///< may be empty
    core::Channel channel = core::Channel::kPhone;
    core::RequestType type = core::RequestType::kRequest;
};

/// Which unit gets a request, with what priority, and why.
struct RoutingDecision {
    std::string unit;
    core::Priority priority = core::Priority::kNormal;
    std::optional<core::Id> rule_id;  ///< the rule that decided, or none for the category's default unit
    std::string reason;               ///< Turkish, for the request's history
};

/// Whether a rule's conditions hold for `input` (empty conditions match anything; a top-level category
/// condition matches its sub-categories).
bool RuleMatches(const core::RoutingRule& rule, const RoutingInput& input);

/// Routes a request: the first active rule that matches (in position order) decides; otherwise the
/// sub-category's default unit (inherited from the top-level category when empty). "@district" means the
/// district municipality of the request's district. Errors: unknown category (kUnknownReference), a
/// district-routed category without a district (kValidation), a target unit missing or inactive.
core::Result<RoutingDecision> Route(const Catalog& catalog, const RoutingInput& input);

}  // namespace alo153::routing
