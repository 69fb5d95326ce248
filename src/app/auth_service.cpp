#include "app/auth_service.hpp"

#include <sodium.h>

#include <regex>
#include <stdexcept>

#include "core/validation.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

const std::regex kUsernamePattern("^[a-z0-9._-]{3,32}$");
constexpr std::size_t kMinPassword = 10;
constexpr std::size_t kMaxPassword = 256;

core::Error BadCredentials() { return MakeError(ErrorCode::kUnauthenticated, "Kullanıcı adı veya parola hatalı."); }

core::Result<void> CheckPassword(const std::string& password) {
    if (password.size() < kMinPassword || password.size() > kMaxPassword) {
        return MakeError(ErrorCode::kValidation, "Parola en az 10, en fazla 256 karakter olmalı.", "password");
    }
    return core::Ok();
}

bool ActiveUnitExists(storage::Tx& tx, const std::string& code) {
    for (const auto& u : tx.ListUnits()) {
        if (u.code == code && u.active) {
            return true;
        }
    }
    return false;
}

Principal FromUser(const core::User& u) {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = u.id;
    p.role = u.role;
    p.unit = u.unit;
    p.name = u.display_name;
    return p;
}

}  // namespace

std::string RandomHex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    return hex;
}

std::string SecretDigest(const std::string& secret) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                       0);
    std::string hex(64, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, out, sizeof out);
    return hex;
}

std::string AuthService::HashPassword(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("out of memory hashing a password");
    }
    return out;
}

bool AuthService::VerifyPassword(const std::string& hash, const std::string& password) {
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

AuthService::AuthService(storage::Store& store, const Clock& clock, std::chrono::seconds session_ttl)
    : store_(store), clock_(clock), session_ttl_(session_ttl) {}

core::Result<SignedIn> AuthService::SignIn(const std::string& username, const std::string& password) {
    if (username.size() > 64 || password.size() > kMaxPassword) {
        return BadCredentials();
    }
    std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword(RandomHex(16)); });
    auto user = store_.Read([&](storage::Tx& tx) { return tx.FindUserByName(username); });
    // Argon2id takes a while by design; it runs here, on a handler thread, never inside the writer.
    bool ok = VerifyPassword(user ? user->password_hash : dummy_hash_, password);
    if (!user || !ok || !user->active) {
        return BadCredentials();
    }
    const core::Time now = clock_.Now();
    SignedIn s{RandomHex(32), RandomHex(16), now + session_ttl_, *user};
    auto written = store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        tx.DeleteExpiredSessions(now);
        tx.InsertSession({SecretDigest(s.token), user->id, s.csrf_token, now, s.expires_at});
        return core::Ok();
    });
    ALO153_TRY(written);
    return s;
}

void AuthService::SignOut(const std::string& token) {
    auto digest = SecretDigest(token);
    (void)store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        tx.DeleteSession(digest);
        return core::Ok();
    });
}

core::Result<Principal> AuthService::FromSession(const std::string& token) const {
    if (token.size() != 64) {
        return MakeError(ErrorCode::kUnauthenticated, "Oturum açmanız gerekiyor.");
    }
    const core::Time now = clock_.Now();
    auto digest = SecretDigest(token);
    return store_.Read([&](storage::Tx& tx) -> core::Result<Principal> {
        auto session = tx.FindSession(digest);
        if (!session || session->expires_at <= now) {
            return MakeError(ErrorCode::kUnauthenticated, "Oturumunuzun süresi doldu; lütfen yeniden giriş yapın.");
        }
        auto user = tx.FindUser(session->user_id);
        if (!user || !user->active) {
            return MakeError(ErrorCode::kUnauthenticated, "Oturum açmanız gerekiyor.");
        }
        Principal p = FromUser(*user);
        p.csrf_token = session->csrf_token;
        return p;
    });
}

core::Result<Principal> AuthService::FromApiKey(const std::string& key) const {
    // alo153_<12 hex prefix>_<64 hex secret>
    auto bad = MakeError(ErrorCode::kUnauthenticated, "API anahtarı geçersiz.");
    if (key.size() != 7 + 12 + 1 + 64 || key.rfind("alo153_", 0) != 0 || key[19] != '_') {
        return bad;
    }
    std::string prefix = key.substr(7, 12);
    auto found = store_.Read([&](storage::Tx& tx) { return tx.FindApiKeyByPrefix(prefix); });
    if (!found || !found->active) {
        return bad;
    }
    std::string digest = SecretDigest(key);
    if (digest.size() != found->key_hash.size() ||
        sodium_memcmp(digest.data(), found->key_hash.data(), digest.size()) != 0) {
        return bad;
    }
    Principal p;
    p.kind = Principal::Kind::kApiKey;
    p.id = found->id;
    p.role = found->role;
    p.unit = found->unit;
    p.name = found->name;
    return p;
}

