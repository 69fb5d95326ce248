#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace alo153::app {

/// One row of a TSV data file, by column name.
class TsvRow {
  public:
    TsvRow(std::shared_ptr<const std::vector<std::string>> header, std::vector<std::string> fields, int line)
        : header_(std::move(header)), fields_(std::move(fields)), line_(line) {}
    /// The field in column `name`; empty when the column does not exist.
    const std::string& operator[](std::string_view name) const;
    int Line() const { return line_; }

  private:
    std::shared_ptr<const std::vector<std::string>> header_;
    std::vector<std::string> fields_;
    int line_;
};

/// A parsed TSV data file (data/): '#' lines are comments, the first other line names the columns.
struct Tsv {
    std::vector<TsvRow> rows;
};

/// Parses `text`; a row with a different number of fields than the header is an error naming its line.
core::Result<Tsv> ParseTsv(std::string_view text, std::string_view file_name);

/// The content of a data file compiled into the binary (data/seed, data/gazetteer, data/calendar).
std::string_view EmbeddedDataFile(std::string_view file_name);

}  // namespace alo153::app
