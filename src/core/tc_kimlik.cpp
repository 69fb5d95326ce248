#include "core/tc_kimlik.hpp"

#include <array>

namespace alo153::core {
namespace {

constexpr std::size_t kLength = 11;

/// The two check digits for the first nine digits (each 0..9).
std::array<int, 2> CheckDigits(const std::array<int, 9>& d) {
    const int odd = d[0] + d[2] + d[4] + d[6] + d[8];
    const int even = d[1] + d[3] + d[5] + d[7];
    // C++ % keeps the sign of the dividend, and odd*7 - even can be negative (e.g. 1000000000x): normalise.
    const int tenth = ((odd * 7 - even) % 10 + 10) % 10;
    const int eleventh = (odd + even + tenth) % 10;
    return {tenth, eleventh};
}

/// SplitMix64: a tiny, well-mixed generator, enough to spread seeds over the digit space deterministically.
std::uint64_t SplitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

bool IsValidTcKimlikNo(std::string_view number) {
    if (number.size() != kLength) {
        return false;
    }
    std::array<int, kLength> d{};
    for (std::size_t i = 0; i < kLength; ++i) {
        if (number[i] < '0' || number[i] > '9') {
            return false;
        }
        d[i] = number[i] - '0';
    }
    if (d[0] == 0) {
        return false;
    }
    const auto check = CheckDigits({d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]});
    return d[9] == check[0] && d[10] == check[1];
}

std::string MaskTcKimlikNo(std::string_view number) {
    if (number.size() != kLength) {
        return std::string(kLength, '*');
    }
    return std::string(number.substr(0, 3)) + "******" + std::string(number.substr(9, 2));
}

std::string GenerateTcKimlikNo(std::uint64_t seed) {
    std::uint64_t state = seed;
    std::uint64_t bits = SplitMix64(state);
    std::array<int, 9> d{};
    d[0] = 1 + static_cast<int>(bits % 9);
    bits /= 9;
    for (std::size_t i = 1; i < d.size(); ++i) {
        d[i] = static_cast<int>(bits % 10);
        bits /= 10;
    }
    const auto check = CheckDigits(d);
    std::string out;
    out.reserve(kLength);
    for (int digit : d) out.push_back(static_cast<char>('0' + digit));
    out.push_back(static_cast<char>('0' + check[0]));
    out.push_back(static_cast<char>('0' + check[1]));
    return out;
}

}  // namespace alo153::core
