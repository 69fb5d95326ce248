#include "app/request_service.hpp"

#include <algorithm>
#include <charconv>

#include "app/rollups.hpp"
#include "core/labels.hpp"
#include "core/phone.hpp"
#include "core/status_machine.hpp"
#include "core/tc_kimlik.hpp"
#include "core/tracking_number.hpp"
#include "core/turkish_fold.hpp"
#include "core/validation.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

core::Error NotFound() { return MakeError(ErrorCode::kNotFound, "Başvuru bulunamadı."); }

int LocalYear(core::Time t) {
    auto days = std::chrono::floor<std::chrono::days>(t + core::kIstanbulOffset);
    return static_cast<int>(std::chrono::year_month_day(days).year());
}

std::string TimeText(const std::optional<core::Time>& t) {
    return t ? std::to_string(core::ToUnix(*t)) : std::string{};
}

std::string AddressText(const core::Location& l) { return l.street + " " + l.address_text; }

/// Parses "<id>" (newest first) or "<due>.<id>" (due first).
std::optional<std::pair<std::int64_t, core::Id>> ParseCursor(std::string_view cursor, bool due_order) {
    std::int64_t key = 0;
    core::Id id = 0;
    const char* p = cursor.data();
    const char* end = cursor.data() + cursor.size();
    if (due_order) {
        auto r = std::from_chars(p, end, key);
        if (r.ec != std::errc() || r.ptr == end || *r.ptr != '.') {
            return std::nullopt;
        }
        p = r.ptr + 1;
    }
    auto r = std::from_chars(p, end, id);
    if (r.ec != std::errc() || r.ptr != end || id <= 0) {
        return std::nullopt;
    }
    return std::make_pair(key, id);
}

}  // namespace

std::string BuildFtsQuery(std::string_view text) {
    std::string query;
    int n = 0;
    for (const auto& token : core::FoldedTokens(text)) {
        if (token.empty() || n == 10) {
            continue;
        }
        std::string t = token.substr(0, 50);
        // Quoted, so FTS5 operators in user input stay plain words.
        query += (query.empty() ? "\"" : " \"") + t + "\"*";
        ++n;
    }
    return query;
}

std::vector<core::FieldChange> Diff(const core::Request& a, const core::Request& b) {
    std::vector<core::FieldChange> out;
    auto add = [&](const char* field, const std::string& before, const std::string& after) {
        if (before != after) {
            out.push_back({field, before, after});
        }
    };
    add("status", std::string(core::ToCode(a.status)), std::string(core::ToCode(b.status)));
    add("unit", a.unit, b.unit);
    add("category", a.category, b.category);
    add("priority", std::string(core::ToCode(a.priority)), std::string(core::ToCode(b.priority)));
    add("assignee_id", a.assignee_id ? std::to_string(*a.assignee_id) : "",
        b.assignee_id ? std::to_string(*b.assignee_id) : "");
    add("due_at", std::to_string(core::ToUnix(a.due_at)), std::to_string(core::ToUnix(b.due_at)));
    add("accepted_at", TimeText(a.accepted_at), TimeText(b.accepted_at));
    add("public_answer", a.public_answer, b.public_answer);
    add("reject_reason", a.reject_reason, b.reject_reason);
    return out;
}

RequestService::RequestService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                               const PhotoStore& photos, const Clock& clock, Limits limits)
    : store_(store), catalog_(catalog), calendar_(calendar), photos_(photos), clock_(clock), limits_(limits) {}

core::WorkingHours RequestService::HoursOf(const core::Unit* unit) {
    core::WorkingHours hours;
    if (unit != nullptr) {
        hours.start_minute = unit->work_start_minute;
        hours.end_minute = unit->work_end_minute;
        hours.weekdays = unit->work_weekdays;
    }
    return hours;
}

core::Time RequestService::DueTime(const routing::Catalog& catalog, const std::string& category,
                                   const std::string& unit, core::Time from) const {
    const core::Category* c = catalog.FindCategory(category);
    int minutes = c != nullptr ? c->sla_minutes : 0;
    core::SlaClock clock = c != nullptr ? c->clock : core::SlaClock::kAroundTheClock;
    return calendar_.DueTime(from, std::chrono::minutes(minutes), clock, HoursOf(catalog.FindUnit(unit)));
}

