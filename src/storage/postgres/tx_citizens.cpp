// Citizens (with the log of who opened their personal data) and contacts.
#include "storage/postgres/pg_tx.hpp"

#include <functional>
#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kFindCitizen =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE id = $1";

// In a write transaction: the row is read to be checked and written back (PgTx's comment).
constexpr const char* kFindCitizenForUpdate =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE id = $1 FOR UPDATE";

constexpr const char* kFindCitizensByPhone =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE phone = $1 AND phone <> '' ORDER BY id LIMIT 20";  // <> '': the partial index applies
constexpr const char* kInsertCitizen =
    "INSERT INTO citizens (phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, "
    "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

constexpr const char* kUpdateCitizen =
    "UPDATE citizens SET phone = $2, first_name = $3, last_name = $4, tckn = $5, email = $6, address = $7, "
    "kvkk_consent = $8, updated_at = $9, version = $10 WHERE id = $1";

constexpr const char* kLogPii = "INSERT INTO pii_access_log (user_id, citizen_id, at, reason) VALUES ($1, $2, $3, $4)";

constexpr const char* kContactColumns =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts ";

constexpr const char* kFindContact =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id = $1";

constexpr const char* kFindContactForUpdate =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id = $1 FOR UPDATE";

constexpr const char* kInsertContact =
    "INSERT INTO contacts (channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, "
    "ended_at, outcome, note, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";

constexpr const char* kUpdateContact =
    "UPDATE contacts SET channel = $2, caller_phone = $3, citizen_id = $4, agent_id = $5, request_id = $6, "
    "article_id = $7, started_at = $8, ended_at = $9, outcome = $10, note = $11, version = $12 WHERE id = $1";

constexpr const char* kListContactsAfter =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id > $1 ORDER BY id LIMIT $2";

constexpr const char* kMaxContactId = "SELECT coalesce(max(id), 0) FROM contacts";

core::Citizen ReadCitizen(const Statement& s) {
    core::Citizen c;
    c.id = s.Int(0);
    c.phone = s.Text(1);
    c.first_name = s.Text(2);
    c.last_name = s.Text(3);
    c.tckn = s.Text(4);
    c.email = s.Text(5);
    c.address = s.Text(6);
    c.kvkk_consent = s.Int(7) != 0;
    c.created_at = FromUnix(s.Int(8));
    c.updated_at = FromUnix(s.Int(9));
    c.version = static_cast<int>(s.Int(10));
    return c;
}

core::Contact ReadContact(const Statement& s) {
    core::Contact c;
    c.id = s.Int(0);
    c.channel = ParseOr(core::ParseChannel, s.Text(1), core::Channel::kPhone);
    c.caller_phone = s.Text(2);
    c.citizen_id = s.OptInt(3);
    c.agent_id = s.OptInt(4);
    c.request_id = s.OptInt(5);
    c.article_id = s.OptInt(6);
    c.started_at = FromUnix(s.Int(7));
    c.ended_at = OptTime(s, 8);
    if (!s.IsNull(9)) {
        c.outcome = core::ParseContactOutcome(s.Text(9));
    }
    c.note = s.Text(10);
    c.version = static_cast<int>(s.Int(11));
    return c;
}

void BindCitizen(Statement& s, const core::Citizen& c, int first) {
    s.Bind(first, c.phone).Bind(first + 1, c.first_name).Bind(first + 2, c.last_name).Bind(first + 3, c.tckn);
    s.Bind(first + 4, c.email).Bind(first + 5, c.address).Bind(first + 6, c.kvkk_consent);
}

void BindContact(Statement& s, const core::Contact& c, int first) {
    s.Bind(first, core::ToCode(c.channel)).Bind(first + 1, c.caller_phone).Bind(first + 2, c.citizen_id);
    s.Bind(first + 3, c.agent_id).Bind(first + 4, c.request_id).Bind(first + 5, c.article_id);
    s.Bind(first + 6, ToUnix(c.started_at)).Bind(first + 7, OptUnix(c.ended_at));
    if (c.outcome) {
        s.Bind(first + 8, core::ToCode(*c.outcome));
    } else {
        s.BindNull(first + 8);
    }
    s.Bind(first + 9, c.note).Bind(first + 10, c.version);
}

}  // namespace

std::optional<core::Citizen> PgTx::FindCitizen(Id id) {
    auto s = conn_.Prepare(writable_ ? kFindCitizenForUpdate : kFindCitizen);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadCitizen(s);
}

std::vector<core::Citizen> PgTx::FindCitizensByPhone(const std::string& e164) {
    std::vector<core::Citizen> out;
    auto s = conn_.Prepare(kFindCitizensByPhone);
    s.Bind(1, e164);
    while (s.Step()) {
        out.push_back(ReadCitizen(s));
    }
    return out;
}

Id PgTx::InsertCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kInsertCitizen);
    BindCitizen(s, c, 1);
    return s.Bind(8, ToUnix(c.created_at)).Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).RunReturningId();
}

void PgTx::UpdateCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kUpdateCitizen);
    s.Bind(1, c.id);
    BindCitizen(s, c, 2);
    s.Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).Run();
}

void PgTx::LogPiiAccess(Id user_id, Id citizen_id, Time at, const std::string& reason) {
    conn_.Prepare(kLogPii).Bind(1, user_id).Bind(2, citizen_id).Bind(3, ToUnix(at)).Bind(4, reason).Run();
}

Id PgTx::InsertContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kInsertContact);
    BindContact(s, contact, 1);
    return s.RunReturningId();
}

std::optional<core::Contact> PgTx::FindContact(Id id) {
    auto s = conn_.Prepare(writable_ ? kFindContactForUpdate : kFindContact);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadContact(s);
}

void PgTx::UpdateContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kUpdateContact);
    s.Bind(1, contact.id);
    BindContact(s, contact, 2);
    s.Run();
}

std::vector<core::Contact> PgTx::ListContacts(const ContactFilter& f) {
    std::string sql = kContactColumns;
    sql += "WHERE true";
    DynamicBinds binds;
    if (f.citizen_id) {
        sql += " AND citizen_id = " + binds.Next(*f.citizen_id);
    }
    if (!f.caller_phone.empty()) {
        // <> '': lets the partial index contacts_phone serve.
        sql += " AND caller_phone = " + binds.Next(f.caller_phone) + " AND caller_phone <> ''";
    }
    if (f.agent_id) {
        sql += " AND agent_id = " + binds.Next(*f.agent_id);
    }
    if (f.started_from) {
        sql += " AND started_at >= " + binds.Next(ToUnix(*f.started_from));
    }
    if (f.started_to) {
        sql += " AND started_at < " + binds.Next(ToUnix(*f.started_to));
    }
    if (f.before_id) {
        sql += " AND id < " + binds.Next(*f.before_id);
    }
    sql += " ORDER BY id DESC LIMIT " + binds.Next(f.limit);
    auto s = conn_.PrepareDynamic(sql);
    binds.ApplyTo(s);
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

std::vector<core::Contact> PgTx::ListContactsAfter(Id after, int limit) {
    auto s = conn_.Prepare(kListContactsAfter);
    s.Bind(1, after).Bind(2, limit);
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

Id PgTx::MaxContactId() {
    auto s = conn_.Prepare(kMaxContactId);
    return s.Step() ? s.Int(0) : 0;
}

}  // namespace alo153::storage::postgres
