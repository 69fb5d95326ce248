#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace alo153::api::open311 {

/// The fields of an application/x-www-form-urlencoded body (the encoding Open311 clients POST), in order,
/// repeats kept.
class Form {
  public:
    /// Parses `body`: '&'-separated name=value pairs, '+' as space, %XX escapes. Every name and value must be
    /// valid UTF-8 after decoding and contain no NUL. Errors are kValidation naming the field when known.
    static core::Result<Form> Parse(std::string_view body);

    /// Adds the pairs of another source (e.g. the query string) after this form's own.
    void Append(const std::vector<std::pair<std::string, std::string>>& pairs);

    /// The first value of `name`, if given.
    std::optional<std::string> Get(std::string_view name) const;
    /// attribute[code] and attribute[code][] pairs as (code, value), in order.
    std::vector<std::pair<std::string, std::string>> Attributes() const;
    const std::vector<std::pair<std::string, std::string>>& Fields() const { return fields_; }

  private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace alo153::api::open311
