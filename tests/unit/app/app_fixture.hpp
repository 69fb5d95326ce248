#pragma once

// What the app tests share: a fresh database in a temporary directory, a manual clock at a fixed time, the
// whole application wired as the server wires it, and staff accounts written straight to the store.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "app/application.hpp"
#include "support/temp_dir.hpp"

namespace alo153::test {

class AppTest : public ::testing::Test {
  protected:
    /// Changes to the default configuration (the database is always dir_/t.db).
    using Configure = std::function<void(app::AppConfig&)>;

    explicit AppTest(core::Time now, const Configure& configure = {})
        : clock_(now), app_(MakeConfig(dir_, configure), clock_) {}

    /// A staff account without a password (no Argon2 hashing: these tests never sign in), as its principal.
    /// The display name is the username unless given.
    app::Principal AddStaff(const std::string& username, core::Role role, const std::string& unit,
                            const std::string& display_name = {}) {
        const core::User user{.username = username,
                              .display_name = display_name.empty() ? username : display_name,
                              .role = role,
                              .unit = unit,
                              .password_hash = "-",
                              .created_at = clock_.Now()};
        auto id = app_.Store().Write([&](storage::Tx& tx) -> core::Result<core::Id> { return tx.InsertUser(user); });
        EXPECT_TRUE(id.ok());
        return app::Principal{.kind = app::Principal::Kind::kUser,
                              .id = id.ok() ? *id : 0,
                              .role = role,
                              .unit = unit,
                              .name = user.display_name};
    }

    TempDir dir_;
    app::ManualClock clock_;
    app::Application app_;

  private:
    static app::AppConfig MakeConfig(const TempDir& dir, const Configure& configure) {
        app::AppConfig config;
        config.database_url = dir.File("t.db");
        if (configure) {
            configure(config);
        }
        return config;
    }
};

}  // namespace alo153::test