core::Result<void> RequestService::Validate(CreateRequest& c, const routing::Catalog& catalog) const {
    const core::Category* category = catalog.FindCategory(c.category);
    if (category == nullptr || !category->active) {
        return MakeError(ErrorCode::kUnknownReference, "Konu bulunamadı: " + c.category, "category");
    }
    if (category->IsTopLevel()) {
        return MakeError(ErrorCode::kValidation, "Lütfen bir alt konu seçin (ör. SU.ARIZA).", "category");
    }
    if (!c.suggested_category.empty()) {
        const core::Category* suggested = catalog.FindCategory(c.suggested_category);
        if (suggested == nullptr || suggested->IsTopLevel()) {
            return MakeError(ErrorCode::kUnknownReference, "Önerilen konu bulunamadı: " + c.suggested_category,
                             "suggested_category");
        }
    }
    auto description = core::CleanText(c.description, "description", limits_.description_chars, true);
    ALO153_TRY(description);
    c.description = *description;
    auto& loc = c.location;
    if (loc.lat.has_value() != loc.lon.has_value()) {
        return MakeError(ErrorCode::kValidation, "Konum için enlem ve boylam birlikte verilmelidir.", "location");
    }
    if (loc.lat && !core::IsInTurkey(*loc.lat, *loc.lon)) {
        return MakeError(ErrorCode::kValidation, "Konum Türkiye sınırları içinde değil.", "location");
    }
    if (loc.district.empty() && loc.lat) {
        // Only a pin on the map: the nearest district centre is a good guess, and the unit can correct it.
        const core::District* d = catalog.NearestDistrict(*loc.lat, *loc.lon);
        if (d != nullptr) {
            loc.district = d->code;
        }
    }
    if (!loc.district.empty() && catalog.FindDistrict(loc.district) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "İlçe bulunamadı: " + loc.district, "location.district");
    }
    if (loc.neighbourhood_id) {
        const core::Neighbourhood* n = catalog.FindNeighbourhood(*loc.neighbourhood_id);
        if (n == nullptr || !n->active || (!loc.district.empty() && n->district != loc.district)) {
            return MakeError(ErrorCode::kUnknownReference, "Mahalle bu ilçede bulunamadı.",
                             "location.neighbourhood_id");
        }
        loc.district = n->district;
    }
    auto street = core::CleanText(loc.street, "location.street", 200, false);
    ALO153_TRY(street);
    loc.street = *street;
    auto address = core::CleanText(loc.address_text, "location.address_text", 500, false);
    ALO153_TRY(address);
    loc.address_text = *address;
    if (c.citizen && c.citizen->phone.empty() && c.citizen->first_name.empty() && c.citizen->last_name.empty() &&
        c.citizen->tckn.empty() && c.citizen->email.empty()) {
        c.citizen.reset();  // nothing to record: an anonymous request
    }
    if (c.citizen) {
        auto& n = *c.citizen;
        if (!n.phone.empty()) {
            auto phone = core::NormalizePhone(n.phone);
            if (!phone.ok()) {
                core::Error error = phone.error();
                error.field = "citizen.phone";  // the field as the request body names it
                return error;
            }
            n.phone = *phone;
        }
        if (!n.tckn.empty() && !core::IsValidTcKimlikNo(n.tckn)) {
            return MakeError(ErrorCode::kValidation, "T.C. kimlik numarası geçersiz.", "citizen.tckn");
        }
        for (auto* field : {&n.first_name, &n.last_name}) {
            auto clean = core::CleanText(*field, "citizen.name", 100, false);
            ALO153_TRY(clean);
            *field = *clean;
        }
        auto email = core::CleanText(n.email, "citizen.email", 200, false);
        ALO153_TRY(email);
        n.email = *email;
        if (!n.email.empty() && (n.email.find('@') == std::string::npos || n.email.find(' ') != std::string::npos)) {
            return MakeError(ErrorCode::kValidation, "E-posta adresi geçersiz.", "citizen.email");
        }
    }
    if (c.photos.size() > limits_.max_photos) {
        return MakeError(ErrorCode::kValidation,
                         "En fazla " + std::to_string(limits_.max_photos) + " fotoğraf eklenebilir.", "photos");
    }
    if (c.idempotency_key.size() > 200) {
        return MakeError(ErrorCode::kValidation, "Idempotency-Key en fazla 200 karakter olabilir.",
                         "Idempotency-Key");
    }
    return core::Ok();
}

