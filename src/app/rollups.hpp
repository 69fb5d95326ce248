#pragma once

#include <array>
#include <cstdint>
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

/// Counts a new request in the rollups.
void CountCreated(storage::Tx& tx, const core::Request& request);

/// Moves a request's counts from `before` to `after` (status, unit or category changed) and records a
/// resolution when it has just been resolved. Same transaction as the change.
void CountChanged(storage::Tx& tx, const core::Request& before, const core::Request& after);

/// Counts a contact when it starts (outcome "open") and moves it when its outcome is set.
void CountContact(storage::Tx& tx, const core::Contact* before, const core::Contact& after);

}  // namespace alo153::app
