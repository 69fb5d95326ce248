#include "app/contact_service.hpp"

#include "app/request_common.hpp"
#include "app/rollups.hpp"
#include "core/phone.hpp"
#include "core/turkish_fold.hpp"
#include "core/validation.hpp"

namespace alo153::app {
namespace {
using core::ErrorCode;
using core::MakeError;

core::Error ContactNotFound() { return MakeError(ErrorCode::kNotFound, "Görüşme kaydı bulunamadı."); }

core::Result<void> RequireCallCenter(const Principal& who) {
    return RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin});
}
}  // namespace

ContactService::ContactService(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

core::Result<void> ContactService::CheckArticle(storage::Tx& tx, const std::optional<core::Id>& id) const {
    if (id && !tx.FindArticle(*id)) {
        return MakeError(ErrorCode::kUnknownReference, "Bilgi bankası makalesi bulunamadı.", "article_id");
    }
    return core::Ok();
}

core::Result<core::Contact> ContactService::Start(const Principal& who, const StartContact& input) {
    ALO153_TRY(RequireCallCenter(who));
    core::Contact c;
    c.channel = input.channel;
    if (!input.caller_phone.empty()) {
        auto phone = core::NormalizePhone(input.caller_phone);
        ALO153_TRY(phone);
        c.caller_phone = *phone;
    }
    auto note = core::CleanText(input.note, "note", 2000, false);
    ALO153_TRY(note);
    c.note = *note;
    c.citizen_id = input.citizen_id;
    c.agent_id = who.UserId();
    c.started_at = clock_.Now();
    if (input.outcome) {
        if (*input.outcome == core::ContactOutcome::kRequestOpened) {
            return MakeError(ErrorCode::kValidation, "Başvuru açılan görüşme başvuru ile birlikte kaydedilir.",
                             "outcome");
        }
        c.outcome = input.outcome;
        c.ended_at = c.started_at;
        c.article_id = input.article_id;
    }
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Contact> {
        c.citizen_id = input.citizen_id;  // the job may run twice (see Store::Write): start from the input again
        if (c.citizen_id && !tx.FindCitizen(*c.citizen_id)) {
            return MakeError(ErrorCode::kUnknownReference, "Vatandaş bulunamadı.", "citizen_id");
        }
        if (!c.citizen_id && !c.caller_phone.empty()) {
            auto known = tx.FindCitizensByPhone(c.caller_phone);
            if (known.size() == 1) {
                c.citizen_id = known.front().id;
            }
        }
        ALO153_TRY(CheckArticle(tx, c.article_id));
        c.id = tx.InsertContact(c);
        CountContact(tx, nullptr, c);
        return c;
    });
}

core::Result<core::Contact> ContactService::End(const Principal& who, core::Id id, const EndContact& input) {
    ALO153_TRY(RequireCallCenter(who));
    auto note = core::CleanText(input.note, "note", 2000, false);
    ALO153_TRY(note);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Contact> {
        auto c = tx.FindContact(id);
        if (!c) {
            return ContactNotFound();
        }
        if (c->ended_at) {
            return MakeError(ErrorCode::kIllegalTransition, "Bu görüşme zaten sonlandırılmış.");
        }
        ALO153_TRY(CheckArticle(tx, input.article_id));
        const core::Contact before = *c;
        if (input.request_id) {
            if (!tx.FindRequest(*input.request_id)) {
                return MakeError(ErrorCode::kUnknownReference, "Başvuru bulunamadı.", "request_id");
            }
            c->request_id = input.request_id;
        }
        if (input.outcome == core::ContactOutcome::kRequestOpened && !c->request_id) {
            return MakeError(ErrorCode::kValidation, "Başvuru açıldı sonucu için başvuru gerekli.", "request_id");
        }
        c->outcome = input.outcome;
        c->article_id = input.article_id ? input.article_id : c->article_id;
        c->ended_at = now;
        if (!note->empty()) {
            c->note = c->note.empty() ? *note : c->note + "\n" + *note;
        }
        c->version += 1;
        tx.UpdateContact(*c);
        CountContact(tx, &before, *c);
        return *c;
    });
}

core::Result<core::Contact> ContactService::Get(const Principal& who, core::Id id) const {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    auto c = store_.Read([&](storage::Tx& tx) { return tx.FindContact(id); });
    if (!c) {
        return ContactNotFound();
    }
    return *c;
}

core::Result<std::vector<core::Contact>> ContactService::List(const Principal& who,
                                                              storage::ContactFilter filter) const {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    if (filter.limit < 1 || filter.limit > 200) {
        return MakeError(ErrorCode::kValidation, "Sayfa boyutu 1 ile 200 arasında olmalı.", "limit");
    }
    if (!filter.caller_phone.empty()) {
        auto phone = core::NormalizePhone(filter.caller_phone);
        ALO153_TRY(phone);
        filter.caller_phone = *phone;
    }
    return store_.Read([&](storage::Tx& tx) { return tx.ListContacts(filter); });
}

}  // namespace alo153::app
