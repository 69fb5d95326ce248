#include "app/open311_service.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "app/auth_service.hpp"
#include "core/labels.hpp"
#include "core/status_machine.hpp"
#include "core/tracking_number.hpp"
#include "core/validation.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

core::Error UnknownService(const std::string& code) {
    return MakeError(ErrorCode::kNotFound, "Hizmet bulunamadı: " + code, "service_code");
}

core::Error UnknownRequest() { return MakeError(ErrorCode::kNotFound, "Başvuru bulunamadı.", "service_request_id"); }

bool IsNumber(std::string_view s) {
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(v);
}

/// Distance in metres between two points (haversine; ample for a city).
double Metres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarth = 6371000.0;
    constexpr double kRad = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * kRad;
    const double dlon = (lon2 - lon1) * kRad;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarth * std::asin(std::min(1.0, std::sqrt(a)));
}

/// What the public may read of an event in the updates feed: answers and comments meant for the citizen
/// keep their text; other status changes are described by the new status; creation and routing are generic
/// (their text may name the client's API key or a routing rule).
std::string UpdateDescription(const core::Event& e) {
    if (e.kind == "comment") {
        return MaskContactData(e.text);  // the citizen's own words, as public as a description
    }
    if (e.kind == "resolve" || e.kind == "reject" || e.kind == "answer") {
        return e.text;
    }
    if (e.kind == "created") {
        return "Başvuru alındı.";
    }
    if (e.kind == "routed") {
        return "Başvuru ilgili birime iletildi.";
    }
    if (e.to_status) {
        return "Durum: " + std::string(core::LabelTr(*e.to_status)) + ".";
    }
    return {};
}

}  // namespace

bool IsOpen311Open(core::Status status) { return core::IsOpen(status); }

