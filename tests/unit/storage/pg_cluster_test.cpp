// The PostgreSQL test cluster (tests/support/pg_cluster) and the PostgreSQL schema
// (src/storage/postgres/migrations) against a real PostgreSQL 15 server. Skipped where it is not installed.
#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace alo153::test {
namespace {

using ::testing::IsSupersetOf;

#define ALO153_REQUIRE_POSTGRES()                                                             \
    if (!PgCluster::Available()) {                                                            \
        GTEST_SKIP() << "PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin/initdb)"; \
    }

/// src/storage/postgres/migrations/0001_initial.sql, found from this file's place in the source tree.
std::string InitialMigration() {
    return (std::filesystem::path(__FILE__).parent_path() / "../../../src/storage/postgres/migrations/0001_initial.sql")
        .lexically_normal()
        .string();
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
bool Accepts(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return connected;
}

constexpr const char* kInsertRequest =
    "INSERT INTO requests (year, sequence, tracking_number, type, channel, category, unit, status, priority, "
    "description, created_at, updated_at, due_at) VALUES (2026, 1, '2026-000001', 'complaint', 'phone', "
    "'road', 'roads', 'new', 'normal', 'Kaldırımda çukur', 1770000000, 1770000000, 1770086400) RETURNING id";

TEST(PgCluster, StartsAServerPsqlReaches) {
    ALO153_REQUIRE_POSTGRES();
    PgCluster pg;
    EXPECT_EQ(pg.Psql("SELECT 1"), "1\n");
    EXPECT_EQ(pg.Url(), "postgresql://alo153@127.0.0.1:" + std::to_string(pg.Port()) + "/alo153");
    EXPECT_EQ(pg.Psql("SELECT current_database() || ' ' || current_user"), "alo153 alo153\n");
    EXPECT_EQ(pg.Psql("SHOW fsync"), "on\n");
    EXPECT_EQ(pg.Psql("SHOW synchronous_commit"), "on\n");
    EXPECT_EQ(pg.Psql("SHOW server_encoding"), "UTF8\n");
}

TEST(PgCluster, PsqlFailureThrowsWithTheError) {
    ALO153_REQUIRE_POSTGRES();
    PgCluster pg;
    try {
        pg.Psql("SELECT * FROM no_such_table");
        FAIL() << "psql succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("no_such_table"));
    }
}

TEST(PgCluster, InitialMigrationCreatesTheSqliteSchema) {
    ALO153_REQUIRE_POSTGRES();
    PgCluster pg;
    pg.PsqlFile(InitialMigration());

    // Every table of SQLite migrations 0001..0005 (the FTS5 tables become ordinary ones; counters are sequences).
    const std::vector<std::string> tables = {"api_keys",
                                             "article_fts",
                                             "articles",
                                             "categories",
                                             "category_attributes",
                                             "citizens",
                                             "contacts",
                                             "districts",
                                             "event_changes",
                                             "events",
                                             "idempotency_keys",
                                             "neighbourhoods",
                                             "open311_services",
                                             "open311_submissions",
                                             "photos",
                                             "pii_access_log",
                                             "request_attributes",
                                             "request_fts",
                                             "requests",
                                             "rollup_contacts",
                                             "rollup_open",
                                             "rollup_requests",
                                             "rollup_resolution",
                                             "rollup_suggestions",
                                             "routing_rules",
                                             "sessions",
                                             "units",
                                             "users"};
    const auto present = Lines(
        pg.Psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"));
    EXPECT_THAT(present, IsSupersetOf(tables));
    EXPECT_EQ(present.size(), tables.size());

    // Columns added by later SQLite migrations, and the partial indexes.
    EXPECT_EQ(pg.Psql("SELECT count(*) FROM information_schema.columns WHERE (table_name, column_name) IN "
                      "(('neighbourhoods', 'active'), ('requests', 'suggested_category'), "
                      "('requests', 'suggestion_accepted'))"),
              "3\n");
    EXPECT_EQ(pg.Psql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '% WHERE %'"),
              "8\n");

    // A request and its folded text; a prefix query finds it, another word does not.
    const std::string id = Lines(pg.Psql(kInsertRequest)).at(0);
    EXPECT_EQ(id, "1");
    pg.Psql("INSERT INTO request_fts (id, body, address) VALUES (" + id +
            ", 'kaldirimda cukur', 'cumhuriyet mah copluk sok')");
    EXPECT_EQ(pg.Psql("SELECT id FROM request_fts WHERE document @@ 'cop:*'::tsquery"), id + "\n");
    EXPECT_EQ(pg.Psql("SELECT count(*) FROM request_fts WHERE document @@ 'kald:* & cuk:*'::tsquery"), "1\n");
    EXPECT_EQ(pg.Psql("SELECT count(*) FROM request_fts WHERE document @@ 'agac:*'::tsquery"), "0\n");

    // Defaults and constraints came along.
    EXPECT_EQ(pg.Psql("SELECT tenant_id, version, district, suggested_category, suggestion_accepted IS NULL "
                      "FROM requests WHERE id = " +
                      id),
              "1|1|||t\n");
    EXPECT_THROW(pg.Psql("INSERT INTO open311_services (category, type) VALUES ('road', 'sometimes')"),
                 std::runtime_error);
}

TEST(PgCluster, RestartKeepsCommittedRows) {
    ALO153_REQUIRE_POSTGRES();
    PgCluster pg;
    pg.PsqlFile(InitialMigration());
    pg.Psql(kInsertRequest);
    const unsigned short port = pg.Port();

    pg.Restart();

    EXPECT_EQ(pg.Port(), port);
    EXPECT_EQ(pg.Psql("SELECT tracking_number FROM requests"), "2026-000001\n");
}

TEST(PgCluster, DestructorLeavesNoServer) {
    ALO153_REQUIRE_POSTGRES();
    auto pg = std::make_unique<PgCluster>();
    const unsigned short port = pg->Port();
    ASSERT_TRUE(Accepts(port));

    pg.reset();

    EXPECT_FALSE(Accepts(port));
}

}  // namespace
}  // namespace alo153::test
