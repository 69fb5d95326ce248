#include "api/open311/form.hpp"

#include "api/http/target.hpp"
#include "core/utf8.hpp"

namespace alo153::api::open311 {
core::Result<Form> Form::Parse(std::string_view body) {
    Form form;
    const auto decode_error = http::ParseQuery(body, form.fields_);
    // The pairs before a badly encoded one are checked first, so that the first bad pair is the one reported.
    for (const auto& [name, value] : form.fields_) {
        if (!core::IsValidUtf8(name)) {
            return core::MakeError(core::ErrorCode::kValidation, "Form alanının adı geçerli UTF-8 değil.");
        }
        if (!core::IsValidUtf8(value)) {
            return core::MakeError(core::ErrorCode::kValidation, name + " alanı geçerli UTF-8 değil.", name);
        }
    }
    if (decode_error && !decode_error->in_value) {
        return core::MakeError(core::ErrorCode::kValidation, "Form alanının adı hatalı kodlanmış.");
    }
    if (decode_error) {
        const std::string& name = decode_error->name;
        if (!core::IsValidUtf8(name)) {
            return core::MakeError(core::ErrorCode::kValidation, "Form alanının adı geçerli UTF-8 değil.");
        }
        return core::MakeError(core::ErrorCode::kValidation, name + " alanı hatalı kodlanmış.", name);
    }
    return form;
}

void Form::Append(const std::vector<std::pair<std::string, std::string>>& pairs) {
    fields_.insert(fields_.end(), pairs.begin(), pairs.end());
}

std::optional<std::string> Form::Get(std::string_view name) const {
    for (const auto& [k, v] : fields_) {
        if (k == name) {
            return v;
        }
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Form::Attributes() const {
    std::vector<std::pair<std::string, std::string>> out;
    constexpr std::string_view kPrefix = "attribute[";
    for (const auto& [k, v] : fields_) {
        if (k.size() <= kPrefix.size() + 1 || k.compare(0, kPrefix.size(), kPrefix) != 0) {
            continue;
        }
        std::string_view rest = std::string_view(k).substr(kPrefix.size());
        const auto close = rest.find(']');
        if (close == std::string_view::npos || close == 0) {
            continue;
        }
        std::string_view tail = rest.substr(close + 1);
        if (!tail.empty() && tail != "[]") {
            continue;
        }
        out.emplace_back(std::string(rest.substr(0, close)), v);
    }
    return out;
}

}  // namespace alo153::api::open311
