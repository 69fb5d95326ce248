#include "app/rollups.hpp"

#include <algorithm>

#include "app/clock.hpp"
#include "core/status_machine.hpp"

namespace alo153::app {

int ResolutionBucket(std::int64_t seconds) {
    auto it = std::lower_bound(kResolutionBucketBounds.begin(), kResolutionBucketBounds.end(), seconds);
    return static_cast<int>(it - kResolutionBucketBounds.begin());
}

double BucketQuantile(const std::vector<std::int64_t>& counts, double q) {
    std::int64_t total = 0;
    for (auto c : counts) {
        total += c;
    }
    if (total == 0) {
        return 0;
    }
    double target = q * static_cast<double>(total);
    double seen = 0;
    for (std::size_t b = 0; b < counts.size(); ++b) {
        auto n = static_cast<double>(counts[b]);
        if (n > 0 && seen + n >= target) {
            double lower = b == 0 ? 0.0 : static_cast<double>(kResolutionBucketBounds[b - 1]);
            double upper = b < kResolutionBucketBounds.size() ? static_cast<double>(kResolutionBucketBounds[b])
                                                              : lower * 2;  // open-ended: assume up to double
            return lower + (upper - lower) * ((target - seen) / n);
        }
        seen += n;
    }
    return static_cast<double>(kResolutionBucketBounds.back());
}

void CountCreated(storage::Tx& tx, const core::Request& r) {
    tx.BumpRequestRollup(LocalDay(r.created_at), r.unit, r.category, r.status, 1);
    if (core::IsOpen(r.status)) {
        tx.BumpOpenRollup(r.unit, r.status, 1);
    }
}

void CountChanged(storage::Tx& tx, const core::Request& before, const core::Request& after) {
    if (before.unit != after.unit || before.category != after.category || before.status != after.status) {
        std::int64_t day = LocalDay(before.created_at);
        tx.BumpRequestRollup(day, before.unit, before.category, before.status, -1);
        tx.BumpRequestRollup(day, after.unit, after.category, after.status, 1);
        if (core::IsOpen(before.status)) {
            tx.BumpOpenRollup(before.unit, before.status, -1);
        }
        if (core::IsOpen(after.status)) {
            tx.BumpOpenRollup(after.unit, after.status, 1);
        }
    }
    if (after.status == core::Status::kResolved && before.status != core::Status::kResolved && after.resolved_at) {
        std::int64_t seconds = core::ToUnix(*after.resolved_at) - core::ToUnix(after.created_at);
        tx.AddResolution(LocalDay(*after.resolved_at), after.unit, ResolutionBucket(seconds), seconds);
    }
}

void CountContact(storage::Tx& tx, const core::Contact* before, const core::Contact& after) {
    auto outcome = [](const core::Contact& c) {
        return c.outcome ? std::string(core::ToCode(*c.outcome)) : std::string("open");
    };
    std::int64_t hour = LocalHour(after.started_at);
    if (before != nullptr) {
        if (outcome(*before) == outcome(after) && before->channel == after.channel) {
            return;
        }
        tx.BumpContactRollup(LocalHour(before->started_at), before->channel, outcome(*before), -1);
    }
    tx.BumpContactRollup(hour, after.channel, outcome(after), 1);
}

}  // namespace alo153::app
