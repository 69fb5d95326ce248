#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace alo153::core {

/// Normalises a Turkish phone number written any common way ("0532 123 45 67", "5321234567",
/// "+90 (532) 123-45-67", "0090 532 123 4567", "90 532 1234567", "0 (362) 431 11 53") to E.164: "+905321234567".
/// Spaces, dashes, dots, slashes and parentheses are ignored. The national number must have 10 digits and start
/// with 2, 3 or 4 (landlines), 5 (mobile) or 8 (850 and other non-geographic numbers). Anything else — letters,
/// too few or too many digits, a foreign country code, a short number such as 444 1 153 — is a kValidation error
/// on field "phone".
Result<std::string> NormalizePhone(std::string_view input);

/// Shows a normalised number the way staff without the right to see it do: "+90 532 *** ** 67". Anything that is
/// not a normalised Turkish number is masked completely ("***"), so a bad value never leaks.
std::string MaskPhone(std::string_view e164);

/// The last four digits of a normalised number ("4567"), which a caller can be asked to confirm; empty if the
/// input has fewer than four digits at its end.
std::string PhoneLastFour(std::string_view e164);

}  // namespace alo153::core
