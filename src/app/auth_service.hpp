#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/clock.hpp"
#include "app/principal.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// A session just opened: the secret token for the cookie, and the CSRF token the client echoes on writes.
struct SignedIn {
    std::string token;
    std::string csrf_token;
    core::Time expires_at{};
    core::User user;
};

/// A new API key: the secret is shown once and stored only as a hash.
struct IssuedKey {
    core::ApiKey key;
    std::string secret;
};

/// Staff accounts (Argon2id via libsodium), sessions and API keys.
class AuthService {
  public:
    AuthService(storage::Store& store, const Clock& clock, std::chrono::seconds session_ttl);

    /// Checks a username and password and opens a session. Wrong name or password: kUnauthenticated with
    /// the same message for both.
    core::Result<SignedIn> SignIn(const std::string& username, const std::string& password);
    void SignOut(const std::string& token);
    /// The principal of a session token; kUnauthenticated when unknown, expired or the user is disabled.
    core::Result<Principal> FromSession(const std::string& token) const;
    /// The principal of an API key ("alo153_<prefix>_<secret>").
    core::Result<Principal> FromApiKey(const std::string& key) const;

    /// Creates a staff account. Usernames: 3-32 of a-z 0-9 . _ -; passwords at least 10 characters; unit
    /// roles need a unit.
    core::Result<core::User> AddUser(const std::string& username, const std::string& display_name, core::Role role,
                                     const std::string& unit, const std::string& password);
    core::Result<void> SetPassword(const std::string& username, const std::string& password);
    /// Disables an account and ends its sessions.
    core::Result<void> Disable(const std::string& username);
    core::Result<core::User> UpdateUser(core::Id id, std::optional<std::string> display_name,
                                        std::optional<core::Role> role, std::optional<std::string> unit,
                                        std::optional<bool> active);
    std::vector<core::User> ListUsers() const;

    core::Result<IssuedKey> IssueApiKey(const std::string& name, core::Role role, const std::string& unit);
    core::Result<void> RevokeApiKey(core::Id id);
    std::vector<core::ApiKey> ListApiKeys() const;

    /// Argon2id hash of a password (libsodium's interactive limits).
    static std::string HashPassword(const std::string& password);
    static bool VerifyPassword(const std::string& hash, const std::string& password);

  private:
    storage::Store& store_;
    const Clock& clock_;
    std::chrono::seconds session_ttl_;
    /// Verified against for unknown users, so timing does not tell names apart; made at the first sign-in
    /// (hashing costs ~0.1 s and 64 MB, which start-up need not pay).
    std::string dummy_hash_;
    std::once_flag dummy_once_;
};

/// Hex-encoded random bytes from libsodium.
std::string RandomHex(std::size_t bytes);
/// A hex digest (BLAKE2b-256) of a secret, for storing tokens and keys.
std::string SecretDigest(const std::string& secret);

}  // namespace alo153::app
