#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alo153::core {

/// Whether `number` is a well-formed T.C. kimlik no: exactly 11 ASCII digits, the first not 0, the 10th digit
/// equal to ((d1+d3+d5+d7+d9)*7 − (d2+d4+d6+d8)) mod 10 and the 11th to (d1+…+d10) mod 10. Only the check
/// digits are verified; whether such a person exists is not knowable here.
bool IsValidTcKimlikNo(std::string_view number);

/// Masks a T.C. kimlik no for display to staff who may not see it: first 3 and last 2 digits stay,
/// "123******45". Input that is not 11 characters is masked completely, so a bad value never leaks.
std::string MaskTcKimlikNo(std::string_view number);

/// A valid T.C. kimlik no derived deterministically from `seed` (same seed, same number), for demo and test data.
std::string GenerateTcKimlikNo(std::uint64_t seed);

}  // namespace alo153::core
