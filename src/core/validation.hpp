#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/utf8.hpp"  // IsValidUtf8, which CleanText applies

namespace alo153::core {

/// The number of code points in `text`, which must be valid UTF-8 (what people count as characters, near
/// enough for length limits; combining marks count separately).
std::size_t CodePointCount(std::string_view text);

/// Whether a coordinate lies in the bounding box of Turkey (lat 35.80–42.20, lon 25.60–44.90, edges included).
/// NaN and infinities are outside. A coarse check: it keeps swapped or zero coordinates out, not every point in
/// a neighbouring country.
bool IsInTurkey(double lat, double lon);

/// Cleans a free-text field received from outside: rejects invalid UTF-8 and control characters other than
/// \n, \r and \t; trims leading and trailing white space (ASCII, no-break and other Unicode spaces, BOM); then
/// rejects an empty value when `required` and a value of more than `max_chars` code points. Errors are
/// kValidation on `field`, with a Turkish sentence naming the field. Returns the trimmed text.
Result<std::string> CleanText(std::string_view input, std::string_view field, std::size_t max_chars, bool required);

}  // namespace alo153::core