core::Result<core::User> AuthService::AddUser(const std::string& username, const std::string& display_name,
                                              core::Role role, const std::string& unit, const std::string& password) {
    if (!std::regex_match(username, kUsernamePattern)) {
        return MakeError(ErrorCode::kValidation,
                         "Kullanıcı adı 3-32 karakter olmalı: küçük harf, rakam, nokta, alt çizgi, tire.", "username");
    }
    auto name = core::CleanText(display_name, "display_name", 100, true);
    ALO153_TRY(name);
    ALO153_TRY(CheckPassword(password));
    bool unit_role = role == core::Role::kUnitStaff || role == core::Role::kUnitManager;
    if (unit_role && unit.empty()) {
        return MakeError(ErrorCode::kValidation, "Birim personeli için birim zorunludur.", "unit");
    }
    core::User user;
    user.username = username;
    user.display_name = *name;
    user.role = role;
    user.unit = unit_role ? unit : std::string{};
    user.password_hash = HashPassword(password);
    user.created_at = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::User> {
        if (tx.FindUserByName(username)) {
            return MakeError(ErrorCode::kConflict, "Bu kullanıcı adı alınmış.", "username");
        }
        if (unit_role && !ActiveUnitExists(tx, unit)) {
            return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + unit, "unit");
        }
        user.id = tx.InsertUser(user);
        return user;
    });
}

core::Result<void> AuthService::SetPassword(const std::string& username, const std::string& password) {
    ALO153_TRY(CheckPassword(password));
    std::string hash = HashPassword(password);
    return store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        auto user = tx.FindUserByName(username);
        if (!user) {
            return MakeError(ErrorCode::kNotFound, "Kullanıcı bulunamadı: " + username);
        }
        user->password_hash = hash;
        tx.UpdateUser(*user);
        tx.DeleteSessionsOf(user->id);
        return core::Ok();
    });
}

core::Result<void> AuthService::Disable(const std::string& username) {
    return store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        auto user = tx.FindUserByName(username);
        if (!user) {
            return MakeError(ErrorCode::kNotFound, "Kullanıcı bulunamadı: " + username);
        }
        user->active = false;
        tx.UpdateUser(*user);
        tx.DeleteSessionsOf(user->id);
        return core::Ok();
    });
}

core::Result<core::User> AuthService::UpdateUser(core::Id id, std::optional<std::string> display_name,
                                                 std::optional<core::Role> role, std::optional<std::string> unit,
                                                 std::optional<bool> active) {
    if (display_name) {
        auto name = core::CleanText(*display_name, "display_name", 100, true);
        ALO153_TRY(name);
        display_name = *name;
    }
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::User> {
        auto user = tx.FindUser(id);
        if (!user) {
            return MakeError(ErrorCode::kNotFound, "Kullanıcı bulunamadı.");
        }
        user->display_name = display_name.value_or(user->display_name);
        user->role = role.value_or(user->role);
        user->unit = unit.value_or(user->unit);
        user->active = active.value_or(user->active);
        bool unit_role = user->role == core::Role::kUnitStaff || user->role == core::Role::kUnitManager;
        if (unit_role && user->unit.empty()) {
            return MakeError(ErrorCode::kValidation, "Birim personeli için birim zorunludur.", "unit");
        }
        if (unit_role && !ActiveUnitExists(tx, user->unit)) {
            return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + user->unit, "unit");
        }
        if (!unit_role) {
            user->unit.clear();
        }
        tx.UpdateUser(*user);
        if (!user->active || role || unit) {
            tx.DeleteSessionsOf(user->id);  // new rights take effect at the next sign-in
        }
        return *user;
    });
}

std::vector<core::User> AuthService::ListUsers() const {
    return store_.Read([](storage::Tx& tx) { return tx.ListUsers(); });
}

core::Result<IssuedKey> AuthService::IssueApiKey(const std::string& name, core::Role role, const std::string& unit) {
    auto clean = core::CleanText(name, "name", 100, true);
    ALO153_TRY(clean);
    IssuedKey issued;
    issued.key.name = *clean;
    issued.key.prefix = RandomHex(6);
    issued.secret = "alo153_" + issued.key.prefix + "_" + RandomHex(32);
    issued.key.key_hash = SecretDigest(issued.secret);
    issued.key.role = role;
    issued.key.unit = unit;
    issued.key.created_at = clock_.Now();
    const bool unit_role = role == core::Role::kUnitStaff || role == core::Role::kUnitManager;
    if (!unit_role) {
        issued.key.unit.clear();
    } else if (unit.empty()) {
        return MakeError(ErrorCode::kValidation, "Birim rolündeki anahtar için birim zorunludur.", "unit");
    }
    return store_.Write([&](storage::Tx& tx) -> core::Result<IssuedKey> {
        if (unit_role && !ActiveUnitExists(tx, unit)) {
            return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + unit, "unit");
        }
        issued.key.id = tx.InsertApiKey(issued.key);
        return issued;
    });
}

core::Result<void> AuthService::RevokeApiKey(core::Id id) {
    const core::Time now = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        for (const auto& k : tx.ListApiKeys()) {
            if (k.id == id) {
                tx.RevokeApiKey(id, now);
                return core::Ok();
            }
        }
        return MakeError(ErrorCode::kNotFound, "API anahtarı bulunamadı.");
    });
}

std::vector<core::ApiKey> AuthService::ListApiKeys() const {
    return store_.Read([](storage::Tx& tx) { return tx.ListApiKeys(); });
}

}  // namespace alo153::app
