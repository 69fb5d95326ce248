#include "core/phone.hpp"

namespace alo153::core {
namespace {

constexpr std::string_view kField = "phone";
constexpr std::size_t kNationalDigits = 10;
// Enough for "+90 (532) 123-45-67" written generously; a longer input is not a phone number and is not scanned.
constexpr std::size_t kMaxInputLength = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsIgnoredSeparator(char c) {
    return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
}

Error PhoneError(std::string detail) {
    return MakeError(ErrorCode::kValidation, std::move(detail), std::string(kField));
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

Result<std::string> NormalizePhone(std::string_view input) {
    if (input.size() > kMaxInputLength) {
        return PhoneError("Telefon numarası çok uzun.");
    }
    std::string digits;
    bool plus = false;
    for (char c : input) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (!IsIgnoredSeparator(c)) {
            return PhoneError(
                "Telefon numarasında geçersiz karakter var; yalnızca rakam, boşluk, tire ve parantez "
                "kullanılabilir.");
        }
    }
    if (digits.empty()) {
        return PhoneError("Telefon numarası boş olamaz.");
    }

    // Strip the international prefix ("+90", "0090", "90") and then the trunk prefix "0"; what is left is the
    // national significant number. "+90 0532..." is a common mistake and is accepted too.
    std::string_view national = digits;
    if (plus) {
        if (!StartsWith(national, "90")) {
            return PhoneError("Yalnızca Türkiye telefon numaraları (+90) kabul edilir.");
        }
        national.remove_prefix(2);
    } else if (StartsWith(national, "00")) {
        if (!StartsWith(national, "0090")) {
            return PhoneError("Yalnızca Türkiye telefon numaraları (+90) kabul edilir.");
        }
        national.remove_prefix(4);
    } else if (national.size() == kNationalDigits + 2 && StartsWith(national, "90")) {
        national.remove_prefix(2);
    }
    if (national.size() == kNationalDigits + 1 && national.front() == '0') {
        national.remove_prefix(1);
    }

    if (national.size() != kNationalDigits) {
        return PhoneError("Telefon numarası alan koduyla birlikte 10 haneli olmalıdır (ör. 0532 123 45 67).");
    }
    switch (national.front()) {
        case '2':
        case '3':
        case '4':
        case '5':
        case '8':
            break;
        default:
            return PhoneError("Telefon numarası geçerli bir alan kodu veya operatör koduyla başlamıyor.");
    }
    return "+90" + std::string(national);
}

std::string MaskPhone(std::string_view e164) {
    if (e164.size() != 13 || !StartsWith(e164, "+90")) {
        return "***";
    }
    for (char c : e164.substr(1)) {
        if (!IsDigit(c)) {
            return "***";
        }
    }
    return "+90 " + std::string(e164.substr(3, 3)) + " *** ** " + std::string(e164.substr(11, 2));
}

std::string PhoneLastFour(std::string_view e164) {
    if (e164.size() < 4) {
        return {};
    }
    const std::string_view last = e164.substr(e164.size() - 4);
    for (char c : last) {
        if (!IsDigit(c)) {
            return {};
        }
    }
    return std::string(last);
}

}  // namespace alo153::core
