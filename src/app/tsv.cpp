#include "app/tsv.hpp"

#include <stdexcept>

#include "alo153_app_embedded.hpp"

namespace alo153::app {

const std::string& TsvRow::operator[](std::string_view name) const {
    static const std::string kEmpty;
    for (std::size_t i = 0; i < header_->size(); ++i) {
        if ((*header_)[i] == name) {
            return i < fields_.size() ? fields_[i] : kEmpty;
        }
    }
    return kEmpty;
}

namespace {
std::vector<std::string> Split(std::string_view line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t tab = line.find('\t', start);
        out.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) {
            return out;
        }
        start = tab + 1;
    }
}
}  // namespace

core::Result<Tsv> ParseTsv(std::string_view text, std::string_view file_name) {
    Tsv tsv;
    std::shared_ptr<const std::vector<std::string>> header;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto fields = Split(line);
        if (!header) {
            header = std::make_shared<const std::vector<std::string>>(std::move(fields));
            continue;
        }
        if (fields.size() != header->size()) {
            return core::MakeError(core::ErrorCode::kValidation, std::string(file_name) + ":" +
                                                                     std::to_string(line_no) + ": " +
                                                                     std::to_string(fields.size()) + " alan var, " +
                                                                     std::to_string(header->size()) + " bekleniyordu");
        }
        tsv.rows.emplace_back(header, std::move(fields), line_no);
    }
    return tsv;
}

std::string_view EmbeddedDataFile(std::string_view file_name) {
    for (const auto& [name, content] : embedded::alo153_app::files()) {
        if (name == file_name) {
            return content;
        }
    }
    throw std::logic_error("data file not compiled in: " + std::string(file_name));
}

}  // namespace alo153::app
