#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Upper bounds (seconds) of the resolution-time buckets: log-spaced from 15 minutes to 90 days, then one
/// open-ended bucket. Medians and percentiles are read from these counts, so they cost the same whatever
/// the number of requests.
inline constexpr std::array<std::int64_t, 17> kResolutionBucketBounds = {
    900,    1800,   3600,   7200,   14400,   28800,   43200,   86400,  172800,
    259200, 432000, 604800, 864000, 1296000, 2592000, 5184000, 7776000};

/// The bucket index of a resolution time.
int ResolutionBucket(std::int64_t seconds);

/// The `q`-quantile (0..1) of a bucketed distribution (counts indexed by bucket), interpolated linearly
/// inside the bucket it falls in; 0 when empty.
double BucketQuantile(const std::vector<std::int64_t>& counts, double q);

/// Rollup changes summed in memory and written at once: for a bulk load (the demo history) that makes the
/// same changes as the live path, step by step, without an upsert per step. Counts that sum to zero are
/// not written.
class RollupBatch {
  public:
    void BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category, core::Status status,
                           std::int64_t delta);
    void BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta);
    void AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds);
    void BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome, std::int64_t delta);

    /// Writes everything summed so far and starts again from zero.
    void FlushTo(storage::Tx& tx);

  private:
    struct Resolution {
        std::int64_t day;
        std::uint32_t unit;
        int bucket;
        std::int64_t seconds;
    };
    /// A small number for a code (units, categories, outcomes), so that keys pack into 64 bits.
    std::uint32_t Intern(const std::string& code);

    std::vector<std::string> codes_;
    std::unordered_map<std::string, std::uint32_t> code_ids_;
    std::unordered_map<std::uint64_t, std::int64_t> requests_;  ///< day | unit | category | status
    std::unordered_map<std::uint64_t, std::int64_t> open_;      ///< unit | status
    std::unordered_map<std::uint64_t, std::int64_t> contacts_;  ///< hour | channel | outcome
    std::vector<Resolution> resolutions_;
};

/// Counts a new request in the rollups.
void CountCreated(storage::Tx& tx, const core::Request& request);
void CountCreated(RollupBatch& batch, const core::Request& request);

/// Moves a request's counts from `before` to `after` (status, unit or category changed) and records a
/// resolution when it has just been resolved. Same transaction as the change.
void CountChanged(storage::Tx& tx, const core::Request& before, const core::Request& after);
void CountChanged(RollupBatch& batch, const core::Request& before, const core::Request& after);

/// Counts a contact when it starts (outcome "open") and moves it when its outcome is set.
void CountContact(storage::Tx& tx, const core::Contact* before, const core::Contact& after);
void CountContact(RollupBatch& batch, const core::Contact* before, const core::Contact& after);

}  // namespace alo153::app
