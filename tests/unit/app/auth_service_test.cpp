#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "app/application.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::Role;
using namespace std::chrono_literals;

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 10:00 in Istanbul
constexpr const char* kPassword = "dogru-parola-123";

/// Argon2id costs about a tenth of a second per hash: each test adds one or two accounts at most.
class AuthServiceTest : public test::AppTest {
  protected:
    AuthServiceTest() : AppTest(kNow, [](AppConfig& config) { config.session_ttl = 8h; }) {}

    core::User MustAddUser(const std::string& username, Role role = Role::kUnitStaff,
                           const std::string& unit = "SASKI") {
        auto u = auth().AddUser(username, "Hasan Şahin", role, unit, kPassword);
        EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().detail);
        return u.ok() ? *u : core::User{};
    }

    AuthService& auth() { return app_.Auth(); }
};

TEST_F(AuthServiceTest, SignInWithTheRightPasswordOpensASession) {
    core::User user = MustAddUser("saski.personel");
    EXPECT_NE(user.password_hash, kPassword);
    EXPECT_EQ(user.password_hash.rfind("$argon2id$", 0), 0u);

    auto s = auth().SignIn("saski.personel", kPassword);
    ASSERT_TRUE(s.ok()) << s.error().detail;
    EXPECT_EQ(s->token.size(), 64u);
    EXPECT_FALSE(s->csrf_token.empty());
    EXPECT_EQ(s->expires_at, kNow + 8h);
    EXPECT_EQ(s->user.id, user.id);

    auto who = auth().FromSession(s->token);
    ASSERT_TRUE(who.ok()) << who.error().detail;
    EXPECT_EQ(who->kind, Principal::Kind::kUser);
    EXPECT_EQ(who->id, user.id);
    EXPECT_EQ(who->role, Role::kUnitStaff);
    EXPECT_EQ(who->unit, "SASKI");
    EXPECT_EQ(who->name, "Hasan Şahin");
    EXPECT_EQ(who->csrf_token, s->csrf_token);

    auth().SignOut(s->token);
    auto after = auth().FromSession(s->token);
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
    MustAddUser("saski.personel");
    auto wrong = auth().SignIn("saski.personel", "yanlis-parola-123");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    auto unknown = auth().SignIn("kimse", kPassword);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().detail, unknown.error().detail);
}

TEST_F(AuthServiceTest, SessionExpiresAfterItsLifetime) {
    MustAddUser("saski.personel");
    auto s = auth().SignIn("saski.personel", kPassword);
    ASSERT_TRUE(s.ok());
    clock_.Advance(8h - 1s);
    EXPECT_TRUE(auth().FromSession(s->token).ok());
    clock_.Advance(1s);
    auto expired = auth().FromSession(s->token);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, UnknownOrMalformedTokensAreUnauthenticated) {
    EXPECT_EQ(auth().FromSession("").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().FromSession(std::string(64, 'a')).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().FromSession("kisa").error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, DisablingAnAccountEndsItsSessionsAndSignIns) {
    MustAddUser("saski.personel");
    auto s = auth().SignIn("saski.personel", kPassword);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(auth().Disable("saski.personel").ok());
    EXPECT_EQ(auth().FromSession(s->token).error().code, ErrorCode::kUnauthenticated);
    auto again = auth().SignIn("saski.personel", kPassword);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().Disable("kimse").error().code, ErrorCode::kNotFound);
}

TEST_F(AuthServiceTest, ChangingThePasswordEndsSessions) {
    MustAddUser("saski.personel");
    auto s = auth().SignIn("saski.personel", kPassword);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(auth().SetPassword("saski.personel", "yeni-parola-456").ok());
    EXPECT_FALSE(auth().FromSession(s->token).ok());
    EXPECT_FALSE(auth().SignIn("saski.personel", kPassword).ok());
    EXPECT_TRUE(auth().SignIn("saski.personel", "yeni-parola-456").ok());
    EXPECT_EQ(auth().SetPassword("saski.personel", "kisa").error().code, ErrorCode::kValidation);
}

