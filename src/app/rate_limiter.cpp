#include "app/rate_limiter.hpp"

#include <algorithm>

namespace alo153::app {

namespace {

/// How many shared Records go by between sweeps of every key's old events.
constexpr std::int64_t kSharedSweepEvery = 512;

}  // namespace

RateLimiter::RateLimiter(int max_events, std::chrono::seconds window, const Clock& clock, storage::Store* shared)
    : max_events_(std::max(max_events, 0)), window_(window), clock_(clock), shared_(shared) {}

std::optional<std::chrono::seconds> RateLimiter::RetryAfter(const std::string& key) const {
    if (max_events_ == 0) {
        return std::nullopt;
    }
    const core::Time now = clock_.Now();
    if (shared_ != nullptr) {
        // A little more than the limit: processes racing each other may have recorded a few more.
        const auto rows = shared_->Read([&](storage::Tx& tx) {
            return tx.RateEventsSince(key, now - window_ + std::chrono::seconds(1), max_events_ + 64);
        });
        return WaitFor(std::deque<core::Time>(rows.begin(), rows.end()), now);
    }
    std::lock_guard lock(mutex_);
    const auto it = events_.find(key);
    if (it == events_.end()) {
        return std::nullopt;
    }
    return WaitFor(it->second, now);
}

std::optional<std::chrono::seconds> RateLimiter::WaitFor(const std::deque<core::Time>& times, core::Time now) const {
    // Events older than the window no longer count; the limit is reached when max_events_ remain.
    const auto in_window = std::count_if(times.begin(), times.end(), [&](core::Time t) { return now - t < window_; });
    if (in_window < max_events_) {
        return std::nullopt;
    }
    // The oldest event inside the window frees a place when it leaves the window.
    const core::Time oldest = times[times.size() - static_cast<std::size_t>(max_events_)];
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(oldest + window_ - now);
    return std::max(wait, std::chrono::seconds(1));
}

void RateLimiter::Record(const std::string& key) {
    if (max_events_ == 0) {
        return;
    }
    const core::Time now = clock_.Now();
    if (shared_ != nullptr) {
        RecordShared(key, now);
        return;
    }
    std::lock_guard lock(mutex_);
    auto& times = events_[key];
    times.push_back(now);
    while (times.size() > static_cast<std::size_t>(max_events_)) {
        times.pop_front();
    }
    if (events_.size() > sweep_at_) {
        SweepLocked(now);
    }
}

void RateLimiter::RecordShared(const std::string& key, core::Time now) {
    const bool sweep_all = shared_records_.fetch_add(1, std::memory_order_relaxed) % kSharedSweepEvery == 0;
    // Best effort: a failed write only means this event is not counted (the create it counts has committed).
    (void)shared_->Write([&](storage::Tx& tx) -> core::Result<void> {
        tx.InsertRateEvent(key, now);
        // Out of the window: at or before now - window (RetryAfter counts what is after it).
        tx.DeleteRateEventsBefore(sweep_all ? std::string() : key, now - window_ + std::chrono::seconds(1));
        return core::Ok();
    });
}

void RateLimiter::SweepLocked(core::Time now) {
    std::erase_if(events_,
                  [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= window_; });
    sweep_at_ = std::max<std::size_t>(1024, events_.size() * 2);
}

}  // namespace alo153::app
