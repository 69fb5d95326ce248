#include "storage/open_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.hpp"

namespace alo153::storage {
namespace {

TEST(OpenStore, SqliteUrlsAndPlainPathsNameAFile) {
    EXPECT_EQ(SqliteFileOf("sqlite:var/alo153.db"), "var/alo153.db");
    EXPECT_EQ(SqliteFileOf("sqlite:///srv/alo153/alo153.db"), "/srv/alo153/alo153.db");
    EXPECT_EQ(SqliteFileOf("var/alo153.db"), "var/alo153.db");
    EXPECT_EQ(SqliteFileOf("postgresql://alo153@db.samsun.bel.tr:5432/alo153"), std::nullopt);
    EXPECT_EQ(SqliteFileOf("postgres://alo153@localhost/alo153"), std::nullopt);
    EXPECT_EQ(SqliteFileOf("mysql://x@y/z"), std::nullopt);
}

TEST(OpenStore, OpensAndMigratesAnSqliteFile) {
    test::TempDir dir;
    auto store = OpenStore({"sqlite:" + dir.File("t.db")});
    ASSERT_TRUE(store.ok()) << store.error().detail;
    EXPECT_GT((*store)->SchemaVersion(), 0);
    EXPECT_TRUE((*store)->Ping());
    EXPECT_TRUE(std::filesystem::exists(dir.File("t.db")));
}

TEST(OpenStore, AnUnknownKindOfUrlIsRefusedNamingTheSetting) {
    auto store = OpenStore({"mysql://x@y/z"});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, core::ErrorCode::kValidation);
    EXPECT_NE(store.error().detail.find("database.url"), std::string::npos);
    auto empty = OpenStore({"sqlite:"});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, core::ErrorCode::kValidation);
}

TEST(OpenStore, AFileThatCannotBeOpenedIsUnavailableNamingTheSetting) {
    test::TempDir dir;
    // A directory where the file should be.
    std::filesystem::create_directories(dir.File("t.db"));
    auto store = OpenStore({dir.File("t.db")});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(store.error().detail.find("database.url"), std::string::npos);
}

}  // namespace
}  // namespace alo153::storage