std::string MaskContactData(std::string_view text) {
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    // Not '.' or '/': dates such as 29.11.2026 are no contact data.
    auto is_joiner = [](char c) { return c == ' ' || c == '-' || c == '(' || c == ')'; };
    auto is_mail_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-' || c == '+';
    };
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (is_digit(c) || (c == '+' && i + 1 < text.size() && is_digit(text[i + 1]))) {
            // A run of digits with joiners between them; it ends at the last digit.
            std::size_t j = i + (c == '+' ? 1 : 0);
            std::size_t last_digit = j;
            int digits = 0;
            while (j < text.size() && (is_digit(text[j]) || is_joiner(text[j]))) {
                if (is_digit(text[j])) {
                    ++digits;
                    last_digit = j;
                }
                ++j;
            }
            if (digits >= 7) {
                out += "***";
            } else {
                out.append(text.substr(i, last_digit + 1 - i));
            }
            i = last_digit + 1;
            continue;
        }
        if (c == '@') {
            // An e-mail address: the local part already copied is taken back, the domain skipped.
            std::size_t start = out.size();
            while (start > 0 && is_mail_char(out[start - 1])) {
                --start;
            }
            std::size_t j = i + 1;
            while (j < text.size() && is_mail_char(text[j])) {
                ++j;
            }
            if (start < out.size() && j > i + 1) {
                out.resize(start);
                out += "***";
                i = j;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

Open311Service::Open311Service(storage::Store& store, CatalogService& catalog, IntakeService& intake,
                               WorkflowService& workflow, const PhotoStore& photos, const Clock& clock)
    : store_(store), catalog_(catalog), intake_(intake), workflow_(workflow), photos_(photos), clock_(clock) {}

std::vector<ServiceInfo> Open311Service::Services() const {
    auto catalog = catalog_.Current();
    auto [types, attributes] = store_.Read(
        [](storage::Tx& tx) { return std::make_pair(tx.ListServiceTypes(), tx.ListServiceAttributes("")); });
    std::map<std::string, std::string> type_of(types.begin(), types.end());
    std::set<std::string> with_attributes;
    for (const auto& a : attributes) {
        with_attributes.insert(a.category);
    }
    std::vector<ServiceInfo> out;
    for (const auto& c : catalog->Categories()) {
        if (c.IsTopLevel() || !c.active) {
            continue;
        }
        const core::Category* top = catalog->FindCategory(c.parent);
        if (top != nullptr && !top->active) {
            continue;
        }
        ServiceInfo info{c, top != nullptr ? top->name_tr : c.parent};
        if (auto it = type_of.find(c.code); it != type_of.end()) {
            info.type = it->second;
        }
        info.metadata = with_attributes.contains(c.code);
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(),
              [](const ServiceInfo& a, const ServiceInfo& b) { return a.category.code < b.category.code; });
    return out;
}

core::Result<ServiceInfo> Open311Service::Service(const std::string& code) const {
    auto catalog = catalog_.Current();
    const core::Category* c = catalog->FindCategory(code);
    const core::Category* top = c != nullptr ? catalog->FindCategory(c->parent) : nullptr;
    if (c == nullptr || c->IsTopLevel() || !c->active || (top != nullptr && !top->active)) {
        return UnknownService(code);
    }
    ServiceInfo info{*c, top != nullptr ? top->name_tr : c->parent};
    store_.Read([&](storage::Tx& tx) {
        for (const auto& [category, type] : tx.ListServiceTypes()) {
            if (category == code) {
                info.type = type;
            }
        }
        info.metadata = !tx.ListServiceAttributes(code).empty();
    });
    return info;
}

core::Result<ServiceDefinition> Open311Service::Definition(const std::string& code) const {
    auto service = Service(code);
    ALO153_TRY(service);
    auto attributes = store_.Read([&](storage::Tx& tx) { return tx.ListServiceAttributes(code); });
    return ServiceDefinition{code, std::move(attributes)};
}

core::Result<void> Open311Service::CheckAttributes(const std::string& category,
                                                   const std::vector<std::pair<std::string, std::string>>& given,
                                                   const TimeParser& parse_time) const {
    auto defined = store_.Read([&](storage::Tx& tx) { return tx.ListServiceAttributes(category); });
    for (const auto& [code, value] : given) {
        auto it = std::find_if(defined.begin(), defined.end(), [&](const auto& a) { return a.code == code; });
        const std::string field = "attribute[" + code + "]";
        if (it == defined.end() || !it->variable) {
            return MakeError(ErrorCode::kValidation, "Bu hizmet için tanımsız özellik: " + code, field);
        }
        auto clean = core::CleanText(value, field, it->datatype == "text" ? 4000 : 500, it->required);
        ALO153_TRY(clean);
        const std::string& v = *clean;
        if (v.empty()) {
            continue;
        }
        const auto& dt = it->datatype;
        bool ok = true;
        if (dt == "number") {
            ok = IsNumber(v);
        } else if (dt == "datetime") {
            ok = parse_time(v).has_value();
        } else if (dt == "singlevaluelist" || dt == "multivaluelist") {
            ok = std::any_of(it->values.begin(), it->values.end(), [&](const auto& kv) { return kv.first == v; });
            if (dt == "singlevaluelist" &&
                std::count_if(given.begin(), given.end(), [&](const auto& g) { return g.first == code; }) > 1) {
                return MakeError(ErrorCode::kValidation, code + " için tek bir değer seçilmeli.", field);
            }
        }
        if (!ok) {
            return MakeError(ErrorCode::kValidation, code + " için geçersiz değer: " + v, field);
        }
    }
    for (const auto& a : defined) {
        if (!a.required || !a.variable) {
            continue;
        }
        bool present = std::any_of(given.begin(), given.end(), [&](const auto& g) {
            return g.first == a.code && g.second.find_first_not_of(" \t\r\n") != std::string::npos;
        });
        if (!present) {
            return MakeError(ErrorCode::kValidation, "Zorunlu özellik eksik: " + a.code + " (" + a.description + ")",
                             "attribute[" + a.code + "]");
        }
    }
    return core::Ok();
}

core::Result<Filed> Open311Service::Submit(const Principal& who, Submission s, const TimeParser& parse_time) {
    auto service = Service(s.service_code);
    ALO153_TRY(service);
    if (!s.lat && !s.lon && s.address_string.empty() && !s.address_id) {
        return MakeError(ErrorCode::kValidation, "Konum gerekli: lat ve long, address_string veya address_id.", "lat");
    }
    if (s.lat.has_value() != s.lon.has_value()) {
        return MakeError(ErrorCode::kValidation, "lat ve long birlikte verilmelidir.", s.lat ? "long" : "lat");
    }
    ALO153_TRY(CheckAttributes(s.service_code, s.attributes, parse_time));
    for (auto* field : {&s.device_id, &s.account_id}) {
        auto clean = core::CleanText(*field, field == &s.device_id ? "device_id" : "account_id", 200, false);
        ALO153_TRY(clean);
        *field = *clean;
    }
    auto media = core::CleanText(s.media_url, "media_url", 2000, false);
    ALO153_TRY(media);
    s.media_url = *media;
    if (!s.media_url.empty() && s.media_url.rfind("http://", 0) != 0 && s.media_url.rfind("https://", 0) != 0) {
        return MakeError(ErrorCode::kValidation, "media_url bir http(s) adresi olmalı.", "media_url");
    }

    CreateRequest c;
    c.type = core::RequestType::kRequest;
    c.channel = core::Channel::kOpen311;
    c.category = s.service_code;
    // Description is optional in Open311; a request without one is described by its service.
    c.description =
        s.description.find_first_not_of(" \t\r\n") == std::string::npos ? service->category.name_tr : s.description;
    c.location.lat = s.lat;
    c.location.lon = s.lon;
    c.location.address_text = s.address_string;
    c.location.neighbourhood_id = s.address_id;
    if (s.address_id) {
        // The neighbourhood names the district; a pin near a border must not pick the neighbour district.
        if (const core::Neighbourhood* n = catalog_.Current()->FindNeighbourhood(*s.address_id)) {
            c.location.district = n->district;
        }
    }
    if (!s.first_name.empty() || !s.last_name.empty() || !s.email.empty() || !s.phone.empty()) {
        c.citizen = NewCitizen{s.phone, s.first_name, s.last_name, "", s.email, false};
    }
    const bool batch = service->type == "batch";
    const std::string token = batch ? RandomHex(16) : std::string{};
    std::vector<std::pair<std::string, std::string>> answers;
    for (const auto& [code, value] : s.attributes) {
        auto clean = core::CleanText(value, code, 4000, false);
        if (clean.ok() && !clean->empty()) {
            answers.emplace_back(code, *clean);
        }
    }
    storage::Open311Submission sub{0, token, s.media_url, s.device_id, s.account_id};
    c.also_write = [answers, sub](storage::Tx& tx, const core::Request& r) {
        for (const auto& [code, value] : answers) {
            tx.InsertRequestAttribute(r.id, code, value);
        }
        storage::Open311Submission row = sub;
        row.request_id = r.id;
        tx.InsertOpen311Submission(row);
    };
    auto created = intake_.Create(who, std::move(c));
    ALO153_TRY(created);
    return Filed{created->request, token};
}

core::Result<std::string> Open311Service::ResolveToken(const std::string& token) const {
    auto number = store_.Read([&](storage::Tx& tx) -> std::optional<std::string> {
        auto sub = tx.FindOpen311Token(token);
        if (!sub) {
            return std::nullopt;
        }
        auto r = tx.FindRequest(sub->request_id);
        return r ? std::optional<std::string>(r->tracking_number) : std::nullopt;
    });
    if (!number) {
        return MakeError(ErrorCode::kNotFound, "Belirteç bulunamadı.", "token");
    }
    return *number;
}

std::vector<PublicRequest> Open311Service::Decorate(std::vector<core::Request> requests) const {
    std::vector<core::Id> ids;
    ids.reserve(requests.size());
    for (const auto& r : requests) {
        ids.push_back(r.id);
    }
    std::map<core::Id, std::string> notes;
    std::map<core::Id, std::string> media;
    std::map<core::Id, std::string> photos;
    if (!ids.empty()) {
        store_.Read([&](storage::Tx& tx) {
            for (auto& [id, text] : tx.LatestPublicAnswers(ids)) {
                notes[id] = std::move(text);
            }
            for (auto& sub : tx.ListOpen311Submissions(ids)) {
                media[sub.request_id] = std::move(sub.media_url);
            }
            for (auto& p : tx.ListPhotosOf(ids)) {
                photos.emplace(p.request_id, p.sha256);  // the first photo of each request
            }
        });
    }
    std::vector<PublicRequest> out;
    out.reserve(requests.size());
    for (auto& r : requests) {
        r.description = MaskContactData(r.description);
        PublicRequest p{std::move(r)};
        if (auto it = notes.find(p.request.id); it != notes.end()) {
            p.status_notes = it->second;
        }
        if (auto it = media.find(p.request.id); it != media.end()) {
            p.media_url = it->second;
        }
        if (auto it = photos.find(p.request.id); it != photos.end()) {
            p.photo_sha256 = it->second;
        }
        out.push_back(std::move(p));
    }
    return out;
}

core::Result<std::vector<PublicRequest>> Open311Service::Requests(const RequestQuery& q) const {
    if (q.page < 1 || q.page_size < 1 || q.page_size > kMaxResults) {
        return MakeError(ErrorCode::kValidation, "page_size 1 ile 1000 arasında olmalı.", "page_size");
    }
    std::vector<core::Request> found;
    if (!q.ids.empty()) {
        if (q.ids.size() > static_cast<std::size_t>(kMaxResults)) {
            return MakeError(ErrorCode::kValidation, "En fazla 1000 service_request_id verilebilir.",
                             "service_request_id");
        }
        found = store_.Read([&](storage::Tx& tx) {
            std::vector<core::Request> out;
            for (const auto& id : q.ids) {
                auto number = core::ParseTrackingNumber(id);
                if (!number.ok()) {
                    continue;  // an id that names nothing is left out, as the spec does for unknown ids
                }
                if (auto r = tx.FindRequestByNumber(number->year, number->sequence)) {
                    out.push_back(std::move(*r));
                }
            }
            return out;
        });
        return Decorate(std::move(found));
    }
    storage::RequestFilter f;
    const core::Time now = clock_.Now();
    f.created_from = q.start ? q.start : std::optional<core::Time>(now - kDefaultWindow);
    f.created_to = q.end;
    if (f.created_to && f.created_from && *f.created_to <= *f.created_from) {
        return MakeError(ErrorCode::kValidation, "end_date, start_date'den sonra olmalı.", "end_date");
    }
    f.categories = q.service_codes;
    if (q.open) {
        for (int i = 0; i < core::EnumCount<core::Status>(); ++i) {
            auto s = static_cast<core::Status>(i);
            if (IsOpen311Open(s) == *q.open) {
                f.statuses.push_back(s);
            }
        }
    }
    f.updated_from = q.updated_after;
    f.box = q.box;
    if (q.circle) {
        // The box around the circle narrows the scan; the exact distance is checked below.
        const double dlat = q.circle->meters / 111320.0;
        const double dlon = dlat / std::max(0.01, std::cos(q.circle->lat * std::numbers::pi / 180.0));
        f.box = storage::RequestFilter::Box{q.circle->lat - dlat, q.circle->lon - dlon, q.circle->lat + dlat,
                                            q.circle->lon + dlon};
    }
    f.limit = q.page_size;
    f.offset = (q.page - 1) * q.page_size;
    found = store_.Read([&](storage::Tx& tx) { return tx.ListRequests(f); });
    if (q.circle) {
        std::erase_if(found, [&](const core::Request& r) {
            return !r.location.lat || !r.location.lon ||
                   Metres(q.circle->lat, q.circle->lon, *r.location.lat, *r.location.lon) > q.circle->meters;
        });
    }
    return Decorate(std::move(found));
}

core::Result<PublicRequest> Open311Service::Request(const std::string& service_request_id) const {
    auto number = core::ParseTrackingNumber(service_request_id);
    if (!number.ok()) {
        return UnknownRequest();
    }
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequestByNumber(number->year, number->sequence); });
    if (!r) {
        return UnknownRequest();
    }
    auto decorated = Decorate({std::move(*r)});
    return std::move(decorated.front());
}

