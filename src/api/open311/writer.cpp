#include "api/open311/writer.hpp"

#include <pugixml.hpp>

namespace alo153::api::open311 {
namespace {

/// Collects pugixml's output into a string.
struct StringWriter final : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

void Append(pugi::xml_node parent, std::string_view name, const Doc& value);

void Fill(pugi::xml_node node, std::string_view name, const Doc& value) {
    if (value.is_array()) {
        const std::string item = ItemName(name);
        for (const auto& v : value) {
            Append(node, item, v);
        }
    } else if (value.is_object()) {
        for (const auto& [key, v] : value.items()) {
            Append(node, key, v);
        }
    } else if (value.is_string()) {
        node.text().set(value.get_ref<const std::string&>().c_str());
    } else if (value.is_boolean()) {
        node.text().set(value.get<bool>() ? "true" : "false");
    } else if (!value.is_null()) {
        node.text().set(value.dump().c_str());
    }
}

void Append(pugi::xml_node parent, std::string_view name, const Doc& value) {
    pugi::xml_node node = parent.append_child(std::string(name).c_str());
    Fill(node, name, value);
}

/// Appends `text` as a JSON string (quotes, backslashes and control characters escaped; UTF-8 kept).
void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the pending run of characters that need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out += kHex[(c >> 4) & 15];
                out += kHex[c & 15];
        }
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

}  // namespace

std::optional<std::pair<std::string, Format>> SplitFormat(std::string_view file) {
    for (auto [suffix, format] :
         {std::pair{std::string_view(".xml"), Format::kXml}, std::pair{std::string_view(".json"), Format::kJson}}) {
        if (file.size() > suffix.size() && file.substr(file.size() - suffix.size()) == suffix) {
            return std::make_pair(std::string(file.substr(0, file.size() - suffix.size())), format);
        }
    }
    return std::nullopt;
}

std::string ItemName(std::string_view plural) {
    if (plural == "service_requests") {
        return "request";
    }
    if (plural == "service_request_updates") {
        return "request_update";
    }
    if (plural.size() > 1 && plural.back() == 's') {
        return std::string(plural.substr(0, plural.size() - 1));
    }
    return std::string(plural) + "_item";
}

std::string ToXml(const Doc& value, std::string_view root) {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "utf-8";
    Append(doc, root, value);
    StringWriter writer;
    doc.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
    return std::move(writer.out);
}

http::Response Render(Format format, int status, const Doc& value, std::string_view root) {
    http::Response r;
    r.status = status;
    if (format == Format::kXml) {
        r.content_type = "text/xml; charset=utf-8";
        r.body = ToXml(value, root);
    } else {
        r.content_type = "application/json; charset=utf-8";
        r.body = value.dump(-1, ' ', false, Doc::error_handler_t::replace);
    }
    return r;
}

http::Response RenderRecords(Format format, int status, const std::vector<Record>& records, std::string_view root) {
    http::Response r;
    r.status = status;
    if (format == Format::kXml) {
        pugi::xml_document doc;
        pugi::xml_node decl = doc.append_child(pugi::node_declaration);
        decl.append_attribute("version") = "1.0";
        decl.append_attribute("encoding") = "utf-8";
        pugi::xml_node list = doc.append_child(std::string(root).c_str());
        const std::string item = ItemName(root);
        for (const auto& record : records) {
            pugi::xml_node node = list.append_child(item.c_str());
            for (const auto& f : record) {
                pugi::xml_node child = node.append_child(f.name);
                if (f.kind != Field::Kind::kNull && !f.value.empty()) {
                    child.append_child(pugi::node_pcdata).set_value(f.value.c_str());
                }
            }
        }
        StringWriter writer;
        writer.out.reserve(records.size() * 1100 + 128);  // one allocation for a typical answer, not a series
        doc.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
        r.content_type = "text/xml; charset=utf-8";
        r.body = std::move(writer.out);
        return r;
    }
    std::string& out = r.body;
    out.reserve(records.size() * 800);
    out += '[';
    for (std::size_t i = 0; i < records.size(); ++i) {
        out += i == 0 ? "{" : ",{";
        bool first = true;
        for (const auto& f : records[i]) {
            if (!first) {
                out += ',';
            }
            first = false;
            AppendJsonString(out, f.name);
            out += ':';
            switch (f.kind) {
                case Field::Kind::kString:
                    AppendJsonString(out, f.value);
                    break;
                case Field::Kind::kNumber:
                case Field::Kind::kBool:
                    out += f.value;
                    break;
                case Field::Kind::kNull:
                    out += "null";
                    break;
            }
        }
        out += '}';
    }
    out += ']';
    r.content_type = "application/json; charset=utf-8";
    return r;
}

http::Response RenderError(Format format, int status, std::string_view description) {
    Doc errors = Doc::array();
    errors.push_back(Doc{{"code", status}, {"description", description}});
    return Render(format, status, errors, "errors");
}

}  // namespace alo153::api::open311
