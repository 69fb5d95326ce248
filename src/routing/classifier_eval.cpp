#include "routing/classifier_eval.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/utf8.hpp"

namespace alo153::routing {
namespace {

std::vector<std::string> SplitBar(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t bar = s.find('|', start);
        if (bar == std::string_view::npos) {
            bar = s.size();
        }
        if (bar > start) {
            out.emplace_back(s.substr(start, bar - start));
        }
        start = bar + 1;
    }
    return out;
}

std::string Pct(double x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%5.1f%%", 100 * x);
    return buf;
}

}  // namespace

core::Result<std::vector<EvalExample>> ParseEvalFile(std::string_view content) {
    std::vector<EvalExample> out;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos) {
            end = content.size();
        }
        std::string_view line = content.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#' || line == "codes\ttext") {
            continue;
        }
        std::size_t tab = line.find('\t');
        auto codes = tab == std::string_view::npos ? std::vector<std::string>{} : SplitBar(line.substr(0, tab));
        if (codes.empty() || tab + 1 >= line.size()) {
            return core::MakeError(core::ErrorCode::kValidation,
                                   "satır " + std::to_string(line_no) + ": 'KODLAR<TAB>METİN' bekleniyordu", "file");
        }
        out.push_back({std::move(codes), std::string(line.substr(tab + 1))});
    }
    return out;
}

std::string AsciiLookalikeLower(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        auto step = core::DecodeUtf8At(utf8, i);
        const bool valid = step.length > 0;
        char32_t cp = valid ? step.code_point : U'?';
        i += valid ? step.length : 1;
        switch (cp) {
            case U'ç':
            case U'Ç':
                out += 'c';
                continue;
            case U'ğ':
            case U'Ğ':
                out += 'g';
                continue;
            case U'ı':
            case U'I':
            case U'İ':
            case U'î':
            case U'Î':
                out += 'i';
                continue;
            case U'ö':
            case U'Ö':
                out += 'o';
                continue;
            case U'ş':
            case U'Ş':
                out += 's';
                continue;
            case U'ü':
            case U'Ü':
            case U'û':
            case U'Û':
                out += 'u';
                continue;
            case U'â':
            case U'Â':
                out += 'a';
                continue;
            default:
                break;
        }
        if (cp < 0x80) {
            out += static_cast<char>(cp >= U'A' && cp <= U'Z' ? cp - U'A' + U'a' : cp);
        } else {
            core::AppendUtf8(out, cp);
        }
    }
    return out;
}

double EvalReport::MacroF1() const {
    double sum = 0;
    int n = 0;
    for (const auto& [code, c] : by_category) {
        if (c.examples == 0) {
            continue;
        }
        double precision = c.predicted ? static_cast<double>(c.predicted_right) / c.predicted : 0;
        double recall = static_cast<double>(c.top1) / c.examples;
        sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        ++n;
    }
    return n ? sum / n : 0;
}

EvalReport Evaluate(const std::vector<EvalExample>& examples,
                    const std::function<Suggestions(const std::string& text)>& suggest) {
    EvalReport r;
    for (const auto& e : examples) {
        Suggestions s = suggest(e.text);
        std::set<std::string> accepted(e.accepted.begin(), e.accepted.end());
        ++r.examples;
        auto& truth = r.by_category[e.accepted.front()];
        ++truth.examples;
        r.no_suggestion += s.items.empty() ? 1 : 0;
        r.low_confidence += s.low_confidence ? 1 : 0;
        bool hit1 = !s.items.empty() && accepted.count(s.items.front().top) != 0;
        bool hit3 = false;
        for (std::size_t k = 0; k < s.items.size() && k < 3; ++k) {
            hit3 = hit3 || accepted.count(s.items[k].top) != 0;
        }
        r.top1 += hit1 ? 1 : 0;
        r.top3 += hit3 ? 1 : 0;
        truth.top1 += hit1 ? 1 : 0;
        truth.top3 += hit3 ? 1 : 0;
        const std::string predicted = s.items.empty() ? "-" : s.items.front().top;
        if (!s.items.empty()) {
            auto& p = r.by_category[predicted];
            ++p.predicted;
            p.predicted_right += hit1 ? 1 : 0;
        }
        // A hit on any accepted code counts on the diagonal of the first accepted code.
        r.confusion[{e.accepted.front(), hit1 ? e.accepted.front() : predicted}] += 1;
    }
    return r;
}

std::string FormatEvalReport(const EvalReport& r) {
    std::string out;
    char buf[256];
    std::snprintf(
        buf, sizeof buf, "examples %d   top-1 %s   top-3 %s   macro-F1 %.3f   no suggestion %d   low confidence %d\n\n",
        r.examples, Pct(r.Top1()).c_str(), Pct(r.Top3()).c_str(), r.MacroF1(), r.no_suggestion, r.low_confidence);
    out += buf;
    std::snprintf(buf, sizeof buf, "%-14s %5s %7s %7s %9s %7s\n", "category", "n", "top-1", "top-3", "precision", "F1");
    out += buf;
    std::vector<std::string> codes;
    for (const auto& [code, c] : r.by_category) {
        if (c.examples == 0) {
            continue;
        }
        codes.push_back(code);
        double precision = c.predicted ? static_cast<double>(c.predicted_right) / c.predicted : 0;
        double recall = static_cast<double>(c.top1) / c.examples;
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        std::snprintf(buf, sizeof buf, "%-14s %5d %7s %7s %9s %7.3f\n", code.c_str(), c.examples, Pct(recall).c_str(),
                      Pct(static_cast<double>(c.top3) / c.examples).c_str(), Pct(precision).c_str(), f1);
        out += buf;
    }
    std::vector<std::string> columns = codes;
    for (const auto& [key, n] : r.confusion) {
        if (std::find(columns.begin(), columns.end(), key.second) == columns.end()) {
            columns.push_back(key.second);
        }
    }
    out += "\nconfusion (rows: true, columns: first suggestion; columns by the first 4 letters of the code)\n";
    std::snprintf(buf, sizeof buf, "%-14s", "");
    out += buf;
    for (const auto& c : columns) {
        std::snprintf(buf, sizeof buf, " %4.4s", c.c_str());
        out += buf;
    }
    out += '\n';
    for (const auto& row : codes) {
        std::snprintf(buf, sizeof buf, "%-14s", row.c_str());
        out += buf;
        for (const auto& col : columns) {
            auto it = r.confusion.find({row, col});
            if (it == r.confusion.end()) {
                out += "    .";
            } else {
                std::snprintf(buf, sizeof buf, " %4d", it->second);
                out += buf;
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace alo153::routing