core::Result<Created> RequestService::Create(const Principal& who, CreateRequest c) {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    if (who.kind == Principal::Kind::kPublic) {
        return MakeError(ErrorCode::kForbidden, "Bu işlem için yetkiniz yok.");
    }
    return Record(who, std::move(c));
}

core::Result<Created> RequestService::CreateFromPortal(CreateRequest c) {
    c.channel = core::Channel::kWeb;
    c.citizen_id.reset();
    c.contact_id.reset();
    c.idempotency_key.clear();
    if (!c.citizen || c.citizen->phone.empty()) {
        return MakeError(ErrorCode::kValidation, "Telefon numaranızı yazın; başvurunuzu onunla takip edeceksiniz.",
                         "citizen.phone");
    }
    if (!c.citizen->kvkk_consent) {
        return MakeError(ErrorCode::kValidation,
                         "Kişisel verilerinizin işlenmesine (KVKK aydınlatma metni) onay vermeniz gerekiyor.",
                         "citizen.kvkk_consent");
    }
    Principal portal;
    portal.kind = Principal::Kind::kPublic;
    portal.name = "Vatandaş portalı";
    return Record(portal, std::move(c));
}

core::Result<Created> RequestService::Record(const Principal& who, CreateRequest c) {
    auto catalog = catalog_.Current();
    ALO153_TRY(Validate(c, *catalog));
    auto decision = routing::Route(*catalog, {c.category, c.location.district, c.channel, c.type});
    ALO153_TRY(decision);
    // Photos are on disk (synced) before the row that names them commits.
    std::vector<StoredPhoto> stored;
    for (const auto& bytes : c.photos) {
        auto photo = photos_.Save(bytes);
        ALO153_TRY(photo);
        stored.push_back(*photo);
    }
    const core::Time now = clock_.Now();
    core::Request r;
    r.type = c.type;
    r.channel = c.channel;
    r.category = c.category;
    r.unit = decision->unit;
    r.status = core::Status::kRouted;
    r.priority = decision->priority;
    r.description = c.description;
    r.location = c.location;
    r.citizen_id = c.citizen_id;
    r.contact_id = c.contact_id;
    r.created_by = who.UserId();
    r.api_key_id = who.kind == Principal::Kind::kApiKey ? std::optional<core::Id>(who.id) : std::nullopt;
    r.routing_rule_id = decision->rule_id;
    r.created_at = now;
    r.updated_at = now;
    r.due_at = DueTime(*catalog, r.category, r.unit, now);
    r.year = LocalYear(now);
    if (!c.suggested_category.empty()) {
        r.suggested_category = c.suggested_category;
        r.suggestion_accepted = c.suggested_category == c.category;
    }

    return store_.Write([&](storage::Tx& tx) -> core::Result<Created> {
        r.citizen_id = c.citizen_id;  // the job may run twice (see Store::Write): start from the input again
        if (!c.idempotency_key.empty()) {
            if (auto seen = tx.FindIdempotency(who.Key(), c.idempotency_key)) {
                if (seen->body_hash != c.body_hash) {
                    return MakeError(ErrorCode::kConflict,
                                     "Bu Idempotency-Key başka bir istek için kullanılmış.", "Idempotency-Key");
                }
                auto first = tx.FindRequest(seen->request_id);
                if (!first) {
                    return NotFound();
                }
                return Created{*first, true};
            }
        }
        if (r.citizen_id && !tx.FindCitizen(*r.citizen_id)) {
            return MakeError(ErrorCode::kUnknownReference, "Vatandaş bulunamadı.", "citizen_id");
        }
        if (c.citizen && !c.citizen_id) {
            core::Citizen citizen;
            citizen.phone = c.citizen->phone;
            citizen.first_name = c.citizen->first_name;
            citizen.last_name = c.citizen->last_name;
            citizen.tckn = c.citizen->tckn;
            citizen.email = c.citizen->email;
            citizen.kvkk_consent = c.citizen->kvkk_consent;
            citizen.created_at = citizen.updated_at = now;
            r.citizen_id = tx.InsertCitizen(citizen);
        }
        std::optional<core::Contact> contact;
        if (r.contact_id) {
            contact = tx.FindContact(*r.contact_id);
            if (!contact) {
                return MakeError(ErrorCode::kUnknownReference, "Görüşme kaydı bulunamadı.", "contact_id");
            }
        }
        r.sequence = tx.NextSequence("tracking-" + std::to_string(r.year));
        r.tracking_number = core::FormatTrackingNumber({r.year, r.sequence});
        r.id = tx.InsertRequest(r);

        core::Event created{.request_id = r.id, .at = now, .actor_id = who.UserId(), .kind = "created",
                            .to_status = core::Status::kNew, .is_public = true,
                            .text = std::string("Başvuru alındı (") + std::string(core::LabelTr(r.channel)) + ")."};
        if (who.kind == Principal::Kind::kApiKey) {
            created.text += " Sistem: " + who.name;
        }
        tx.InsertEvent(created);
        core::Event routed{.request_id = r.id, .at = now, .kind = "routed", .from_status = core::Status::kNew,
                           .to_status = core::Status::kRouted, .is_public = true, .text = decision->reason,
                           .changes = {{"unit", "", r.unit}}};
        if (decision->rule_id) {
            routed.changes.push_back({"routing_rule_id", "", std::to_string(*decision->rule_id)});
        }
        tx.InsertEvent(routed);
        for (const auto& p : stored) {
            tx.InsertPhoto({.request_id = r.id, .sha256 = p.sha256, .content_type = p.content_type, .size = p.size,
                            .created_at = now, .uploaded_by = who.UserId()});
        }
        tx.IndexRequestText(r.id, core::FoldForIndex(r.description), core::FoldForIndex(AddressText(r.location)), "");
        CountCreated(tx, r);
        if (r.suggestion_accepted) {
            tx.BumpSuggestionRollup(LocalDay(now), r.suggested_category, *r.suggestion_accepted);
        }
        if (contact) {
            core::Contact before = *contact;
            contact->request_id = r.id;
            contact->citizen_id = contact->citizen_id ? contact->citizen_id : r.citizen_id;
            if (contact->ended_at && !contact->outcome) {
                contact->outcome = core::ContactOutcome::kRequestOpened;
            }
            contact->version += 1;
            tx.UpdateContact(*contact);
            CountContact(tx, &before, *contact);
        }
        if (!c.idempotency_key.empty()) {
            tx.InsertIdempotency(who.Key(), c.idempotency_key, {c.body_hash, r.id}, now);
        }
        if (c.also_write) {
            c.also_write(tx, r);
        }
        return Created{r, false};
    });
}

