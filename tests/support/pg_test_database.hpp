#pragma once

#include <string>

namespace alo153::test {

/// The PostgreSQL server tests use: the one ctest started for the whole run (tests/scripts/pg-test-cluster;
/// its URL in the file named by ALO153_TEST_PG_URL_FILE), or the server named by ALO153_TEST_PG_URL, or else a
/// private PgCluster this process starts on first use (a test binary run by hand). "" when none can be had
/// (PostgreSQL not installed): the caller skips.
std::string TestPgUrl();

/// A URL whose connections work in the schema of `key` (created on first use; the same key gives the same
/// schema, so a test can reopen its store and find its data), in the server of TestPgUrl().
std::string TestPgSchemaUrl(const std::string& key);

}  // namespace alo153::test
