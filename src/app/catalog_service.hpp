#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "app/principal.hpp"
#include "routing/catalog.hpp"
#include "routing/rule_engine.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Changes an administrator may make to a unit or category; unset fields stay as they are.
struct UnitChange {
    std::optional<std::string> name;
    std::optional<bool> active;
    std::optional<int> work_start_minute;
    std::optional<int> work_end_minute;
    std::optional<int> work_weekdays;
};

struct CategoryChange {
    std::optional<std::string> name_tr;
    std::optional<std::string> name_en;
    std::optional<std::string> unit;
    std::optional<int> sla_minutes;
    std::optional<core::SlaClock> clock;
    std::optional<core::Priority> priority;
    std::optional<bool> urgent;
    std::optional<std::string> keywords;
    std::optional<bool> active;
};

/// The catalog (units, categories, gazetteer, routing rules): reads from an in-memory snapshot, changes by
/// administrators through the store, after which the snapshot is rebuilt.
class CatalogService {
  public:
    explicit CatalogService(storage::Store& store);

    /// The current snapshot; cheap, safe to keep while serving one request.
    routing::CatalogPtr Current() const;
    /// Rebuilds the snapshot from the database.
    void Reload();

    core::Result<core::Unit> CreateUnit(const Principal& who, core::Unit unit);
    core::Result<core::Unit> UpdateUnit(const Principal& who, const std::string& code, const UnitChange& change);
    core::Result<core::Category> CreateCategory(const Principal& who, core::Category category);
    core::Result<core::Category> UpdateCategory(const Principal& who, const std::string& code,
                                                const CategoryChange& change);

    /// Adds a neighbourhood to a district (a new id; ids are never reused).
    core::Result<core::Neighbourhood> CreateNeighbourhood(const Principal& who, const std::string& district,
                                                          const std::string& name);
    /// Renames or (de)activates a neighbourhood; requests keep pointing at it.
    core::Result<core::Neighbourhood> UpdateNeighbourhood(const Principal& who, core::Id id,
                                                          std::optional<std::string> name, std::optional<bool> active);

    core::Result<core::RoutingRule> CreateRule(const Principal& who, core::RoutingRule rule);
    core::Result<core::RoutingRule> UpdateRule(const Principal& who, core::RoutingRule rule);
    core::Result<void> DeleteRule(const Principal& who, core::Id id);
    /// Which rule (or default) would route this input, without recording anything.
    core::Result<routing::RoutingDecision> TestRoute(const routing::RoutingInput& input) const;

  private:
    core::Result<void> ValidateUnitTarget(const routing::Catalog& catalog, const std::string& unit) const;
    core::Result<void> ValidateRule(const routing::Catalog& catalog, const core::RoutingRule& rule) const;

    storage::Store& store_;
    mutable std::mutex mutex_;
    routing::CatalogPtr current_;
};

}  // namespace alo153::app
