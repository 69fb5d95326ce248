#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/message.hpp"

namespace alo153::api::open311 {

/// Open311 answers keep the spec's element order, so documents are built as ordered JSON and written as
/// JSON or XML from the same value.
using Doc = nlohmann::ordered_json;

enum class Format { kXml, kJson };

/// One element of a flat record: lists of many items (requests, updates) are written from these directly,
/// without building a document first (GET requests answers 1,000 of them).
struct Field {
    enum class Kind { kString, kNumber, kBool, kNull };
    const char* name;  ///< a literal
    std::string value;
    Kind kind = Kind::kString;
};
using Record = std::vector<Field>;

/// Splits "services.xml" into ("services", kXml); none when the name does not end in .xml or .json.
std::optional<std::pair<std::string, Format>> SplitFormat(std::string_view file);

/// The XML element name of one item of a list named `plural` (services → service, service_requests → request).
std::string ItemName(std::string_view plural);

/// Writes `value` as an XML document whose root element is `root` (UTF-8, with a declaration). An array
/// becomes repeated ItemName(root) elements; an object's members become child elements in order, arrays
/// among them repeated ItemName(member) elements inside a `member` element; null becomes an empty element,
/// booleans "true"/"false".
std::string ToXml(const Doc& value, std::string_view root);

/// The document in `format` with `status` and the matching content type.
http::Response Render(Format format, int status, const Doc& value, std::string_view root);

/// A list of records in `format`: a JSON array of objects, or `root` with one ItemName(root) element per record.
http::Response RenderRecords(Format format, int status, const std::vector<Record>& records, std::string_view root);

/// The spec's error answer: <errors><error><code/><description/></error></errors>, or the JSON array of
/// {code, description}; `code` is the HTTP status.
http::Response RenderError(Format format, int status, std::string_view description);

}  // namespace alo153::api::open311