core::Result<core::Request> RequestService::Get(const Principal& who, core::Id id) const {
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequest(id); });
    if (!r || !CanSee(who, *r)) {
        return NotFound();
    }
    return *r;
}

core::Result<core::Request> RequestService::GetByNumber(const Principal& who, std::string_view tracking_number) const {
    auto number = core::ParseTrackingNumber(tracking_number);
    ALO153_TRY(number);
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequestByNumber(number->year, number->sequence); });
    if (!r || !CanSee(who, *r)) {
        return NotFound();
    }
    return *r;
}

core::Result<RequestPage> RequestService::List(const Principal& who, storage::RequestFilter filter,
                                               std::string_view text, std::string_view cursor) const {
    if (who.IsUnitRole()) {
        filter.units = {who.unit};  // deny by default: a unit sees its own queue only
    }
    if (filter.limit < 1 || filter.limit > 200) {
        return MakeError(ErrorCode::kValidation, "Sayfa boyutu 1 ile 200 arasında olmalı.", "limit");
    }
    const bool due_order = filter.order == storage::RequestFilter::Order::kDueFirst;
    if (!cursor.empty()) {
        filter.after = ParseCursor(cursor, due_order);
        if (!filter.after) {
            return MakeError(ErrorCode::kValidation, "Sayfa imleci geçersiz.", "cursor");
        }
    }
    if (!text.empty()) {
        filter.fts_query = BuildFtsQuery(text);
        if (filter.fts_query.empty()) {
            return RequestPage{};
        }
    }
    int limit = filter.limit;
    filter.limit = limit + 1;  // one more tells whether a next page exists
    RequestPage page;
    page.items = store_.Read([&](storage::Tx& tx) { return tx.ListRequests(filter); });
    if (static_cast<int>(page.items.size()) > limit) {
        page.items.resize(static_cast<std::size_t>(limit));
        const auto& last = page.items.back();
        page.next_cursor = due_order ? std::to_string(core::ToUnix(last.due_at)) + "." + std::to_string(last.id)
                                     : std::to_string(last.id);
    }
    return page;
}

