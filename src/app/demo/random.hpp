#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

// The demo history's randomness: one generator whose sequence is the same on every platform, so that a seed
// gives the same database row for row.

namespace alo153::app::demo {

inline std::uint64_t SplitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// A hash of (seed, salt, index), so that what belongs to one pool citizen does not depend on draw order.
inline std::uint64_t Mix(std::uint64_t seed, std::uint64_t salt, std::uint64_t index) {
    std::uint64_t s = seed ^ (salt * 0xd1b54a32d192ed03ULL) ^ (index * 0x9e3779b97f4a7c15ULL);
    SplitMix64(s);
    return SplitMix64(s);
}

/// xoshiro256**: fast, and the same sequence everywhere (the std distributions differ between libraries).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : s_) {
            s = SplitMix64(seed);
        }
    }

    std::uint64_t Next() {
        const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = Rotl(s_[3], 45);
        return result;
    }
    /// In [0, 1).
    double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
    /// In [0, n); n > 0.
    std::size_t Below(std::size_t n) {
        return std::min(static_cast<std::size_t>(Uniform() * static_cast<double>(n)), n - 1);
    }
    /// In [lo, hi]; lo <= hi.
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(Below(static_cast<std::size_t>(hi - lo + 1)));
    }
    bool Chance(double p) { return Uniform() < p; }
    /// Standard normal (Box–Muller).
    double Normal() {
        double u1 = 1.0 - Uniform();  // (0, 1]
        double u2 = Uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <typename T>
    const T& PickFrom(const std::vector<T>& items) {
        return items[Below(items.size())];
    }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

/// Picks an index with probability proportional to its weight.
class Weighted {
  public:
    void Add(double weight) {
        total_ += std::max(weight, 0.0);
        cumulative_.push_back(total_);
    }
    std::size_t Pick(Rng& rng) const {
        double x = rng.Uniform() * total_;
        auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
        return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
    }
    double Total() const { return total_; }
    bool Empty() const { return cumulative_.empty() || total_ <= 0; }

  private:
    std::vector<double> cumulative_;
    double total_ = 0;
};

}  // namespace alo153::app::demo
