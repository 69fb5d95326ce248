#include "app/rollups.hpp"

#include <algorithm>
#include <stdexcept>

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

namespace {

// One implementation for both sinks (a transaction, or a batch summed in memory): the rules of what a change
// does to the rollups are written once.

template <typename Sink>
void CountCreatedIn(Sink& tx, const core::Request& r) {
    tx.BumpRequestRollup(LocalDay(r.created_at), r.unit, r.category, r.status, 1);
    if (core::IsOpen(r.status)) {
        tx.BumpOpenRollup(r.unit, r.status, 1);
    }
}

template <typename Sink>
void CountChangedIn(Sink& tx, const core::Request& before, const core::Request& after) {
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

template <typename Sink>
void CountContactIn(Sink& tx, const core::Contact* before, const core::Contact& after) {
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

}  // namespace

void CountCreated(storage::Tx& tx, const core::Request& request) { CountCreatedIn(tx, request); }
void CountCreated(RollupBatch& batch, const core::Request& request) { CountCreatedIn(batch, request); }
void CountChanged(storage::Tx& tx, const core::Request& before, const core::Request& after) {
    CountChangedIn(tx, before, after);
}
void CountChanged(RollupBatch& batch, const core::Request& before, const core::Request& after) {
    CountChangedIn(batch, before, after);
}
void CountContact(storage::Tx& tx, const core::Contact* before, const core::Contact& after) {
    CountContactIn(tx, before, after);
}
void CountContact(RollupBatch& batch, const core::Contact* before, const core::Contact& after) {
    CountContactIn(batch, before, after);
}

std::uint32_t RollupBatch::Intern(const std::string& code) {
    auto [it, added] = code_ids_.try_emplace(code, static_cast<std::uint32_t>(codes_.size()));
    if (added) {
        if (codes_.size() >= 0xfff) {
            throw std::length_error("rollup batch: more than 4095 distinct codes");
        }
        codes_.push_back(code);
    }
    return it->second;
}

void RollupBatch::BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category,
                                    core::Status status, std::int64_t delta) {
    const auto key = (static_cast<std::uint64_t>(day) << 32) | (static_cast<std::uint64_t>(Intern(unit)) << 20) |
                     (static_cast<std::uint64_t>(Intern(category)) << 4) | static_cast<std::uint64_t>(status);
    requests_[key] += delta;
}

void RollupBatch::BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta) {
    open_[(static_cast<std::uint64_t>(Intern(unit)) << 4) | static_cast<std::uint64_t>(status)] += delta;
}

void RollupBatch::AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds) {
    resolutions_.push_back({day, Intern(unit), bucket, seconds});
}

void RollupBatch::BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome,
                                    std::int64_t delta) {
    const auto key = (static_cast<std::uint64_t>(hour) << 20) | (static_cast<std::uint64_t>(channel) << 12) |
                     static_cast<std::uint64_t>(Intern(outcome));
    contacts_[key] += delta;
}

void RollupBatch::FlushTo(storage::Tx& tx) {
    for (const auto& [key, n] : requests_) {
        if (n != 0) {
            tx.BumpRequestRollup(static_cast<std::int64_t>(key >> 32), codes_[(key >> 20) & 0xfff],
                                 codes_[(key >> 4) & 0xffff], static_cast<core::Status>(key & 0xf), n);
        }
    }
    for (const auto& [key, n] : open_) {
        if (n != 0) {
            tx.BumpOpenRollup(codes_[key >> 4], static_cast<core::Status>(key & 0xf), n);
        }
    }
    for (const auto& r : resolutions_) {
        tx.AddResolution(r.day, codes_[r.unit], r.bucket, r.seconds);
    }
    for (const auto& [key, n] : contacts_) {
        if (n != 0) {
            tx.BumpContactRollup(static_cast<std::int64_t>(key >> 20), static_cast<core::Channel>((key >> 12) & 0xff),
                                 codes_[key & 0xfff], n);
        }
    }
    requests_.clear();
    open_.clear();
    resolutions_.clear();
    contacts_.clear();
}

}  // namespace alo153::app
