#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/clock.hpp"
#include "app/principal.hpp"
#include "storage/store.hpp"

namespace alo153::app {

struct ResolutionFigures {
    std::int64_t resolved = 0;
    double median_seconds = 0;
    double p90_seconds = 0;
    double mean_seconds = 0;
};

/// The figures of a period, all read from rollups (their cost does not grow with the number of requests).
struct Stats {
    std::int64_t from_day = 0;  ///< local days since epoch, inclusive
    std::int64_t to_day = 0;    ///< exclusive
    std::int64_t requests = 0;  ///< requests opened in the period
    std::map<std::int64_t, std::int64_t> requests_by_day;
    std::map<std::string, std::int64_t> requests_by_unit;
    std::map<std::string, std::int64_t> requests_by_category;
    std::map<std::string, std::int64_t> requests_by_top_category;
    std::map<std::string, std::int64_t> requests_by_status;  ///< their status now
    std::int64_t contacts = 0;                               ///< calls and visits received
    std::map<std::string, std::int64_t> contacts_by_channel;
    std::map<std::string, std::int64_t> contacts_by_outcome;
    std::map<std::int64_t, std::int64_t> contacts_by_hour_of_day;  ///< 0..23, local
    std::map<std::int64_t, std::int64_t> contacts_by_day;
    std::int64_t open_now = 0;
    std::int64_t overdue_now = 0;
    std::map<std::string, std::int64_t> open_by_unit;
    std::map<std::string, std::int64_t> overdue_by_unit;
    std::map<std::string, ResolutionFigures> resolution_by_unit;  ///< of requests resolved in the period
    ResolutionFigures resolution_all;
};

/// How often the classifier's suggestion was taken, per suggested sub-category.
struct SuggestionFigures {
    std::int64_t shown = 0;
    std::int64_t accepted = 0;
};
struct SuggestionStats {
    std::int64_t from_day = 0;
    std::int64_t to_day = 0;
    SuggestionFigures total;
    std::map<std::string, SuggestionFigures> by_category;
};

/// Reports for supervisors and managers.
class StatsService {
  public:
    StatsService(storage::Store& store, const Clock& clock);

    /// Figures for local days [from_day, to_day). Unit roles get their own unit's figures only.
    core::Result<Stats> Compute(const Principal& who, std::int64_t from_day, std::int64_t to_day) const;
    /// Suggestions shown at intake and accepted, for requests created on local days [from_day, to_day).
    /// Agents, supervisors and admins (the figure covers every unit).
    core::Result<SuggestionStats> Suggestions(const Principal& who, std::int64_t from_day, std::int64_t to_day) const;

  private:
    storage::Store& store_;
    const Clock& clock_;
};

}  // namespace alo153::app
