// ParseTsv reads the seed and gazetteer data files (data/), which municipalities edit to load their own catalog.
// Checks: no crash; each row has the header's columns, in file order, with no tab or newline inside a field;
// the only failure is a validation error naming the file.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/tsv.hpp"
#include "fuzz_check.hpp"

namespace {

/// The column names: the first line that is neither empty nor a '#' comment, split at tabs.
std::vector<std::string> HeaderOf(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string> names;
        std::size_t start = 0;
        for (;;) {
            const std::size_t tab = line.find('\t', start);
            names.emplace_back(
                line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (tab == std::string_view::npos) return names;
            start = tab + 1;
        }
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace alo153;

    const auto parsed = app::ParseTsv(input, "fuzz.tsv");
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == core::ErrorCode::kValidation);
        FUZZ_CHECK(parsed.error().detail.rfind("fuzz.tsv:", 0) == 0);
        return 0;
    }
    const std::vector<std::string> header = HeaderOf(input);
    int previous_line = 1;  // the header's line is at least 1, and rows come after it
    for (const app::TsvRow& row : parsed->rows) {
        FUZZ_CHECK(row.Line() > previous_line);
        previous_line = row.Line();
        for (const std::string& name : header) {
            const std::string& field = row[name];
            FUZZ_CHECK(field.find('\t') == std::string::npos);
            FUZZ_CHECK(field.find('\n') == std::string::npos);
        }
        FUZZ_CHECK(row["no such column \t"].empty());
    }
    return 0;
}
