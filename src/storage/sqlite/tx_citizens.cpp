// Citizens (with the log of who opened their personal data) and contacts.
#include "storage/sqlite/sqlite_tx.hpp"

#include <functional>
#include <string>
#include <vector>

#include "storage/sqlite/tx_shared.hpp"

namespace alo153::storage::sqlite {
namespace {

constexpr const char* kFindCitizen =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE id = ?1";

constexpr const char* kFindCitizensByPhone =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE phone = ?1 AND phone <> '' ORDER BY id LIMIT 20";  // <> '': the partial index applies
constexpr const char* kInsertCitizen =
    "INSERT INTO citizens (phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, "
    "updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

constexpr const char* kUpdateCitizen =
    "UPDATE citizens SET phone = ?2, first_name = ?3, last_name = ?4, tckn = ?5, email = ?6, address = ?7, "
    "kvkk_consent = ?8, updated_at = ?9, version = ?10 WHERE id = ?1";

constexpr const char* kLogPii = "INSERT INTO pii_access_log (user_id, citizen_id, at, reason) VALUES (?1, ?2, ?3, ?4)";

constexpr const char* kContactColumns =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts ";

constexpr const char* kFindContact =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id = ?1";

constexpr const char* kInsertContact =
    "INSERT INTO contacts (channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, "
    "ended_at, outcome, note, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

constexpr const char* kUpdateContact =
    "UPDATE contacts SET channel = ?2, caller_phone = ?3, citizen_id = ?4, agent_id = ?5, request_id = ?6, "
    "article_id = ?7, started_at = ?8, ended_at = ?9, outcome = ?10, note = ?11, version = ?12 WHERE id = ?1";

constexpr const char* kListContactsAfter =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id > ?1 ORDER BY id LIMIT ?2";

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

std::optional<core::Citizen> SqliteTx::FindCitizen(Id id) {
    auto s = conn_.Prepare(kFindCitizen);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadCitizen(s);
}

std::vector<core::Citizen> SqliteTx::FindCitizensByPhone(const std::string& e164) {
    std::vector<core::Citizen> out;
    auto s = conn_.Prepare(kFindCitizensByPhone);
    s.Bind(1, e164);
    while (s.Step()) {
        out.push_back(ReadCitizen(s));
    }
    return out;
}

Id SqliteTx::InsertCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kInsertCitizen);
    BindCitizen(s, c, 1);
    s.Bind(8, ToUnix(c.created_at)).Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kUpdateCitizen);
    s.Bind(1, c.id);
    BindCitizen(s, c, 2);
    s.Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).Run();
}

void SqliteTx::LogPiiAccess(Id user_id, Id citizen_id, Time at, const std::string& reason) {
    conn_.Prepare(kLogPii).Bind(1, user_id).Bind(2, citizen_id).Bind(3, ToUnix(at)).Bind(4, reason).Run();
}

Id SqliteTx::InsertContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kInsertContact);
    BindContact(s, contact, 1);
    s.Run();
    return conn_.LastInsertId();
}

std::optional<core::Contact> SqliteTx::FindContact(Id id) {
    auto s = conn_.Prepare(kFindContact);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadContact(s);
}

void SqliteTx::UpdateContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kUpdateContact);
    s.Bind(1, contact.id);
    BindContact(s, contact, 2);
    s.Run();
}

std::vector<core::Contact> SqliteTx::ListContacts(const ContactFilter& f) {
    std::string sql = kContactColumns;
    sql += "WHERE 1";
    std::vector<std::function<void(Statement&, int)>> binds;
    if (f.citizen_id) {
        sql += " AND citizen_id = ?";
        binds.emplace_back([v = *f.citizen_id](Statement& s, int i) { s.Bind(i, v); });
    }
    if (!f.caller_phone.empty()) {
        sql += " AND caller_phone = ? AND caller_phone <> ''";  // lets the partial index contacts_phone serve
        binds.emplace_back([v = f.caller_phone](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.agent_id) {
        sql += " AND agent_id = ?";
        binds.emplace_back([v = *f.agent_id](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.started_from) {
        sql += " AND started_at >= ?";
        binds.emplace_back([v = ToUnix(*f.started_from)](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.started_to) {
        sql += " AND started_at < ?";
        binds.emplace_back([v = ToUnix(*f.started_to)](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.before_id) {
        sql += " AND id < ?";
        binds.emplace_back([v = *f.before_id](Statement& s, int i) { s.Bind(i, v); });
    }
    sql += " ORDER BY id DESC LIMIT ?";
    binds.emplace_back([v = f.limit](Statement& s, int i) { s.Bind(i, v); });
    auto s = conn_.PrepareDynamic(sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
        binds[i](s, static_cast<int>(i + 1));
    }
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

std::vector<core::Contact> SqliteTx::ListContactsAfter(Id after, int limit) {
    auto s = conn_.Prepare(kListContactsAfter);
    s.Bind(1, after).Bind(2, limit);
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

Id SqliteTx::MaxContactId() {
    auto s = conn_.Prepare(kMaxContactId);
    return s.Step() ? s.Int(0) : 0;
}

}  // namespace alo153::storage::sqlite
