#include "api/open311/open311_api.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "api/open311/form.hpp"
#include "api/open311/writer.hpp"
#include "api/problem.hpp"
#include "api/time_format.hpp"
#include "core/utf8.hpp"

namespace alo153::api::open311 {
namespace {

using http::Request;
using http::Response;

constexpr const char* kBase = "/open311/v2";
constexpr const char* kSpec = "http://wiki.open311.org/GeoReport_v2";
constexpr const char* kChangeset = "2026-11-29T00:00:00+03:00";

/// A domain error in Open311's error format, with the status the one mapping (problem.hpp) gives Open311.
Response Error(Format format, const core::Error& e) {
    const ClientError described = Describe(e, Audience::kOpen311);
    const bool internal = described.status >= 500;
    std::string description = e.field.empty() || internal ? described.detail : e.field + ": " + described.detail;
    return RenderError(format, described.status, description);
}

core::Error NotFound(std::string detail) { return core::MakeError(core::ErrorCode::kNotFound, std::move(detail)); }

core::Error Invalid(std::string detail, std::string field) {
    return core::MakeError(core::ErrorCode::kValidation, std::move(detail), std::move(field));
}

/// The parameters of a request: the query string, and for POST the form body before it.
core::Result<Form> Params(const Context& ctx, const Request& req) {
    Form form;
    if (req.method == "POST") {
        if (req.body.size() > ctx.config.json_limit) {
            return core::MakeError(core::ErrorCode::kPayloadTooLarge, "İstek gövdesi çok büyük.");
        }
        if (auto ct = req.Header("content-type");
            ct && ct->find("application/x-www-form-urlencoded") == std::string_view::npos) {
            return Invalid("İstek gövdesi application/x-www-form-urlencoded olmalı.", "Content-Type");
        }
        auto parsed = Form::Parse(req.body);
        ALO153_TRY(parsed);
        form = std::move(parsed).value();
    }
    for (const auto& [k, v] : req.query) {
        if (!core::IsValidUtf8(k) || !core::IsValidUtf8(v)) {
            return Invalid("Sorgu parametresi geçerli UTF-8 değil.", k);
        }
    }
    form.Append(req.query);
    return form;
}

/// jurisdiction_id is optional for a single-jurisdiction server; when given it must be ours.
core::Result<void> CheckJurisdiction(const Context& ctx, const Form& form) {
    auto j = form.Get("jurisdiction_id");
    if (j && *j != ctx.config.open311_jurisdiction) {
        return core::MakeError(core::ErrorCode::kNotFound, "Bilinmeyen yetki alanı (jurisdiction_id): " + *j,
                               "jurisdiction_id");
    }
    return core::Ok();
}

/// The principal of the api_key parameter; a missing or wrong key is 403 for Open311.
core::Result<app::Principal> ApiKey(const Context& ctx, const Form& form) {
    auto key = form.Get("api_key");
    if (!key || key->empty()) {
        return core::MakeError(core::ErrorCode::kForbidden, "api_key gerekli.", "api_key");
    }
    auto who = ctx.app.Auth().FromApiKey(*key);
    if (!who.ok()) {
        return core::MakeError(core::ErrorCode::kForbidden, "api_key geçersiz veya iptal edilmiş.", "api_key");
    }
    return who;
}

core::Result<std::optional<double>> Coordinate(const Form& form, const char* name, double min, double max) {
    auto text = form.Get(name);
    if (!text || text->empty()) {
        return std::optional<double>{};
    }
    double v = 0;
    auto r = std::from_chars(text->data(), text->data() + text->size(), v);
    if (r.ec != std::errc() || r.ptr != text->data() + text->size() || !std::isfinite(v) || v < min || v > max) {
        return Invalid(std::string(name) + " geçerli bir koordinat değil: " + *text, name);
    }
    return std::optional<double>{v};
}

core::Result<std::optional<core::Time>> TimeParam(const Form& form, const char* name) {
    auto text = form.Get(name);
    if (!text || text->empty()) {
        return std::optional<core::Time>{};
    }
    auto t = ParseTime(*text);
    if (!t) {
        return Invalid(std::string(name) + " W3C/ISO 8601 biçiminde olmalı (ör. 2026-11-29T10:00:00+03:00).", name);
    }
    return std::optional<core::Time>{*t};
}

core::Result<int> IntParam(const Form& form, const char* name, int fallback, int min, int max) {
    auto text = form.Get(name);
    if (!text) {
        return fallback;
    }
    int v = 0;
    auto r = std::from_chars(text->data(), text->data() + text->size(), v);
    if (r.ec != std::errc() || r.ptr != text->data() + text->size() || v < min || v > max) {
        return Invalid(std::string(name) + " " + std::to_string(min) + " ile " + std::to_string(max) +
                           " arasında bir tam sayı olmalı.",
                       name);
    }
    return v;
}

std::vector<std::string> SplitComma(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto comma = s.find(',', start);
        std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!item.empty() && item.front() == ' ') {
            item.erase(item.begin());
        }
        while (!item.empty() && item.back() == ' ') {
            item.pop_back();
        }
        if (!item.empty()) {
            out.push_back(item);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

std::string BaseUrl(const Context& ctx, const Request& req) {
    if (!ctx.config.public_url.empty()) {
        return ctx.config.public_url;
    }
    auto host = req.Header("host").value_or("localhost");
    return "http://" + std::string(host);
}

Doc ServiceDoc(const app::ServiceInfo& s) {
    std::string keywords;
    for (char c : s.category.keywords) {
        keywords += c == '|' ? ',' : c;
    }
    return Doc{{"service_code", s.category.code},
               {"service_name", s.category.name_tr},
               {"description",
                s.category.name_en.empty() ? s.category.name_tr : s.category.name_tr + " (" + s.category.name_en + ")"},
               {"metadata", s.metadata},
               {"type", s.type},
               {"keywords", keywords},
               {"group", s.group}};
}

Doc AttributeDoc(const storage::ServiceAttribute& a) {
    Doc values = Doc::array();
    for (const auto& [key, name] : a.values) {
        values.push_back(Doc{{"key", key}, {"name", name}});
    }
    return Doc{{"variable", a.variable},
               {"code", a.code},
               {"datatype", a.datatype},
               {"required", a.required},
               {"datatype_description", a.datatype_description},
               {"order", a.order},
               {"description", a.description},
               {"values", values}};
}

/// The address of a request from the gazetteer: street and door, neighbourhood, district.
std::string Address(const core::Request& r, const routing::Catalog& catalog) {
    std::string out;
    auto add = [&out](const std::string& part) {
        if (!part.empty()) {
            out += out.empty() ? part : ", " + part;
        }
    };
    add(r.location.street);
    add(r.location.address_text);
    if (r.location.neighbourhood_id) {
        if (const auto* n = catalog.FindNeighbourhood(*r.location.neighbourhood_id)) {
            add(n->name + " Mahallesi");
        }
    }
    if (const auto* d = catalog.FindDistrict(r.location.district)) {
        add(d->name + ", Samsun");
    }
    return out;
}

std::string Number(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back the same
    return std::string(buf, r.ptr);
}

/// A request as GeoReport v2 shows it. Never the reporter's name, phone, e-mail or kimlik no, nor notes or staff.
Record RequestRecord(const app::PublicRequest& p, const routing::Catalog& catalog, const std::string& base) {
    using K = Field::Kind;
    const core::Request& r = p.request;
    const core::Category* category = catalog.FindCategory(r.category);
    const core::Unit* unit = catalog.FindUnit(r.unit);
    std::string media = p.media_url;
    if (!p.photo_sha256.empty()) {
        media = base + kBase + "/requests/" + r.tracking_number + "/media/" + p.photo_sha256;
    }
    return Record{{"service_request_id", r.tracking_number},
                  {"status", app::IsOpen311Open(r.status) ? "open" : "closed"},
                  {"status_notes", p.status_notes},
                  {"service_name", category != nullptr ? category->name_tr : r.category},
                  {"service_code", r.category},
                  {"description", r.description},
                  {"agency_responsible", unit != nullptr ? unit->name : r.unit},
                  {"service_notice", ""},
                  {"requested_datetime", FormatTime(r.created_at)},
                  {"updated_datetime", FormatTime(r.updated_at)},
                  {"expected_datetime", FormatTime(r.due_at)},
                  {"address", Address(r, catalog)},
                  {"address_id", r.location.neighbourhood_id ? std::to_string(*r.location.neighbourhood_id) : ""},
                  {"zipcode", ""},
                  r.location.lat ? Field{"lat", Number(*r.location.lat), K::kNumber} : Field{"lat", "", K::kNull},
                  r.location.lon ? Field{"long", Number(*r.location.lon), K::kNumber} : Field{"long", "", K::kNull},
                  {"media_url", std::move(media)}};
}

Record UpdateRecord(const app::UpdateItem& u) {
    return Record{{"update_id", std::to_string(u.update_id)},
                  {"service_request_id", u.service_request_id},
                  {"status", u.open ? "open" : "closed"},
                  {"updated_datetime", FormatTime(u.at)},
                  {"description", u.description},
                  {"media_url", ""}};
}

/// An Open311 endpoint: given the request, the format its name asked for and its parameters, the answer or a
/// domain error (which Endpoint renders in the same format).
using Fn = core::Result<Response> (*)(Context&, Request&, Format, const Form&);
/// An endpoint for "/open311/v2/x/{file}": also gets the file name without its .xml/.json suffix.
using FileFn = core::Result<Response> (*)(Context&, Request&, Format, const Form&, const std::string&);

Response Respond(Context& ctx, Request& req, Format format,
                 const std::function<core::Result<Response>(const Form&)>& fn) {
    auto form = Params(ctx, req);
    if (!form.ok()) {
        return Error(format, form.error());
    }
    if (auto j = CheckJurisdiction(ctx, *form); !j.ok()) {
        return Error(format, j.error());
    }
    auto res = fn(*form);
    Response out = res.ok() ? std::move(res).value() : Error(format, res.error());
    // Open311 data is public and no cookie is involved: browser apps of any origin may read the answers.
    out.Header("Access-Control-Allow-Origin", "*");
    return out;
}

http::Router::Handler Endpoint(Context& ctx, Format format, Fn fn) {
    return [&ctx, format, fn](Request& req) {
        return Respond(ctx, req, format, [&](const Form& form) { return fn(ctx, req, format, form); });
    };
}

http::Router::Handler FileEndpoint(Context& ctx, FileFn fn) {
    return [&ctx, fn](Request& req) {
        auto split = SplitFormat(req.Param("file"));
        if (!split) {
            return Error(Format::kXml, NotFound("Biçim .xml veya .json olmalı."));
        }
        const auto& [name, format] = *split;
        return Respond(ctx, req, format, [&](const Form& form) { return fn(ctx, req, format, form, name); });
    };
}

void AddBoth(http::Router& router, const std::string& method, const std::string& path, Context& ctx, Fn fn) {
    router.Add(method, path + ".xml", Endpoint(ctx, Format::kXml, fn));
    router.Add(method, path + ".json", Endpoint(ctx, Format::kJson, fn));
}

core::Result<app::RequestQuery> ParseQuery(const Form& form) {
    app::RequestQuery q;
    if (auto ids = form.Get("service_request_id")) {
        q.ids = SplitComma(*ids);
    }
    if (auto codes = form.Get("service_code")) {
        q.service_codes = SplitComma(*codes);
    }
    auto start = TimeParam(form, "start_date");
    ALO153_TRY(start);
    q.start = *start;
    auto end = TimeParam(form, "end_date");
    ALO153_TRY(end);
    q.end = *end;
    if (auto status = form.Get("status"); status && !status->empty()) {
        auto values = SplitComma(*status);
        bool open = false;
        bool closed = false;
        for (const auto& v : values) {
            if (v == "open") {
                open = true;
            } else if (v == "closed") {
                closed = true;
            } else {
                return Invalid("status 'open' veya 'closed' olmalı.", "status");
            }
        }
        if (open != closed) {
            q.open = open;
        }
    }
    // Extensions (docs/open311.md): they change nothing unless given.
    auto updated = TimeParam(form, "updated_after");
    ALO153_TRY(updated);
    q.updated_after = *updated;
    auto lat = Coordinate(form, "lat", -90, 90);
    ALO153_TRY(lat);
    auto lon = Coordinate(form, "long", -180, 180);
    ALO153_TRY(lon);
    if (auto radius = form.Get("radius")) {
        auto meters = IntParam(form, "radius", 0, 1, 50000);
        ALO153_TRY(meters);
        if (!*lat || !*lon) {
            return Invalid("radius için lat ve long da verilmeli.", "radius");
        }
        q.circle = app::RequestQuery::Circle{**lat, **lon, static_cast<double>(*meters)};
    }
    if (auto bbox = form.Get("bbox")) {
        auto parts = SplitComma(*bbox);
        double v[4] = {0, 0, 0, 0};
        bool ok = parts.size() == 4;
        for (std::size_t i = 0; ok && i < 4; ++i) {
            auto r = std::from_chars(parts[i].data(), parts[i].data() + parts[i].size(), v[i]);
            ok = r.ec == std::errc() && r.ptr == parts[i].data() + parts[i].size() && std::isfinite(v[i]);
        }
        // west,south,east,north (the order of GeoJSON and OpenStreetMap).
        if (!ok || v[1] > v[3] || v[0] > v[2] || v[1] < -90 || v[3] > 90 || v[0] < -180 || v[2] > 180) {
            return Invalid("bbox batı,güney,doğu,kuzey derece olarak verilmeli.", "bbox");
        }
        q.box = storage::RequestFilter::Box{v[1], v[0], v[3], v[2]};
    }
    auto page = IntParam(form, "page", 1, 1, 100000);
    ALO153_TRY(page);
    q.page = *page;
    auto size = IntParam(form, "page_size", app::Open311Service::kMaxResults, 1, app::Open311Service::kMaxResults);
    ALO153_TRY(size);
    q.page_size = *size;
    return q;
}

// ---- The endpoints, one function each ---------------------------------------------------------------------

core::Result<Response> Services(Context& ctx, Request&, Format f, const Form&) {
    Doc list = Doc::array();
    for (const auto& s : ctx.app.Open311().Services()) {
        list.push_back(ServiceDoc(s));
    }
    return Render(f, 200, list, "services");
}

core::Result<Response> ServiceDefinition(Context& ctx, Request&, Format f, const Form&, const std::string& code) {
    auto def = ctx.app.Open311().Definition(code);
    ALO153_TRY(def);
    Doc attributes = Doc::array();
    for (const auto& a : def->attributes) {
        attributes.push_back(AttributeDoc(a));
    }
    return Render(f, 200, Doc{{"service_code", def->service_code}, {"attributes", attributes}}, "service_definition");
}

core::Result<app::Submission> ReadSubmission(const Form& form) {
    app::Submission s;
    s.service_code = form.Get("service_code").value_or("");
    if (s.service_code.empty()) {
        return Invalid("service_code gerekli.", "service_code");
    }
    auto lat = Coordinate(form, "lat", -90, 90);
    ALO153_TRY(lat);
    auto lon = Coordinate(form, "long", -180, 180);
    ALO153_TRY(lon);
    s.lat = *lat;
    s.lon = *lon;
    s.address_string = form.Get("address_string").value_or("");
    if (auto address_id = form.Get("address_id"); address_id && !address_id->empty()) {
        core::Id id = 0;
        auto r = std::from_chars(address_id->data(), address_id->data() + address_id->size(), id);
        if (r.ec != std::errc() || r.ptr != address_id->data() + address_id->size() || id <= 0) {
            return Invalid("address_id bir mahalle numarası olmalı.", "address_id");
        }
        s.address_id = id;
    }
    s.attributes = form.Attributes();
    s.description = form.Get("description").value_or("");
    s.first_name = form.Get("first_name").value_or("");
    s.last_name = form.Get("last_name").value_or("");
    s.email = form.Get("email").value_or("");
    s.phone = form.Get("phone").value_or("");
    s.device_id = form.Get("device_id").value_or("");
    s.account_id = form.Get("account_id").value_or("");
    s.media_url = form.Get("media_url").value_or("");
    return s;
}

core::Result<Response> PostRequest(Context& ctx, Request&, Format f, const Form& form) {
    auto who = ApiKey(ctx, form);
    ALO153_TRY(who);
    auto submission = ReadSubmission(form);
    ALO153_TRY(submission);
    auto filed =
        ctx.app.Open311().Submit(*who, std::move(submission).value(), [](std::string_view t) { return ParseTime(t); });
    ALO153_TRY(filed);
    // A batch service answers with a token only: its id is for GET tokens/{token}.
    Doc item;
    if (filed->token.empty()) {
        item["service_request_id"] = filed->request.tracking_number;
        item["service_notice"] = "Tahmini çözüm zamanı: " + FormatTime(filed->request.due_at) + ".";
    } else {
        item["token"] = filed->token;
        item["service_notice"] = "Başvurunuz alındı; numarası belirteçle sorgulanabilir.";
    }
    item["account_id"] = form.Get("account_id").value_or("");
    return Render(f, 200, Doc::array({item}), "service_requests");
}

core::Result<Response> Token(Context& ctx, Request&, Format f, const Form&, const std::string& token) {
    auto id = ctx.app.Open311().ResolveToken(token);
    ALO153_TRY(id);
    return Render(f, 200, Doc::array({Doc{{"service_request_id", *id}, {"token", token}}}), "service_requests");
}

core::Result<Response> GetRequests(Context& ctx, Request& req, Format f, const Form& form) {
    auto query = ParseQuery(form);
    ALO153_TRY(query);
    auto found = ctx.app.Open311().Requests(*query);
    ALO153_TRY(found);
    auto catalog = ctx.app.Catalog().Current();
    const std::string base_url = BaseUrl(ctx, req);
    std::vector<Record> records;
    records.reserve(found->size());
    for (const auto& p : *found) {
        records.push_back(RequestRecord(p, *catalog, base_url));
    }
    return RenderRecords(f, 200, records, "service_requests");
}

core::Result<Response> GetRequest(Context& ctx, Request& req, Format f, const Form&, const std::string& id) {
    auto p = ctx.app.Open311().Request(id);
    ALO153_TRY(p);
    return RenderRecords(f, 200, {RequestRecord(*p, *ctx.app.Catalog().Current(), BaseUrl(ctx, req))},
                         "service_requests");
}

/// The photos of a request, for media_url (public, as the request itself is in Open311).
Response Media(Context& ctx, Request& req) {
    auto media = ctx.app.Open311().Media(req.Param("id"), req.Param("sha256"));
    if (!media.ok()) {
        return Error(Format::kXml, media.error());
    }
    Response res;
    res.content_type = std::move(media->content_type);
    res.body = std::move(media->bytes);
    res.Header("Cache-Control", "public, max-age=86400, immutable");
    return res;
}

core::Result<Response> GetUpdates(Context& ctx, Request&, Format f, const Form& form) {
    ALO153_TRY(ApiKey(ctx, form));
    app::UpdateQuery q;
    auto start = TimeParam(form, "start_date");
    ALO153_TRY(start);
    q.start = *start;
    auto end = TimeParam(form, "end_date");
    ALO153_TRY(end);
    q.end = *end;
    if (q.start && q.end && *q.end <= *q.start) {
        return Invalid("end_date, start_date'den sonra olmalı.", "end_date");
    }
    q.service_request_id = form.Get("service_request_id").value_or("");
    auto page = IntParam(form, "page", 1, 1, 100000);
    ALO153_TRY(page);
    q.page = *page;
    auto size = IntParam(form, "page_size", 1000, 1, 1000);
    ALO153_TRY(size);
    q.page_size = *size;
    std::vector<Record> records;
    for (const auto& u : ctx.app.Open311().Updates(q)) {
        records.push_back(UpdateRecord(u));
    }
    return RenderRecords(f, 200, records, "service_request_updates");
}

core::Result<Response> PostUpdate(Context& ctx, Request&, Format f, const Form& form) {
    auto who = ApiKey(ctx, form);
    ALO153_TRY(who);
    auto id = form.Get("service_request_id").value_or("");
    if (id.empty()) {
        return Invalid("service_request_id gerekli.", "service_request_id");
    }
    std::string status = form.Get("status").value_or("");
    for (char& c : status) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (!status.empty() && status != "open" && status != "closed") {
        return Invalid("status 'open' veya 'closed' olmalı.", "status");
    }
    auto u = ctx.app.Open311().PostUpdate(*who, id, form.Get("description").value_or(""), status == "open");
    ALO153_TRY(u);
    return RenderRecords(f, 200, {UpdateRecord(*u)}, "service_request_updates");
}

/// Anything else under /open311/v2 answers in the spec's error format, not as a problem+json.
Response UnknownEndpoint(Request& req) {
    auto split = SplitFormat(req.Param("file"));
    return Error(split ? split->second : Format::kXml, NotFound("Bilinmeyen Open311 adresi."));
}

core::Result<Response> Discovery(Context& ctx, Request& req, Format f, const Form&) {
    const std::string url = BaseUrl(ctx, req) + kBase;
    Doc formats = Doc::array({"text/xml", "application/json"});
    Doc endpoints = Doc::array();
    for (const char* type : {"production"}) {
        endpoints.push_back(Doc{
            {"specification", kSpec}, {"url", url}, {"changeset", kChangeset}, {"type", type}, {"formats", formats}});
    }
    return Render(f, 200,
                  Doc{{"changeset", kChangeset},
                      {"contact", "Samsun Büyükşehir Belediyesi, Alo 153 Kent Yönetim Merkezi (153)"},
                      {"key_service",
                       "API anahtarı için belediyenin Bilgi İşlem Dairesine başvurun "
                       "(alo153 apikey add)."},
                      {"endpoints", endpoints}},
                  "discovery");
}

}  // namespace

void RegisterOpen311(http::Router& router, Context& ctx) {
    const std::string base = kBase;
    AddBoth(router, "GET", base + "/services", ctx, Services);
    router.Add("GET", base + "/services/{file}", FileEndpoint(ctx, ServiceDefinition));
    AddBoth(router, "POST", base + "/requests", ctx, PostRequest);
    router.Add("GET", base + "/tokens/{file}", FileEndpoint(ctx, Token));
    AddBoth(router, "GET", base + "/requests", ctx, GetRequests);
    router.Add("GET", base + "/requests/{file}", FileEndpoint(ctx, GetRequest));
    router.Add("GET", base + "/requests/{id}/media/{sha256}", [&ctx](Request& req) { return Media(ctx, req); });
    // Extension: servicerequestupdates (docs/open311.md). Both directions need an API key.
    AddBoth(router, "GET", base + "/servicerequestupdates", ctx, GetUpdates);
    AddBoth(router, "POST", base + "/servicerequestupdates", ctx, PostUpdate);
    for (const char* method : {"GET", "POST"}) {
        router.Add(method, base + "/{file}", UnknownEndpoint);
    }
    AddBoth(router, "GET", "/open311/discovery", ctx, Discovery);
}

}  // namespace alo153::api::open311
