#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace alo153::api {

/// ISO 8601 in Istanbul time with its offset, e.g. "2026-11-29T23:15:00+03:00".
std::string FormatTime(core::Time t);
/// Parses ISO 8601 with an offset or 'Z', or a plain date (Istanbul midnight). None on bad input.
std::optional<core::Time> ParseTime(std::string_view text);
/// "YYYY-MM-DD" of a local day number (days since epoch).
std::string FormatDay(std::int64_t local_day);

}  // namespace alo153::api
