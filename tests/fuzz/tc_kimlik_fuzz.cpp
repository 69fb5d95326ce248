// IsValidTcKimlikNo checks a citizen's T.C. kimlik no. Checks: it agrees with the rule as the header states
// it (computed independently below); masking always gives 11 characters and keeps only the first 3 and last 2;
// generated numbers are valid.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/tc_kimlik.hpp"
#include "fuzz_check.hpp"

namespace {

/// The rule of tc_kimlik.hpp, written out plainly.
bool ReferenceValid(std::string_view s) {
    if (s.size() != 11) return false;
    int d[11];
    for (int i = 0; i < 11; ++i) {
        const char c = s[static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') return false;
        d[i] = c - '0';
    }
    if (d[0] == 0) return false;
    const int odd = d[0] + d[2] + d[4] + d[6] + d[8];
    const int even = d[1] + d[3] + d[5] + d[7];
    const int tenth = (((odd * 7 - even) % 10) + 10) % 10;
    int sum = 0;
    for (int i = 0; i < 10; ++i) sum += d[i];
    return d[9] == tenth && d[10] == sum % 10;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::core;

    FUZZ_CHECK(IsValidTcKimlikNo(input) == ReferenceValid(input));

    const std::string masked = MaskTcKimlikNo(input);
    FUZZ_CHECK(masked.size() == 11);
    if (input.size() == 11) {
        FUZZ_CHECK(masked == std::string(input.substr(0, 3)) + "******" + std::string(input.substr(9)));
    } else {
        FUZZ_CHECK(masked == std::string(11, '*'));
    }

    std::uint64_t seed = 0;
    if (size > 0) {
        std::memcpy(&seed, data, size < sizeof seed ? size : sizeof seed);
    }
    const std::string generated = GenerateTcKimlikNo(seed);
    FUZZ_CHECK(ReferenceValid(generated));
    FUZZ_CHECK(GenerateTcKimlikNo(seed) == generated);
    return 0;
}
