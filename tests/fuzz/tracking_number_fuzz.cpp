// ParseTrackingNumber reads what a citizen types or reads out over the phone. Checks: no crash; a success is in
// range and survives FormatTrackingNumber -> ParseTrackingNumber unchanged; every failure is one of the two
// documented errors.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/tracking_number.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::core;

    const auto parsed = ParseTrackingNumber(input);
    if (!parsed) {
        const ErrorCode code = parsed.error().code;
        FUZZ_CHECK(code == ErrorCode::kValidation || code == ErrorCode::kBadTrackingNumber);
        return 0;
    }
    const TrackingNumber number = *parsed;
    FUZZ_CHECK(number.year >= 2000 && number.year <= 2099);
    FUZZ_CHECK(number.sequence >= 0);

    const std::string formatted = FormatTrackingNumber(number);
    const auto again = ParseTrackingNumber(formatted);
    FUZZ_CHECK(again && *again == number);
    FUZZ_CHECK(formatted.back() - '0' == TrackingCheckDigit(number.year, number.sequence));

    // Any single wrong digit is caught by the check digit (Damm); try the last digit of the sequence.
    std::string typo = formatted;
    const std::size_t last_sequence_digit = typo.size() - 3;
    typo[last_sequence_digit] =
        typo[last_sequence_digit] == '9' ? '0' : static_cast<char>(typo[last_sequence_digit] + 1);
    const auto wrong = ParseTrackingNumber(typo);
    FUZZ_CHECK(!wrong && wrong.error().code == ErrorCode::kBadTrackingNumber);
    return 0;
}
