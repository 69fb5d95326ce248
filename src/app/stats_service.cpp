#include "app/stats_service.hpp"

#include "app/rollups.hpp"

namespace alo153::app {

StatsService::StatsService(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

namespace {
ResolutionFigures Figures(const std::vector<std::int64_t>& buckets, std::int64_t total_seconds) {
    ResolutionFigures f;
    for (auto n : buckets) {
        f.resolved += n;
    }
    f.median_seconds = BucketQuantile(buckets, 0.5);
    f.p90_seconds = BucketQuantile(buckets, 0.9);
    f.mean_seconds = f.resolved > 0 ? static_cast<double>(total_seconds) / static_cast<double>(f.resolved) : 0;
    return f;
}
}  // namespace

core::Result<Stats> StatsService::Compute(const Principal& who, std::int64_t from_day, std::int64_t to_day) const {
    if (to_day <= from_day || to_day - from_day > 3 * 366) {
        return core::MakeError(core::ErrorCode::kValidation, "Tarih aralığı geçersiz (en fazla 3 yıl).", "from");
    }
    const bool unit_only = who.IsUnitRole();
    auto mine = [&](const std::string& unit) { return !unit_only || unit == who.unit; };
    const core::Time now = clock_.Now();
    Stats s;
    s.from_day = from_day;
    s.to_day = to_day;
    store_.Read([&](storage::Tx& tx) {
        for (const auto& row : tx.RequestCounts(from_day, to_day)) {
            if (!mine(row.unit)) {
                continue;
            }
            s.requests += row.n;
            s.requests_by_day[row.day] += row.n;
            s.requests_by_unit[row.unit] += row.n;
            s.requests_by_category[row.category] += row.n;
            s.requests_by_top_category[row.category.substr(0, row.category.find('.'))] += row.n;
            s.requests_by_status[std::string(core::ToCode(row.status))] += row.n;
        }
        if (!unit_only) {
            for (const auto& row : tx.ContactCounts(from_day * 24, to_day * 24)) {
                s.contacts += row.n;
                s.contacts_by_channel[std::string(core::ToCode(row.channel))] += row.n;
                s.contacts_by_outcome[row.outcome] += row.n;
                s.contacts_by_hour_of_day[row.hour % 24] += row.n;
                s.contacts_by_day[row.hour / 24] += row.n;
            }
        }
        for (const auto& row : tx.OpenCounts()) {
            if (mine(row.unit)) {
                s.open_now += row.n;
                s.open_by_unit[row.unit] += row.n;
            }
        }
        for (const auto& row : tx.OverdueCounts(now)) {
            if (mine(row.unit)) {
                s.overdue_now += row.n;
                s.overdue_by_unit[row.unit] += row.n;
            }
        }
        std::map<std::string, std::pair<std::vector<std::int64_t>, std::int64_t>> per_unit;
        std::vector<std::int64_t> all(kResolutionBucketBounds.size() + 1, 0);
        std::int64_t all_seconds = 0;
        for (const auto& row : tx.ResolutionBuckets(from_day, to_day)) {
            if (!mine(row.unit) || row.bucket < 0 || row.bucket >= static_cast<int>(all.size())) {
                continue;
            }
            auto& [buckets, seconds] = per_unit[row.unit];
            buckets.resize(all.size(), 0);
            buckets[static_cast<std::size_t>(row.bucket)] += row.n;
            seconds += row.total_seconds;
            all[static_cast<std::size_t>(row.bucket)] += row.n;
            all_seconds += row.total_seconds;
        }
        for (const auto& [unit, data] : per_unit) {
            s.resolution_by_unit[unit] = Figures(data.first, data.second);
        }
        s.resolution_all = Figures(all, all_seconds);
    });
    return s;
}

core::Result<SuggestionStats> StatsService::Suggestions(const Principal& who, std::int64_t from_day,
                                                        std::int64_t to_day) const {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    if (to_day <= from_day || to_day - from_day > 3 * 366) {
        return core::MakeError(core::ErrorCode::kValidation, "Tarih aralığı geçersiz (en fazla 3 yıl).", "from");
    }
    SuggestionStats s;
    s.from_day = from_day;
    s.to_day = to_day;
    store_.Read([&](storage::Tx& tx) {
        for (const auto& row : tx.SuggestionCounts(from_day, to_day)) {
            s.total.shown += row.shown;
            s.total.accepted += row.accepted;
            auto& c = s.by_category[row.category];
            c.shown += row.shown;
            c.accepted += row.accepted;
        }
    });
    return s;
}

}  // namespace alo153::app
