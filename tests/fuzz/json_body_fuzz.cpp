// Body::Parse reads every JSON request body the API receives. Checks: no crash; it accepts exactly the bodies
// that are a JSON object; the size limit and the content type are enforced first; the typed accessors never
// throw whatever the type of a member, and the first wrong type is the error reported, naming its field.

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/handler_support.hpp"
#include "fuzz_check.hpp"

namespace {

using alo153::api::Body;
using alo153::api::Json;

/// Calls every accessor on every member (and on the members of nested objects, a few levels down), the way
/// handlers do with the names they expect.
/// Returns the name of the first member that is not null (handlers' names are C strings: members whose name
/// holds a NUL are skipped), or "code" if there is none.
std::string Walk(Body& body, const Json& json, int depth) {
    std::string first = "code";
    if (depth > 3) return first;
    for (const auto& [key, value] : json.items()) {
        if (key.find('\0') != std::string::npos) continue;
        const char* name = key.c_str();
        if (first == "code" && !value.is_null()) first = key;
        FUZZ_CHECK(body.Raw(name) != nullptr || value.is_null());
        FUZZ_CHECK(body.Has(name) == !value.is_null());
        const auto s = body.Str(name);
        FUZZ_CHECK(s.has_value() == value.is_string());
        const auto i = body.Int(name);
        FUZZ_CHECK(i.has_value() == value.is_number_integer());
        const auto n = body.Num(name);
        FUZZ_CHECK(n.has_value() == value.is_number());
        const auto b = body.Bool(name);
        FUZZ_CHECK(b.has_value() == value.is_boolean());
        auto nested = body.Object(name);
        FUZZ_CHECK(nested.has_value() == value.is_object());
        if (nested) {
            Walk(*nested, value, depth + 1);
        }
        if (!value.is_null()) {
            // Every type fails at least one of Str() and Int(), so an error is recorded by now.
            FUZZ_CHECK(!body.Status().ok());
        }
    }
    body.BadCode("code");
    FUZZ_CHECK(!body.Status().ok());
    return first;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace alo153;
    api::http::Request req;
    req.method = "POST";
    req.target = req.path = "/api/v1/requests";
    req.headers.emplace_back("content-type", "application/json; charset=utf-8");
    req.body.assign(reinterpret_cast<const char*>(data), size);

    const Json reference = Json::parse(req.body, nullptr, false);
    const bool is_object = !reference.is_discarded() && reference.is_object();

    auto parsed = api::Body::Parse(req, size);
    FUZZ_CHECK(parsed.ok() == is_object);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == core::ErrorCode::kValidation);
    } else {
        const std::string first = Walk(*parsed, reference, 0);
        const auto status = parsed->Status();
        FUZZ_CHECK(!status.ok());
        FUZZ_CHECK(status.error().field == first);
    }

    if (size > 0) {
        const auto too_large = api::Body::Parse(req, size - 1);
        FUZZ_CHECK(!too_large && too_large.error().code == core::ErrorCode::kPayloadTooLarge);
    }
    req.headers.back().second = "text/plain";
    const auto wrong_type = api::Body::Parse(req, size);
    FUZZ_CHECK(!wrong_type && wrong_type.error().code == core::ErrorCode::kUnsupportedMedia);
    return 0;
}
