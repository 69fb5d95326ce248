#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/demo/random.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "routing/catalog.hpp"
#include "storage/store.hpp"

// The demo's world: the catalog, the staff and the texts of the database it fills, with the shares of
// requests by district, category, channel and season (Samsun, by hand), read once before planning.

namespace alo153::app::demo {

using core::Id;

inline constexpr std::int64_t kMinute = 60;
inline constexpr std::int64_t kHour = 3600;
inline constexpr std::int64_t kDay = 86400;
inline constexpr std::int64_t kOffset = core::kIstanbulOffset.count();

/// A text and its folded form (for the search index), folded once.
struct Text {
    std::string text;
    std::string folded;
};

// ---- Local calendar helpers -------------------------------------------------------------------------------

inline std::chrono::year_month_day LocalDate(std::int64_t unix) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{(unix + kOffset) / kDay}}};
}

inline int LocalMonth(std::int64_t unix) { return static_cast<int>(static_cast<unsigned>(LocalDate(unix).month())); }

// ---- The world: catalog, staff and data files, read once ------------------------------------------------

struct UnitInfo {
    const core::Unit* unit = nullptr;
    std::vector<Id> staff;
    std::vector<Id> managers;
};

struct CategoryInfo {
    const core::Category* category = nullptr;
    std::size_t top = 0;  ///< index into World::answers
    std::vector<Text> texts;
    Weighted types;  ///< over core::RequestType
};

struct DistrictInfo {
    const core::District* district = nullptr;
    double weight = 1;
    double spread = 0.02;  ///< degrees of jitter around the centre
    std::vector<Id> neighbourhoods;
    std::vector<std::string> neighbourhood_names;
    std::vector<std::string> streets;
};

struct World {
    std::unique_ptr<routing::Catalog> catalog;
    std::vector<UnitInfo> units;
    std::unordered_map<std::string, int> unit_index;
    std::vector<CategoryInfo> categories;  ///< active sub-categories
    std::array<Weighted, 12> category_by_month;
    std::array<double, 12> month_factor{};
    std::vector<DistrictInfo> districts;
    Weighted district_weights;
    Weighted channels;
    std::vector<std::string> first_names;
    std::vector<std::string> last_names;
    std::vector<Id> agents;
    std::vector<Id> supervisors;  ///< supervisors, or admins when there are none
    std::vector<Id> articles;
    std::vector<std::vector<Text>> answers;  ///< by top-level, as in Answers(); the last is the generic set
    std::vector<Text> reopen_answers;
    std::vector<Text> hold_reasons;
    std::vector<Text> reject_reasons;
    std::vector<Text> reopen_reasons;
    std::vector<std::string> transfer_notes;
    std::string abusive_note;
    std::array<std::string, 10> created_texts;  ///< by channel
};

/// Reads the world from a seeded database. Errors: kValidation when the catalog is not seeded.
core::Result<World> BuildWorld(storage::Tx& tx);

}  // namespace alo153::app::demo
