#include "core/tracking_number.hpp"

#include <array>
#include <cstdio>

namespace alo153::core {
namespace {

constexpr std::string_view kField = "tracking_number";
constexpr std::size_t kYearDigits = 4;
constexpr std::size_t kMinSequenceDigits = 6;
// A longer sequence could overflow int64 and no municipality opens 10^15 requests a year.
constexpr std::size_t kMaxSequenceDigits = 15;
constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2099;

// Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
constexpr std::array<std::array<int, 10>, 10> kDamm = {{
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}};

/// Year and sequence as the digit string the check digit covers: "2026" + "004512".
std::string Digits(int year, std::int64_t sequence) {
    std::array<char, 32> buf{};
    const int n = std::snprintf(buf.data(), buf.size(), "%04d%06lld", year, static_cast<long long>(sequence));
    return std::string(buf.data(), static_cast<std::size_t>(n));
}

int Damm(std::string_view digits) {
    int interim = 0;
    for (char c : digits) {
        interim = kDamm[static_cast<std::size_t>(interim)][static_cast<std::size_t>(c - '0')];
    }
    return interim;
}

Error Malformed() {
    return MakeError(ErrorCode::kValidation, "Takip numarası YYYY-NNNNNN-K biçiminde olmalıdır (ör. 2026-004512-3).",
                     std::string(kField));
}

bool AllDigits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return !s.empty();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

int TrackingCheckDigit(int year, std::int64_t sequence) { return Damm(Digits(year, sequence)); }

std::string FormatTrackingNumber(const TrackingNumber& number) {
    const std::string digits = Digits(number.year, number.sequence);
    std::string out;
    out.reserve(digits.size() + 4);
    out.append(digits, 0, kYearDigits);
    out.push_back('-');
    out.append(digits, kYearDigits);
    out.push_back('-');
    out.push_back(static_cast<char>('0' + Damm(digits)));
    return out;
}

Result<TrackingNumber> ParseTrackingNumber(std::string_view text) {
    text = Trim(text);
    std::string_view year_part;
    std::string_view sequence_part;
    std::string_view check_part;
    const std::size_t first_sep = text.find_first_of("- ");
    if (first_sep == std::string_view::npos) {
        if (text.size() < kYearDigits + kMinSequenceDigits + 1) {
            return Malformed();
        }
        year_part = text.substr(0, kYearDigits);
        sequence_part = text.substr(kYearDigits, text.size() - kYearDigits - 1);
        check_part = text.substr(text.size() - 1);
    } else {
        const std::size_t second_sep = text.find_first_of("- ", first_sep + 1);
        if (second_sep == std::string_view::npos) {
            return Malformed();
        }
        year_part = text.substr(0, first_sep);
        sequence_part = text.substr(first_sep + 1, second_sep - first_sep - 1);
        check_part = text.substr(second_sep + 1);
    }
    if (year_part.size() != kYearDigits || check_part.size() != 1 || sequence_part.size() < kMinSequenceDigits ||
        sequence_part.size() > kMaxSequenceDigits || !AllDigits(year_part) || !AllDigits(sequence_part) ||
        !AllDigits(check_part)) {
        return Malformed();
    }
    // Padding beyond six digits is not how numbers are written, and it would change the check digit.
    if (sequence_part.size() > kMinSequenceDigits && sequence_part.front() == '0') {
        return Malformed();
    }

    TrackingNumber number;
    number.year =
        (year_part[0] - '0') * 1000 + (year_part[1] - '0') * 100 + (year_part[2] - '0') * 10 + (year_part[3] - '0');
    if (number.year < kMinYear || number.year > kMaxYear) {
        return MakeError(ErrorCode::kValidation, "Takip numarasındaki yıl 2000 ile 2099 arasında olmalıdır.",
                         std::string(kField));
    }
    for (char c : sequence_part) {
        number.sequence = number.sequence * 10 + (c - '0');
    }
    if (TrackingCheckDigit(number.year, number.sequence) != check_part[0] - '0') {
        return MakeError(ErrorCode::kBadTrackingNumber,
                         "Takip numarası hatalı: kontrol hanesi tutmuyor. Numarayı kontrol edip yeniden deneyin.",
                         std::string(kField));
    }
    return number;
}

}  // namespace alo153::core
