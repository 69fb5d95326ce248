#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "app/demo/random.hpp"
#include "app/demo/world.hpp"
#include "core/sla_calendar.hpp"

namespace alo153::app::demo {

/// Local hour of day (calls follow office hours, with an evening tail).
constexpr std::array<double, 24> kHourWeights = {0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.4, 0.9, 1.4, 1.6,  1.6,
                                                 1.3,  1.4,  1.5,  1.45, 1.3,  1.0,  0.8,  0.7, 0.6, 0.5, 0.35, 0.22};

/// Monday ... Sunday.
constexpr std::array<double, 7> kWeekdayWeights = {1.15, 1.08, 1.05, 1.04, 1.0, 0.62, 0.5};

constexpr double kYearlyGrowth = 1.15;

/// The creation times of all requests, in order: a number per local day (weekday, season, holidays, growth
/// over the years, some day-to-day noise) spread over the hours of the day.
class CreationTimes {
  public:
    CreationTimes(std::int64_t start, std::int64_t end, std::int64_t n, const World& world,
                  const core::HolidayTable& holidays, std::uint64_t seed)
        : start_(start), end_(end) {
        first_day_ = (start + kOffset) / kDay;
        const std::int64_t last_day = (end - 1 + kOffset) / kDay;
        Rng noise(seed ^ 0x5eed0fda75ULL);
        double hours_total = 0;
        for (double w : kHourWeights) {
            hours_total += w;
        }
        std::vector<double> weights;
        double total = 0;
        for (std::int64_t d = first_day_; d <= last_day; ++d) {
            std::array<double, 24> hours{};
            double covered = HourWeights(d, hours) / hours_total;
            const std::int64_t unix_noon = d * kDay - kOffset + 12 * kHour;
            const auto date = LocalDate(unix_noon);
            double w = covered * kWeekdayWeights[static_cast<std::size_t>((d + 3) % 7)];  // 1970-01-01: Thursday
            w *= world.month_factor[static_cast<unsigned>(date.month()) - 1];
            switch (holidays.KindOn(date)) {
                case core::HolidayKind::kFullDay:
                    w *= 0.45;
                    break;
                case core::HolidayKind::kHalfDay:
                    w *= 0.8;
                    break;
                case core::HolidayKind::kNone:
                    break;
            }
            w *= std::pow(kYearlyGrowth, static_cast<double>(d - first_day_) / 365.25);
            w *= std::exp(0.12 * noise.Normal());
            weights.push_back(w);
            total += w;
        }
        // Cumulative rounding: the counts add up to exactly n.
        double cumulative = 0;
        std::int64_t assigned = 0;
        for (double w : weights) {
            cumulative += w;
            auto target = static_cast<std::int64_t>(std::llround(static_cast<double>(n) * cumulative / total));
            counts_.push_back(target - assigned);
            assigned = target;
        }
        if (!counts_.empty()) {
            counts_.back() += n - assigned;
        }
    }

    std::int64_t Next(Rng& rng) {
        while (pos_ == buffer_.size()) {
            FillDay(rng);
        }
        return buffer_[pos_++];
    }

  private:
    /// Hour weights of local day `d` limited to [start_, end_); returns their sum.
    double HourWeights(std::int64_t d, std::array<double, 24>& out) const {
        double sum = 0;
        for (std::size_t h = 0; h < 24; ++h) {
            auto [lo, hi] = HourWindow(d, h);
            out[h] = hi > lo ? kHourWeights[h] * static_cast<double>(hi - lo) / kHour : 0.0;
            sum += out[h];
        }
        return sum;
    }
    std::pair<std::int64_t, std::int64_t> HourWindow(std::int64_t d, std::size_t h) const {
        std::int64_t lo = d * kDay - kOffset + static_cast<std::int64_t>(h) * kHour;
        return {std::max(lo, start_), std::min(lo + kHour, end_)};
    }

    void FillDay(Rng& rng) {
        if (day_ >= counts_.size()) {
            throw std::logic_error("demo: more requests than planned");
        }
        const std::int64_t d = first_day_ + static_cast<std::int64_t>(day_);
        std::array<double, 24> hours{};
        HourWeights(d, hours);
        Weighted pick;
        for (double w : hours) {
            pick.Add(w);
        }
        buffer_.clear();
        pos_ = 0;
        for (std::int64_t i = 0; i < counts_[day_]; ++i) {
            auto [lo, hi] = HourWindow(d, pick.Pick(rng));
            buffer_.push_back(hi > lo ? rng.Between(lo, hi - 1) : lo);
        }
        std::sort(buffer_.begin(), buffer_.end());
        ++day_;
    }

    std::int64_t start_;
    std::int64_t end_;
    std::int64_t first_day_ = 0;
    std::vector<std::int64_t> counts_;
    std::size_t day_ = 0;
    std::vector<std::int64_t> buffer_;
    std::size_t pos_ = 0;
};

}  // namespace alo153::app::demo
