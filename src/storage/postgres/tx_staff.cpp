// Staff accounts, their sessions, and API keys.
#include "storage/postgres/pg_tx.hpp"

#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kFindUser =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users WHERE id = $1";

constexpr const char* kFindUserByName =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users "
    "WHERE username = $1";

constexpr const char* kListUsers =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users ORDER BY username "
    "COLLATE \"C\"";

constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, role, unit, password_hash, active, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = $2, role = $3, unit = $4, password_hash = $5, active = $6 WHERE id = $1";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";

constexpr const char* kFindSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1";

constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";

constexpr const char* kDeleteSessionsOf = "DELETE FROM sessions WHERE user_id = $1";

constexpr const char* kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= $1";

constexpr const char* kInsertApiKey =
    "INSERT INTO api_keys (name, prefix, key_hash, role, unit, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "RETURNING id";

constexpr const char* kFindApiKey =
    "SELECT id, name, prefix, key_hash, role, unit, active, created_at, revoked_at FROM api_keys WHERE prefix = $1";

constexpr const char* kListApiKeys =
    "SELECT id, name, prefix, key_hash, role, unit, active, created_at, revoked_at FROM api_keys ORDER BY id";

constexpr const char* kRevokeApiKey = "UPDATE api_keys SET active = 0, revoked_at = $2 WHERE id = $1";

core::User ReadUser(const Statement& s) {
    core::User u;
    u.id = s.Int(0);
    u.username = s.Text(1);
    u.display_name = s.Text(2);
    u.role = ParseOr(core::ParseRole, s.Text(3), core::Role::kAgent);
    u.unit = s.Text(4);
    u.password_hash = s.Text(5);
    u.active = s.Int(6) != 0;
    u.created_at = FromUnix(s.Int(7));
    return u;
}

core::ApiKey ReadApiKey(const Statement& s) {
    core::ApiKey k;
    k.id = s.Int(0);
    k.name = s.Text(1);
    k.prefix = s.Text(2);
    k.key_hash = s.Text(3);
    k.role = ParseOr(core::ParseRole, s.Text(4), core::Role::kAgent);
    k.unit = s.Text(5);
    k.active = s.Int(6) != 0;
    k.created_at = FromUnix(s.Int(7));
    k.revoked_at = OptTime(s, 8);
    return k;
}

}  // namespace

std::optional<core::User> PgTx::FindUser(Id id) {
    auto s = conn_.Prepare(kFindUser);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadUser(s);
}

std::optional<core::User> PgTx::FindUserByName(const std::string& username) {
    auto s = conn_.Prepare(kFindUserByName);
    s.Bind(1, username);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadUser(s);
}

std::vector<core::User> PgTx::ListUsers() {
    std::vector<core::User> out;
    auto s = conn_.Prepare(kListUsers);
    while (s.Step()) {
        out.push_back(ReadUser(s));
    }
    return out;
}

Id PgTx::InsertUser(const core::User& u) {
    return conn_.Prepare(kInsertUser)
        .Bind(1, u.username)
        .Bind(2, u.display_name)
        .Bind(3, core::ToCode(u.role))
        .Bind(4, u.unit)
        .Bind(5, u.password_hash)
        .Bind(6, u.active)
        .Bind(7, ToUnix(u.created_at))
        .RunReturningId();
}

void PgTx::UpdateUser(const core::User& u) {
    conn_.Prepare(kUpdateUser)
        .Bind(1, u.id)
        .Bind(2, u.display_name)
        .Bind(3, core::ToCode(u.role))
        .Bind(4, u.unit)
        .Bind(5, u.password_hash)
        .Bind(6, u.active)
        .Run();
}

void PgTx::InsertSession(const core::Session& x) {
    conn_.Prepare(kInsertSession)
        .Bind(1, x.token_hash)
        .Bind(2, x.user_id)
        .Bind(3, x.csrf_token)
        .Bind(4, ToUnix(x.created_at))
        .Bind(5, ToUnix(x.expires_at))
        .Run();
}

std::optional<core::Session> PgTx::FindSession(const std::string& token_hash) {
    auto s = conn_.Prepare(kFindSession);
    s.Bind(1, token_hash);
    if (!s.Step()) {
        return std::nullopt;
    }
    return core::Session{s.Text(0), s.Int(1), s.Text(2), FromUnix(s.Int(3)), FromUnix(s.Int(4))};
}

void PgTx::DeleteSession(const std::string& token_hash) { conn_.Prepare(kDeleteSession).Bind(1, token_hash).Run(); }

void PgTx::DeleteSessionsOf(Id user_id) { conn_.Prepare(kDeleteSessionsOf).Bind(1, user_id).Run(); }

int PgTx::DeleteExpiredSessions(Time now) {
    auto s = conn_.Prepare(kDeleteExpiredSessions);
    return s.Bind(1, ToUnix(now)).RunAffected();
}

Id PgTx::InsertApiKey(const core::ApiKey& k) {
    return conn_.Prepare(kInsertApiKey)
        .Bind(1, k.name)
        .Bind(2, k.prefix)
        .Bind(3, k.key_hash)
        .Bind(4, core::ToCode(k.role))
        .Bind(5, k.unit)
        .Bind(6, k.active)
        .Bind(7, ToUnix(k.created_at))
        .RunReturningId();
}

std::optional<core::ApiKey> PgTx::FindApiKeyByPrefix(const std::string& prefix) {
    auto s = conn_.Prepare(kFindApiKey);
    s.Bind(1, prefix);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadApiKey(s);
}

std::vector<core::ApiKey> PgTx::ListApiKeys() {
    std::vector<core::ApiKey> out;
    auto s = conn_.Prepare(kListApiKeys);
    while (s.Step()) {
        out.push_back(ReadApiKey(s));
    }
    return out;
}

void PgTx::RevokeApiKey(Id id, Time at) { conn_.Prepare(kRevokeApiKey).Bind(1, id).Bind(2, ToUnix(at)).Run(); }

}  // namespace alo153::storage::postgres