core::Result<std::vector<core::Event>> RequestService::History(const Principal& who, core::Id id) const {
    return store_.Read([&](storage::Tx& tx) -> core::Result<std::vector<core::Event>> {
        auto r = tx.FindRequest(id);
        if (!r || !CanSee(who, *r)) {
            return NotFound();
        }
        return tx.ListEvents(id);
    });
}

core::Result<std::vector<core::Photo>> RequestService::Photos(const Principal& who, core::Id id) const {
    return store_.Read([&](storage::Tx& tx) -> core::Result<std::vector<core::Photo>> {
        auto r = tx.FindRequest(id);
        if (!r || !CanSee(who, *r)) {
            return NotFound();
        }
        return tx.ListPhotos(id);
    });
}

core::Result<core::Request> RequestService::Act(const Principal& who, core::Id id, core::Action action,
                                                const ActionInput& input) {
    using core::Action;
    auto catalog = catalog_.Current();
    const bool needs_text = action == Action::kHold || action == Action::kReject || action == Action::kReopen ||
                            action == Action::kReroute || action == Action::kResolve;
    std::string text;
    if (needs_text || !input.text.empty()) {
        auto clean = core::CleanText(input.text, action == Action::kResolve ? "answer" : "reason",
                                     limits_.note_chars, needs_text);
        ALO153_TRY(clean);
        text = *clean;
    }
    if (action == Action::kReroute) {
        const core::Unit* unit = catalog->FindUnit(input.unit);
        if (unit == nullptr || !unit->active) {
            return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + input.unit, "unit");
        }
        if (!input.category.empty()) {
            const core::Category* c = catalog->FindCategory(input.category);
            if (c == nullptr || !c->active || c->IsTopLevel()) {
                return MakeError(ErrorCode::kUnknownReference, "Alt konu bulunamadı: " + input.category,
                                 "category");
            }
        }
    }
    if (action == Action::kAssign && !input.assignee) {
        return MakeError(ErrorCode::kValidation, "Atanacak personel zorunludur.", "assignee_id");
    }
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Request> {
        auto found = tx.FindRequest(id);
        if (!found || !CanSee(who, *found)) {
            return NotFound();
        }
        if (!MayAct(who, action)) {
            return MakeError(ErrorCode::kForbidden, "Bu işlem için yetkiniz yok.");
        }
        if (input.if_match && *input.if_match != found->version) {
            return MakeError(ErrorCode::kPreconditionFailed,
                             "Başvuru siz görüntüledikten sonra değişmiş; lütfen yenileyip tekrar deneyin.");
        }
        const core::Request before = *found;
        core::Request r = *found;
        auto next = core::NextStatus(r.status, action);
        ALO153_TRY(next);
        r.status = *next;
        switch (action) {
            case Action::kAccept:
                if (r.accepted_at) {
                    return MakeError(ErrorCode::kIllegalTransition, "Başvuru zaten kabul edilmiş.");
                }
                r.accepted_at = now;
                break;
            case Action::kAssign: {
                auto user = tx.FindUser(*input.assignee);
                if (!user || !user->active || user->unit != r.unit) {
                    return MakeError(ErrorCode::kUnknownReference, "Bu birimde böyle bir personel yok.",
                                     "assignee_id");
                }
                if (who.role == core::Role::kUnitStaff && user->id != who.id) {
                    return MakeError(ErrorCode::kForbidden, "Birim personeli yalnızca kendine atama yapabilir.");
                }
                r.assignee_id = user->id;
                if (!r.accepted_at) {
                    r.accepted_at = now;
                }
                break;
            }
            case Action::kStart:
                if (!r.accepted_at) {
                    r.accepted_at = now;
                }
                break;
            case Action::kHold:
                r.hold_started_at = now;
                break;
            case Action::kResume: {
                // The SLA clock stopped while on hold: what was left at the hold is counted again from now.
                const core::Category* c = catalog->FindCategory(r.category);
                auto clock = c != nullptr ? c->clock : core::SlaClock::kAroundTheClock;
                auto hours = HoursOf(catalog->FindUnit(r.unit));
                core::Time held_at = r.hold_started_at.value_or(now);
                auto left = calendar_.CountedMinutes(held_at, r.due_at, clock, hours);
                r.due_at = calendar_.DueTime(now, left, clock, hours);
                r.hold_started_at.reset();
                break;
            }
            case Action::kResolve:
                r.public_answer = text;
                r.resolved_at = now;
                break;
            case Action::kClose:
                r.closed_at = now;
                break;
            case Action::kReject:
                r.reject_reason = text;
                r.hold_started_at.reset();
                break;
            case Action::kReopen:
                r.resolved_at.reset();
                r.closed_at.reset();
                r.hold_started_at.reset();
                r.accepted_at.reset();
                r.due_at = DueTime(*catalog, r.category, r.unit, now);
                break;
            case Action::kReroute:
                if (input.unit == r.unit && (input.category.empty() || input.category == r.category)) {
                    return MakeError(ErrorCode::kValidation, "Başvuru zaten bu birimde.", "unit");
                }
                r.unit = input.unit;
                if (!input.category.empty() && input.category != r.category) {
                    r.category = input.category;
                    r.due_at = DueTime(*catalog, r.category, r.unit, r.created_at);
                }
                r.assignee_id.reset();
                r.accepted_at.reset();
                r.hold_started_at.reset();
                break;
            case Action::kRoute:
                break;
        }
        r.version += 1;
        r.updated_at = now;
        tx.UpdateRequest(r);
        core::Event event{.request_id = r.id, .at = now, .actor_id = who.UserId(),
                          .kind = std::string(core::ToCode(action)), .from_status = before.status,
                          .to_status = r.status, .text = text, .changes = Diff(before, r)};
        // The citizen sees status changes (a re-routing is the municipality's internal business).
        event.is_public = before.status != r.status && action != Action::kReroute;
        tx.InsertEvent(event);
        if (!text.empty()) {
            std::string notes = tx.IndexedNotes(r.id) + " " + core::FoldForIndex(text);
            tx.IndexRequestText(r.id, core::FoldForIndex(r.description), core::FoldForIndex(AddressText(r.location)),
                                notes);
        }
        CountChanged(tx, before, r);
        return r;
    });
}

