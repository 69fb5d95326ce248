#include "api/open311/form.hpp"

#include "core/utf8.hpp"

namespace alo153::api::open311 {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// Decodes one name or value; false for a truncated or non-hex escape or an encoded NUL.
bool Decode(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) {
                return false;
            }
            const int high = HexValue(in[i + 1]);
            const int low = HexValue(in[i + 2]);
            if (high < 0 || low < 0 || (high == 0 && low == 0)) {
                return false;
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+') {
            out += ' ';
        } else if (c == '\0') {
            return false;
        } else {
            out += c;
        }
    }
    return true;
}

}  // namespace

core::Result<Form> Form::Parse(std::string_view body) {
    Form form;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto equals = pair.find('=');
        std::string name;
        std::string value;
        if (!Decode(pair.substr(0, equals), name)) {
            return core::MakeError(core::ErrorCode::kValidation, "Form alanının adı hatalı kodlanmış.");
        }
        if (!core::IsValidUtf8(name)) {
            return core::MakeError(core::ErrorCode::kValidation, "Form alanının adı geçerli UTF-8 değil.");
        }
        if (equals != std::string_view::npos && !Decode(pair.substr(equals + 1), value)) {
            return core::MakeError(core::ErrorCode::kValidation, name + " alanı hatalı kodlanmış.", name);
        }
        if (!core::IsValidUtf8(value)) {
            return core::MakeError(core::ErrorCode::kValidation, name + " alanı geçerli UTF-8 değil.", name);
        }
        form.fields_.emplace_back(std::move(name), std::move(value));
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