core::Result<MediaFile> Open311Service::Media(const std::string& service_request_id, const std::string& sha256) const {
    auto found = Request(service_request_id);
    ALO153_TRY(found);
    const auto photos = store_.Read([&](storage::Tx& tx) { return tx.ListPhotos(found->request.id); });
    for (const auto& photo : photos) {
        if (photo.sha256 != sha256) {
            continue;
        }
        if (auto bytes = photos_.Load(photo.sha256)) {
            return MediaFile{photo.content_type, std::move(*bytes)};
        }
    }
    return MakeError(ErrorCode::kNotFound, "Fotoğraf bulunamadı.");
}

std::vector<UpdateItem> Open311Service::Updates(const UpdateQuery& q) const {
    storage::UpdateFilter f;
    const core::Time now = clock_.Now();
    f.from = q.start ? q.start : std::optional<core::Time>(now - kDefaultWindow);
    f.to = q.end;
    f.limit = q.page_size;
    f.offset = (q.page - 1) * q.page_size;
    if (!q.service_request_id.empty()) {
        auto number = core::ParseTrackingNumber(q.service_request_id);
        if (!number.ok()) {
            return {};
        }
        auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequestByNumber(number->year, number->sequence); });
        if (!r) {
            return {};
        }
        f.request_id = r->id;
    }
    auto rows = store_.Read([&](storage::Tx& tx) { return tx.ListPublicEvents(f); });
    std::vector<UpdateItem> out;
    out.reserve(rows.size());
    for (const auto& u : rows) {
        core::Status status = u.event.to_status.value_or(u.request_status);
        out.push_back({u.event.id, u.tracking_number, IsOpen311Open(status), u.event.at, UpdateDescription(u.event)});
    }
    return out;
}

core::Result<UpdateItem> Open311Service::PostUpdate(const Principal& who, const std::string& service_request_id,
                                                    const std::string& description, bool still_open) {
    auto number = core::ParseTrackingNumber(service_request_id);
    if (!number.ok()) {
        return UnknownRequest();
    }
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequestByNumber(number->year, number->sequence); });
    if (!r) {
        return UnknownRequest();
    }
    auto done = workflow_.AddComment(who, r->id, description, still_open);
    ALO153_TRY(done);
    return UpdateItem{done->comment.id, done->request.tracking_number, IsOpen311Open(done->request.status),
                      done->comment.at, done->comment.text};
}

Open311Details Open311Service::Details(const core::Request& request) const {
    Open311Details d;
    d.api_key_id = request.api_key_id;
    store_.Read([&](storage::Tx& tx) {
        if (request.api_key_id) {
            for (const auto& k : tx.ListApiKeys()) {
                if (k.id == *request.api_key_id) {
                    d.api_key_name = k.name;
                }
            }
        }
        d.attributes = tx.ListRequestAttributes(request.id);
    });
    return d;
}

}  // namespace alo153::app
