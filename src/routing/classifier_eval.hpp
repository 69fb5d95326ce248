#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "routing/classifier.hpp"

namespace alo153::routing {

/// One evaluation line: the accepted top-level codes and the text.
struct EvalExample {
    std::vector<std::string> accepted;
    std::string text;
};

/// Parses an evaluation file: lines of `CODES<TAB>TEXT`, CODES one or more top-level codes separated by '|'.
/// '#' lines, blank lines and a "codes<TAB>text" header are skipped. Errors name the line.
core::Result<std::vector<EvalExample>> ParseEvalFile(std::string_view content);

/// Every Turkish letter replaced by its ASCII look-alike (ç→c, ğ→g, ı→i, İ→I, ö→o, ş→s, ü→u, â→a...) and
/// then ASCII lower-cased: the text as typed on a phone without a Turkish keyboard.
std::string AsciiLookalikeLower(std::string_view utf8);

/// Accuracy at the top-level category, as people see it: a hit at k when one of the first k suggestions
/// belongs to an accepted top-level category.
struct EvalReport {
    struct PerCategory {
        int examples = 0;  ///< texts whose (first) accepted code is this one
        int top1 = 0;
        int top3 = 0;
        int predicted = 0;  ///< texts whose first suggestion is in this category
        int predicted_right = 0;
    };
    int examples = 0;
    int top1 = 0;
    int top3 = 0;
    int no_suggestion = 0;
    int low_confidence = 0;
    std::map<std::string, PerCategory> by_category;
    /// (true code, predicted top-level code or "-") → count, for the confusion matrix.
    std::map<std::pair<std::string, std::string>, int> confusion;

    double Top1() const { return examples ? static_cast<double>(top1) / examples : 0; }
    double Top3() const { return examples ? static_cast<double>(top3) / examples : 0; }
    /// The mean over categories of the F1 of the first suggestion.
    double MacroF1() const;
};

/// Runs `suggest` (top 3 wanted) on every example.
EvalReport Evaluate(const std::vector<EvalExample>& examples,
                    const std::function<Suggestions(const std::string& text)>& suggest);

/// The report as text: totals, a per-category table and the confusion matrix (rows: true, columns: predicted).
std::string FormatEvalReport(const EvalReport& report);

}  // namespace alo153::routing
