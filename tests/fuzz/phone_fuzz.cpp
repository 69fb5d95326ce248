// NormalizePhone takes whatever a citizen or an operator typed. Checks: no crash; a success is a Turkish E.164
// number that normalises to itself and masks to "+90 5xx *** ** xx"; masking and the last four digits never
// leak anything from a value that is not a normalised number.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/phone.hpp"
#include "fuzz_check.hpp"

namespace {

bool AllDigits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153::core;

    const auto phone = NormalizePhone(input);
    if (phone) {
        const std::string& e164 = *phone;
        FUZZ_CHECK(e164.size() == 13);
        FUZZ_CHECK(e164.substr(0, 3) == "+90");
        FUZZ_CHECK(AllDigits(e164.substr(1)));
        FUZZ_CHECK(std::string_view("23458").find(e164[3]) != std::string_view::npos);
        const auto again = NormalizePhone(e164);
        FUZZ_CHECK(again && *again == e164);
        const std::string masked = MaskPhone(e164);
        FUZZ_CHECK(masked == "+90 " + e164.substr(3, 3) + " *** ** " + e164.substr(11, 2));
        FUZZ_CHECK(PhoneLastFour(e164) == e164.substr(9));
    } else {
        FUZZ_CHECK(phone.error().code == ErrorCode::kValidation);
        FUZZ_CHECK(phone.error().field == "phone");
    }

    const std::string masked = MaskPhone(input);
    FUZZ_CHECK(masked == "***" || masked.size() == 17);
    const std::string last_four = PhoneLastFour(input);
    FUZZ_CHECK(last_four.empty() || (last_four.size() == 4 && AllDigits(last_four)));
    return 0;
}