core::Result<core::Event> RequestService::AddNote(const Principal& who, core::Id id, std::string_view text,
                                                  bool is_public) {
    auto clean = core::CleanText(text, "text", limits_.note_chars, true);
    ALO153_TRY(clean);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Event> {
        auto r = tx.FindRequest(id);
        if (!r || !CanSee(who, *r)) {
            return NotFound();
        }
        if (is_public && who.role == core::Role::kAgent) {
            return MakeError(ErrorCode::kForbidden, "Kamuya açık yanıtı birim personeli verir.");
        }
        core::Event e{.request_id = id, .at = now, .actor_id = who.UserId(), .kind = is_public ? "answer" : "note",
                      .is_public = is_public, .text = *clean};
        e.id = tx.InsertEvent(e);
        e.actor_name = who.name;
        std::string notes = tx.IndexedNotes(id) + " " + core::FoldForIndex(*clean);
        tx.IndexRequestText(id, core::FoldForIndex(r->description), core::FoldForIndex(AddressText(r->location)), notes);
        core::Request updated = *r;
        updated.updated_at = now;
        tx.UpdateRequest(updated);
        return e;
    });
}

core::Result<Commented> RequestService::AddComment(const Principal& who, core::Id id, std::string_view text,
                                                   bool reopen) {
    auto clean = core::CleanText(text, "description", limits_.note_chars, true);
    ALO153_TRY(clean);
    auto catalog = catalog_.Current();
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<Commented> {
        auto found = tx.FindRequest(id);
        if (!found || !CanSee(who, *found)) {
            return NotFound();
        }
        Commented out;
        out.comment = {.request_id = id, .at = now, .actor_id = who.UserId(), .kind = "comment", .is_public = true,
                       .text = *clean};
        out.comment.id = tx.InsertEvent(out.comment);
        const core::Request before = *found;
        core::Request r = *found;
        auto next = core::NextStatus(r.status, core::Action::kReopen);
        if (reopen && next.ok() && MayAct(who, core::Action::kReopen)) {
            // "Still not fixed": the same change as the reopen action, with a new SLA from now.
            r.status = *next;
            r.resolved_at.reset();
            r.closed_at.reset();
            r.hold_started_at.reset();
            r.accepted_at.reset();
            r.due_at = DueTime(*catalog, r.category, r.unit, now);
            r.version += 1;
            out.reopened = true;
        }
        r.updated_at = now;
        tx.UpdateRequest(r);
        if (out.reopened) {
            tx.InsertEvent({.request_id = id, .at = now, .actor_id = who.UserId(), .kind = "reopen",
                            .from_status = before.status, .to_status = r.status, .is_public = true,
                            .text = "Vatandaş sorunun sürdüğünü bildirdi.", .changes = Diff(before, r)});
            CountChanged(tx, before, r);
        }
        std::string notes = tx.IndexedNotes(id) + " " + core::FoldForIndex(*clean);
        tx.IndexRequestText(id, core::FoldForIndex(r.description), core::FoldForIndex(AddressText(r.location)), notes);
        out.request = r;
        return out;
    });
}

