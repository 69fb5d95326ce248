#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/clock.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Counts what each client (a key such as its address) did in a sliding window, e.g. the requests the citizen
/// portal files: at most `max_events` per `window` for one key. Thread-safe. Memory is bounded by the keys
/// active within one window (older ones are swept as new keys arrive).
///
/// With a `shared` store (one that several app servers use: Store::SharedByProcesses), the events are kept in
/// the database instead (Tx::RateEventsSince and friends), so the limit holds across the processes behind a
/// load balancer. Two processes checking at the same instant may each let one more through: a limit, not a
/// lock.
class RateLimiter {
  public:
    /// `max_events` 0 turns the limit off.
    RateLimiter(int max_events, std::chrono::seconds window, const Clock& clock, storage::Store* shared = nullptr);

    /// None when `key` may act now; otherwise how long until it may (at least one second).
    std::optional<std::chrono::seconds> RetryAfter(const std::string& key) const;
    /// Counts one event of `key` now (call after the counted action succeeded).
    void Record(const std::string& key);

  private:
    void SweepLocked(core::Time now);
    std::optional<std::chrono::seconds> WaitFor(const std::deque<core::Time>& times, core::Time now) const;
    void RecordShared(const std::string& key, core::Time now);

    const int max_events_;
    const std::chrono::seconds window_;
    const Clock& clock_;
    storage::Store* shared_;
    std::atomic<std::int64_t> shared_records_{0};  ///< every so often a shared Record sweeps every key
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::deque<core::Time>> events_;  ///< per key, oldest first
    std::size_t sweep_at_ = 1024;                                     ///< sweep stale keys when the map grows past this
};

}  // namespace alo153::app
