#include "app/intake_service.hpp"

#include "app/clock.hpp"
#include "app/rollups.hpp"
#include "core/labels.hpp"
#include "core/phone.hpp"
#include "core/tc_kimlik.hpp"
#include "core/tracking_number.hpp"
#include "core/turkish_fold.hpp"
#include "core/validation.hpp"

namespace alo153::app {

using core::ErrorCode;
using core::MakeError;

IntakeService::IntakeService(storage::Store& store, CatalogService& catalog, const core::SlaCalendar& calendar,
                             const PhotoStore& photos, const Clock& clock, RequestLimits limits)
    : store_(store), catalog_(catalog), calendar_(calendar), photos_(photos), clock_(clock), limits_(limits) {}

core::Result<void> IntakeService::Validate(CreateRequest& c, const routing::Catalog& catalog) const {
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
        return MakeError(ErrorCode::kValidation, "Idempotency-Key en fazla 200 karakter olabilir.", "Idempotency-Key");
    }
    return core::Ok();
}

core::Result<Created> IntakeService::Create(const Principal& who, CreateRequest c) {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    if (who.kind == Principal::Kind::kPublic) {
        return MakeError(ErrorCode::kForbidden, "Bu işlem için yetkiniz yok.");
    }
    return Record(who, std::move(c));
}

core::Result<Created> IntakeService::CreateFromPortal(CreateRequest c) {
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

core::Result<Created> IntakeService::Record(const Principal& who, CreateRequest c) {
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
    r.due_at = core::DueTime(calendar_, SlaTermsFrom(*catalog)(r.category, r.unit), now);
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
                    return MakeError(ErrorCode::kConflict, "Bu Idempotency-Key başka bir istek için kullanılmış.",
                                     "Idempotency-Key");
                }
                auto first = tx.FindRequest(seen->request_id);
                if (!first) {
                    return RequestNotFound();
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

        core::Event created{.request_id = r.id,
                            .at = now,
                            .actor_id = who.UserId(),
                            .kind = "created",
                            .to_status = core::Status::kNew,
                            .is_public = true,
                            .text = CreatedEventText(r.channel)};
        if (who.kind == Principal::Kind::kApiKey) {
            created.text += " Sistem: " + who.name;
        }
        tx.InsertEvent(created);
        core::Event routed{.request_id = r.id,
                           .at = now,
                           .kind = "routed",
                           .from_status = core::Status::kNew,
                           .to_status = core::Status::kRouted,
                           .is_public = true,
                           .text = decision->reason,
                           .changes = {{"unit", "", r.unit}}};
        if (decision->rule_id) {
            routed.changes.push_back({"routing_rule_id", "", std::to_string(*decision->rule_id)});
        }
        tx.InsertEvent(routed);
        for (const auto& p : stored) {
            tx.InsertPhoto({.request_id = r.id,
                            .sha256 = p.sha256,
                            .content_type = p.content_type,
                            .size = p.size,
                            .created_at = now,
                            .uploaded_by = who.UserId()});
        }
        tx.IndexRequestText(r.id, core::FoldForIndex(r.description), IndexedAddress(r.location), "");
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

}  // namespace alo153::app