core::Result<core::Photo> RequestService::AddPhoto(const Principal& who, core::Id id, std::string_view bytes) {
    auto visible = Get(who, id);
    ALO153_TRY(visible);
    auto stored = photos_.Save(bytes);
    ALO153_TRY(stored);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Photo> {
        auto r = tx.FindRequest(id);
        if (!r || !CanSee(who, *r)) {
            return NotFound();
        }
        if (tx.ListPhotos(id).size() >= limits_.max_photos * 4) {
            return MakeError(ErrorCode::kValidation, "Bu başvuruya daha fazla fotoğraf eklenemez.", "photo");
        }
        core::Photo p{.request_id = id, .sha256 = stored->sha256, .content_type = stored->content_type,
                      .size = stored->size, .created_at = now, .uploaded_by = who.UserId()};
        p.id = tx.InsertPhoto(p);
        tx.InsertEvent({.request_id = id, .at = now, .actor_id = who.UserId(), .kind = "photo_added",
                        .text = stored->sha256});
        return p;
    });
}

core::Result<core::Request> RequestService::Track(std::string_view tracking_number,
                                                  std::string_view phone_last4) const {
    auto number = core::ParseTrackingNumber(tracking_number);
    ALO153_TRY(number);
    if (phone_last4.size() != 4 || phone_last4.find_first_not_of("0123456789") != std::string_view::npos) {
        return MakeError(ErrorCode::kValidation, "Telefon numaranızın son dört hanesini girin.", "phone_last4");
    }
    return store_.Read([&](storage::Tx& tx) -> core::Result<core::Request> {
        auto r = tx.FindRequestByNumber(number->year, number->sequence);
        if (!r || !r->citizen_id) {
            return NotFound();
        }
        auto citizen = tx.FindCitizen(*r->citizen_id);
        if (!citizen || citizen->phone.size() < 4 || core::PhoneLastFour(citizen->phone) != phone_last4) {
            return NotFound();
        }
        return *r;
    });
}

std::vector<core::Event> RequestService::PublicHistory(core::Id id) const {
    auto events = store_.Read([&](storage::Tx& tx) { return tx.ListEvents(id); });
    std::vector<core::Event> out;
    for (auto& e : events) {
        if (!e.is_public) {
            continue;
        }
        e.actor_id.reset();
        e.actor_name.clear();
        e.changes.clear();
        // Only answers and reasons meant for the citizen keep their text; the rest may be internal.
        if (e.kind == "routed") {
            e.text = "Başvurunuz ilgili birime iletildi.";
        } else if (e.kind != "created" && e.kind != "resolve" && e.kind != "reject" && e.kind != "answer" &&
                   e.kind != "comment") {
            e.text.clear();
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace alo153::app
