#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace alo153::core {

/// The number citizens see for a request (takip numarası): the year it was opened and its sequence within that
/// year. Written "YYYY-SSSSSS-C", e.g. "2026-004512-3", with a check digit C.
struct TrackingNumber {
    int year = 0;
    std::int64_t sequence = 0;

    friend bool operator==(const TrackingNumber&, const TrackingNumber&) = default;
};

/// The check digit of a tracking number: the Damm algorithm over the four digits of `year` followed by the digits
/// of `sequence` zero-padded to at least six. Damm is used (not Luhn or mod 11) because it catches every
/// single-digit error and every swap of two adjacent digits — the two mistakes people make reading a number over
/// the phone — and always yields a digit 0–9. Preconditions: 0 <= year <= 9999, sequence >= 0.
int TrackingCheckDigit(int year, std::int64_t sequence);

/// Formats as "YYYY-SSSSSS-C": the sequence zero-padded to six digits (more when larger), C its check digit.
std::string FormatTrackingNumber(const TrackingNumber& number);

/// Parses what a citizen types or reads out: "2026-004512-3", "2026 004512 3" or "20260045123" (digits only:
/// the first four are the year, the last the check digit, the middle the sequence), with surrounding spaces.
/// Errors: kValidation (field "tracking_number") if malformed — letters, wrong group sizes, year outside
/// 2000–2099, empty; kBadTrackingNumber if well-formed but the check digit does not match.
Result<TrackingNumber> ParseTrackingNumber(std::string_view text);

}  // namespace alo153::core
