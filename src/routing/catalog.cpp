#include "routing/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/turkish_fold.hpp"

namespace alo153::routing {

Catalog::Catalog(std::vector<core::Unit> units, std::vector<core::Category> categories,
                 std::vector<core::District> districts, std::vector<core::Neighbourhood> neighbourhoods,
                 std::vector<core::RoutingRule> rules)
    : units_(std::move(units)),
      categories_(std::move(categories)),
      districts_(std::move(districts)),
      neighbourhoods_(std::move(neighbourhoods)),
      rules_(std::move(rules)) {
    for (std::size_t i = 0; i < units_.size(); ++i) {
        unit_index_[units_[i].code] = i;
        if (units_[i].kind == core::UnitKind::kDistrict && !units_[i].district.empty() && units_[i].active) {
            district_unit_index_[units_[i].district] = i;
        }
    }
    for (std::size_t i = 0; i < categories_.size(); ++i) {
        category_index_[categories_[i].code] = i;
    }
    for (std::size_t i = 0; i < districts_.size(); ++i) {
        district_index_[districts_[i].code] = i;
    }
    for (std::size_t i = 0; i < neighbourhoods_.size(); ++i) {
        neighbourhood_index_[neighbourhoods_[i].id] = i;
    }
    std::stable_sort(rules_.begin(), rules_.end(),
                     [](const core::RoutingRule& a, const core::RoutingRule& b) { return a.position < b.position; });
}

namespace {
template <typename Map, typename Vec, typename Key>
auto Lookup(const Map& index, const Vec& items, const Key& key) -> decltype(&items[0]) {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &items[it->second];
}
}  // namespace

const core::Unit* Catalog::FindUnit(const std::string& code) const { return Lookup(unit_index_, units_, code); }

const core::Category* Catalog::FindCategory(const std::string& code) const {
    return Lookup(category_index_, categories_, code);
}

const core::District* Catalog::FindDistrict(const std::string& code) const {
    return Lookup(district_index_, districts_, code);
}

const core::Neighbourhood* Catalog::FindNeighbourhood(core::Id id) const {
    return Lookup(neighbourhood_index_, neighbourhoods_, id);
}

const core::Unit* Catalog::DistrictMunicipality(const std::string& district) const {
    return Lookup(district_unit_index_, units_, district);
}

const core::Category* Catalog::TopLevelOf(const std::string& code) const {
    const core::Category* c = FindCategory(code);
    if (c == nullptr || c->IsTopLevel()) {
        return c;
    }
    return FindCategory(c->parent);
}

const core::District* Catalog::NearestDistrict(double lat, double lon) const {
    const core::District* best = nullptr;
    double best_d = std::numeric_limits<double>::max();
    const double k = std::cos(lat * M_PI / 180.0);  // shrink longitude degrees at this latitude
    for (const auto& d : districts_) {
        double dy = d.lat - lat;
        double dx = (d.lon - lon) * k;
        double dist = dx * dx + dy * dy;
        if (dist < best_d) {
            best_d = dist;
            best = &d;
        }
    }
    return best;
}

std::vector<const core::Neighbourhood*> Catalog::NeighbourhoodsOf(const std::string& district) const {
    std::vector<const core::Neighbourhood*> out;
    for (const auto& n : neighbourhoods_) {
        if (n.district == district) {
            out.push_back(&n);
        }
    }
    // Folded names sort "Çay" beside "Cami", as people look for them.
    std::stable_sort(out.begin(), out.end(), [](const core::Neighbourhood* a, const core::Neighbourhood* b) {
        return core::FoldTurkish(a->name) < core::FoldTurkish(b->name);
    });
    return out;
}

}  // namespace alo153::routing