TEST_F(AuthServiceTest, UsernamesAndPasswordsAreValidated) {
    for (const char* bad : {"ab", "Buyuk", "ali veli", "çağrı", "a/b", "123456789012345678901234567890123"}) {
        auto r = auth().AddUser(bad, "Ad Soyad", Role::kAgent, "", kPassword);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kValidation) << bad;
        EXPECT_EQ(r.error().field, "username") << bad;
    }
    auto short_password = auth().AddUser("ali.veli", "Ali Veli", Role::kAgent, "", "123456789");
    ASSERT_FALSE(short_password.ok());
    EXPECT_EQ(short_password.error().field, "password");
    auto no_unit = auth().AddUser("ali.veli", "Ali Veli", Role::kUnitStaff, "", kPassword);
    ASSERT_FALSE(no_unit.ok());
    EXPECT_EQ(no_unit.error().field, "unit");
    auto no_name = auth().AddUser("ali.veli", "  ", Role::kAgent, "", kPassword);
    ASSERT_FALSE(no_name.ok());
    EXPECT_EQ(no_name.error().code, ErrorCode::kValidation);
    EXPECT_TRUE(auth().ListUsers().empty());
}

TEST_F(AuthServiceTest, UsernamesAreUniqueAndUnitsMustExist) {
    MustAddUser("ali_veli-1.x", Role::kAgent, "");
    auto dup = auth().AddUser("ali_veli-1.x", "Başka", Role::kAgent, "", kPassword);
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    auto unknown_unit = auth().AddUser("yeni.personel", "Yeni", Role::kUnitStaff, "YOK", kPassword);
    ASSERT_FALSE(unknown_unit.ok());
    EXPECT_EQ(unknown_unit.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(auth().ListUsers().size(), 1u);
}

TEST_F(AuthServiceTest, ApiKeysAuthenticateUntilRevoked) {
    auto issued = auth().IssueApiKey("e-Belediye", Role::kAgent, "");
    ASSERT_TRUE(issued.ok()) << issued.error().detail;
    const std::string& secret = issued->secret;
    EXPECT_EQ(secret.rfind("alo153_" + issued->key.prefix + "_", 0), 0u);
    EXPECT_EQ(secret.size(), 84u);
    EXPECT_EQ(issued->key.key_hash.find(secret), std::string::npos);  // only a digest is kept

    auto who = auth().FromApiKey(secret);
    ASSERT_TRUE(who.ok()) << who.error().detail;
    EXPECT_EQ(who->kind, Principal::Kind::kApiKey);
    EXPECT_EQ(who->id, issued->key.id);
    EXPECT_EQ(who->role, Role::kAgent);
    EXPECT_EQ(who->name, "e-Belediye");
    EXPECT_FALSE(who->UserId().has_value());

    std::string tampered = secret;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_EQ(auth().FromApiKey(tampered).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().FromApiKey("alo153_kisa").error().code, ErrorCode::kUnauthenticated);

    ASSERT_TRUE(auth().RevokeApiKey(issued->key.id).ok());
    EXPECT_EQ(auth().FromApiKey(secret).error().code, ErrorCode::kUnauthenticated);
    auto keys = auth().ListApiKeys();
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_FALSE(keys[0].active);
    EXPECT_EQ(keys[0].revoked_at, kNow);
    EXPECT_EQ(auth().RevokeApiKey(9999).error().code, ErrorCode::kNotFound);
}

TEST_F(AuthServiceTest, UpdatingRightsEndsSessions) {
    core::User user = MustAddUser("saski.personel");
    auto s = auth().SignIn("saski.personel", kPassword);
    ASSERT_TRUE(s.ok());
    auto updated = auth().UpdateUser(user.id, std::nullopt, Role::kUnitManager, std::nullopt, std::nullopt);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(updated->role, Role::kUnitManager);
    EXPECT_EQ(updated->unit, "SASKI");
    EXPECT_FALSE(auth().FromSession(s->token).ok());
    auto to_agent = auth().UpdateUser(user.id, std::nullopt, Role::kAgent, std::nullopt, std::nullopt);
    ASSERT_TRUE(to_agent.ok());
    EXPECT_EQ(to_agent->unit, "");  // only unit roles keep a unit
}

TEST_F(AuthServiceTest, UpdatingAUserIntoAnUnknownUnitIsRefused) {
    core::User user = MustAddUser("saski.personel");
    auto moved = auth().UpdateUser(user.id, std::nullopt, std::nullopt, std::string("SASKII"), std::nullopt);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::kUnknownReference);
}

}  // namespace
}  // namespace alo153::app
