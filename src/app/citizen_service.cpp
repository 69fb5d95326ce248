#include "app/citizen_service.hpp"

#include <algorithm>

#include "core/phone.hpp"
#include "core/status_machine.hpp"
#include "core/tc_kimlik.hpp"
#include "core/validation.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

std::string MaskWord(const std::string& s) {
    if (s.empty()) {
        return s;
    }
    // Keep the first letter (which may be a two-byte Turkish letter).
    std::size_t first = (static_cast<unsigned char>(s[0]) & 0x80) != 0 ? 2 : 1;
    return s.substr(0, std::min(first, s.size())) + "***";
}

std::string MaskEmail(const std::string& e) {
    auto at = e.find('@');
    if (at == std::string::npos) {
        return e.empty() ? e : "***";
    }
    return e.substr(0, 1) + "***" + e.substr(at);
}

}  // namespace

CitizenService::CitizenService(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

core::Citizen CitizenService::Masked(core::Citizen c) {
    c.last_name = MaskWord(c.last_name);
    c.tckn = c.tckn.empty() ? c.tckn : core::MaskTcKimlikNo(c.tckn);
    c.email = MaskEmail(c.email);
    c.address = c.address.empty() ? c.address : "***";
    c.phone = c.phone.empty() ? c.phone : core::MaskPhone(c.phone);
    return c;
}

core::Result<CallerHistory> CitizenService::FindByPhone(const Principal& who, std::string_view phone) const {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    auto normal = core::NormalizePhone(phone);
    ALO153_TRY(normal);
    CallerHistory h;
    h.phone = *normal;
    store_.Read([&](storage::Tx& tx) {
        h.citizens = tx.FindCitizensByPhone(h.phone);
        for (const auto& c : h.citizens) {
            storage::RequestFilter f;
            f.citizen_id = c.id;
            f.limit = 50;
            if (who.IsUnitRole()) {
                f.units = {who.unit};
            }
            auto rs = tx.ListRequests(f);
            h.requests.insert(h.requests.end(), rs.begin(), rs.end());
        }
        storage::ContactFilter cf;
        cf.caller_phone = h.phone;
        cf.limit = 20;
        h.contacts = tx.ListContacts(cf);
    });
    std::stable_sort(h.requests.begin(), h.requests.end(), [](const core::Request& a, const core::Request& b) {
        bool ao = core::IsOpen(a.status);
        bool bo = core::IsOpen(b.status);
        return ao != bo ? ao : a.id > b.id;
    });
    for (auto& c : h.citizens) {
        // The agent typed the number, so it stays; the rest is masked until opened.
        std::string phone_number = c.phone;
        c = Masked(std::move(c));
        c.phone = phone_number;
    }
    return h;
}

core::Result<core::Citizen> CitizenService::Get(const Principal& who, core::Id id, bool reveal,
                                                const std::string& reason) {
    if (who.IsUnitRole()) {
        // A unit sees the citizens of its own requests only (deny by default, same answer as "no such citizen").
        bool related = store_.Read([&](storage::Tx& tx) {
            storage::RequestFilter f;
            f.citizen_id = id;
            f.units = {who.unit};
            f.limit = 1;
            return !tx.ListRequests(f).empty();
        });
        if (!related) {
            return MakeError(ErrorCode::kNotFound, "Vatandaş bulunamadı.");
        }
    }
    if (!reveal) {
        auto c = store_.Read([&](storage::Tx& tx) { return tx.FindCitizen(id); });
        if (!c) {
            return MakeError(ErrorCode::kNotFound, "Vatandaş bulunamadı.");
        }
        return Masked(*c);
    }
    if (who.kind != Principal::Kind::kUser) {
        return MakeError(ErrorCode::kForbidden, "Kişisel veriler yalnızca personele açılır.");
    }
    auto clean = core::CleanText(reason, "reason", 200, false);
    ALO153_TRY(clean);
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Citizen> {
        auto c = tx.FindCitizen(id);
        if (!c) {
            return MakeError(ErrorCode::kNotFound, "Vatandaş bulunamadı.");
        }
        tx.LogPiiAccess(who.id, id, now, *clean);
        return *c;
    });
}

core::Result<void> CitizenService::Apply(core::Citizen& c, const CitizenFields& f) const {
    if (f.phone) {
        if (f.phone->empty()) {
            c.phone.clear();
        } else {
            auto p = core::NormalizePhone(*f.phone);
            ALO153_TRY(p);
            c.phone = *p;
        }
    }
    if (f.tckn) {
        if (!f.tckn->empty() && !core::IsValidTcKimlikNo(*f.tckn)) {
            return MakeError(ErrorCode::kValidation, "T.C. kimlik numarası geçersiz.", "tckn");
        }
        c.tckn = *f.tckn;
    }
    auto set = [](std::string& field, const std::optional<std::string>& value, const char* name,
                  std::size_t max) -> core::Result<void> {
        if (!value) {
            return core::Ok();
        }
        auto clean = core::CleanText(*value, name, max, false);
        ALO153_TRY(clean);
        field = *clean;
        return core::Ok();
    };
    ALO153_TRY(set(c.first_name, f.first_name, "first_name", 100));
    ALO153_TRY(set(c.last_name, f.last_name, "last_name", 100));
    ALO153_TRY(set(c.email, f.email, "email", 200));
    ALO153_TRY(set(c.address, f.address, "address", 500));
    if (!c.email.empty() && (c.email.find('@') == std::string::npos || c.email.find(' ') != std::string::npos)) {
        return MakeError(ErrorCode::kValidation, "E-posta adresi geçersiz.", "email");
    }
    c.kvkk_consent = f.kvkk_consent.value_or(c.kvkk_consent);
    return core::Ok();
}

core::Result<core::Citizen> CitizenService::Create(const Principal& who, const CitizenFields& fields) {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    core::Citizen c;
    ALO153_TRY(Apply(c, fields));
    if (c.phone.empty() && c.first_name.empty() && c.last_name.empty()) {
        return MakeError(ErrorCode::kValidation, "Telefon veya ad soyad gerekli.", "phone");
    }
    c.created_at = c.updated_at = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Citizen> {
        c.id = tx.InsertCitizen(c);
        return c;
    });
}

core::Result<core::Citizen> CitizenService::Update(const Principal& who, core::Id id, const CitizenFields& fields,
                                                   std::optional<int> if_match) {
    ALO153_TRY(RequireRole(who, {core::Role::kAgent, core::Role::kSupervisor, core::Role::kAdmin}));
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Citizen> {
        auto c = tx.FindCitizen(id);
        if (!c) {
            return MakeError(ErrorCode::kNotFound, "Vatandaş bulunamadı.");
        }
        if (if_match && *if_match != c->version) {
            return MakeError(ErrorCode::kPreconditionFailed, "Kayıt siz görüntüledikten sonra değişmiş.");
        }
        ALO153_TRY(Apply(*c, fields));
        c->version += 1;
        c->updated_at = now;
        tx.UpdateCitizen(*c);
        return *c;
    });
}

}  // namespace alo153::app
