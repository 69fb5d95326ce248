#include "routing/rule_engine.hpp"

namespace alo153::routing {
namespace {

core::Result<std::string> ResolveUnit(const Catalog& catalog, const std::string& unit, const RoutingInput& input) {
    if (unit == core::kDistrictUnit) {
        if (input.district.empty()) {
            return core::MakeError(core::ErrorCode::kValidation,
                                   "Bu konu ilçe belediyesine yönlendirilir; lütfen ilçeyi belirtin.", "district");
        }
        const core::Unit* u = catalog.DistrictMunicipality(input.district);
        if (u == nullptr) {
            return core::MakeError(core::ErrorCode::kUnknownReference,
                                   "İlçe belediyesi bulunamadı: " + input.district, "district");
        }
        return u->code;
    }
    const core::Unit* u = catalog.FindUnit(unit);
    if (u == nullptr || !u->active) {
        return core::MakeError(core::ErrorCode::kUnknownReference, "Yönlendirilecek birim bulunamadı: " + unit,
                               "unit");
    }
    return u->code;
}

}  // namespace

bool RuleMatches(const core::RoutingRule& rule, const RoutingInput& input) {
    if (!rule.category.empty() && rule.category != input.category &&
        input.category.rfind(rule.category + ".", 0) != 0) {
        return false;
    }
    if (!rule.district.empty() && rule.district != input.district) {
        return false;
    }
    if (rule.channel && *rule.channel != input.channel) {
        return false;
    }
    if (rule.type && *rule.type != input.type) {
        return false;
    }
    return true;
}

core::Result<RoutingDecision> Route(const Catalog& catalog, const RoutingInput& input) {
    const core::Category* category = catalog.FindCategory(input.category);
    if (category == nullptr) {
        return core::MakeError(core::ErrorCode::kUnknownReference, "Konu bulunamadı: " + input.category, "category");
    }
    RoutingDecision decision;
    decision.priority = category->priority;
    for (const auto& rule : catalog.Rules()) {
        if (!rule.active || !RuleMatches(rule, input)) {
            continue;
        }
        auto unit = ResolveUnit(catalog, rule.unit, input);
        if (!unit.ok()) {
            return unit.error();
        }
        decision.unit = *unit;
        decision.rule_id = rule.id;
        if (rule.priority) {
            decision.priority = *rule.priority;
        }
        decision.reason = "Yönlendirme kuralı: " + rule.name;
        return decision;
    }
    std::string unit = category->unit;
    if (unit.empty() && !category->IsTopLevel()) {
        const core::Category* top = catalog.FindCategory(category->parent);
        unit = top != nullptr ? top->unit : std::string{};
    }
    auto resolved = ResolveUnit(catalog, unit, input);
    if (!resolved.ok()) {
        return resolved.error();
    }
    decision.unit = *resolved;
    decision.reason = unit == core::kDistrictUnit ? "Konunun sorumlusu ilçe belediyesi" : "Konunun varsayılan birimi";
    return decision;
}

}  // namespace alo153::routing
