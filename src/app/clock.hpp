#pragma once

#include <atomic>
#include <chrono>

#include "core/types.hpp"

namespace alo153::app {

/// Where use cases get "now" from, so tests can set the time.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual core::Time Now() const = 0;
};

class SystemClock final : public Clock {
  public:
    core::Time Now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

/// A clock that stays where a test puts it.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(core::Time t) : now_(core::ToUnix(t)) {}
    core::Time Now() const override { return core::FromUnix(now_.load()); }
    void Set(core::Time t) { now_.store(core::ToUnix(t)); }
    void Advance(std::chrono::seconds d) { now_.fetch_add(d.count()); }

  private:
    std::atomic<std::int64_t> now_;
};

/// Days since 1970-01-01 of the Istanbul-local date of `t` (the key of daily rollups).
inline std::int64_t LocalDay(core::Time t) { return (core::ToUnix(t) + core::kIstanbulOffset.count()) / 86400; }
/// Hours since the epoch, Istanbul local (the key of hourly rollups).
inline std::int64_t LocalHour(core::Time t) { return (core::ToUnix(t) + core::kIstanbulOffset.count()) / 3600; }
/// The Istanbul-local calendar year of `t` (tracking numbers count per year).
inline int LocalYear(core::Time t) {
    return static_cast<int>(
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t + core::kIstanbulOffset)).year());
}

}  // namespace alo153::app
