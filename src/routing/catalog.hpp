#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model.hpp"

namespace alo153::routing {

/// An immutable snapshot of the catalog (units, categories, gazetteer, routing rules) with lookups by code.
/// Use cases read the current snapshot; an administrator's change builds a new one.
class Catalog {
public:
    Catalog(std::vector<core::Unit> units, std::vector<core::Category> categories,
            std::vector<core::District> districts, std::vector<core::Neighbourhood> neighbourhoods,
            std::vector<core::RoutingRule> rules);

    const std::vector<core::Unit>& Units() const { return units_; }
    const std::vector<core::Category>& Categories() const { return categories_; }
    const std::vector<core::District>& Districts() const { return districts_; }
    const std::vector<core::Neighbourhood>& Neighbourhoods() const { return neighbourhoods_; }
    const std::vector<core::RoutingRule>& Rules() const { return rules_; }

    const core::Unit* FindUnit(const std::string& code) const;
    const core::Category* FindCategory(const std::string& code) const;
    const core::District* FindDistrict(const std::string& code) const;
    const core::Neighbourhood* FindNeighbourhood(core::Id id) const;
    /// The district municipality serving a district, if any.
    const core::Unit* DistrictMunicipality(const std::string& district) const;
    /// The top-level category of a code (itself when top-level).
    const core::Category* TopLevelOf(const std::string& code) const;
    /// The nearest district centre to a point (a guess for requests that give only coordinates).
    const core::District* NearestDistrict(double lat, double lon) const;
    /// The neighbourhoods of one district, in name order (compared folded, core::FoldTurkish).
    std::vector<const core::Neighbourhood*> NeighbourhoodsOf(const std::string& district) const;

private:
    std::vector<core::Unit> units_;
    std::vector<core::Category> categories_;
    std::vector<core::District> districts_;
    std::vector<core::Neighbourhood> neighbourhoods_;
    std::vector<core::RoutingRule> rules_;
    std::unordered_map<std::string, std::size_t> unit_index_;
    std::unordered_map<std::string, std::size_t> category_index_;
    std::unordered_map<std::string, std::size_t> district_index_;
    std::unordered_map<core::Id, std::size_t> neighbourhood_index_;
    std::unordered_map<std::string, std::size_t> district_unit_index_;
};

using CatalogPtr = std::shared_ptr<const Catalog>;

}  // namespace alo153::routing
