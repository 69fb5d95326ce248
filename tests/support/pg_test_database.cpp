#include "support/pg_test_database.hpp"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>

#include "storage/postgres/connection.hpp"
#include "support/pg_cluster.hpp"

namespace alo153::test {
namespace {

std::string Trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

std::string FromEnvironment() {
    if (const char* file = std::getenv("ALO153_TEST_PG_URL_FILE"); file != nullptr && *file != '\0') {
        std::ifstream in(file);
        std::ostringstream text;
        text << in.rdbuf();
        return Trimmed(text.str());
    }
    if (const char* url = std::getenv("ALO153_TEST_PG_URL"); url != nullptr) {
        return url;
    }
    return {};
}

}  // namespace

std::string TestPgUrl() {
    static std::once_flag once;
    static std::string url;
    std::call_once(once, [] {
        url = FromEnvironment();
        if (url.empty() && PgCluster::Available()) {
            // Lives until the process exits; its destructor stops the server.
            static std::unique_ptr<PgCluster> cluster = std::make_unique<PgCluster>();
            url = cluster->Url();
        }
    });
    return url;
}

std::string TestPgSchemaUrl(const std::string& key) {
    const std::string base = TestPgUrl();
    if (base.empty()) {
        return {};
    }
    std::ostringstream name;
    name << "t_" << std::hex << std::hash<std::string>{}(key);
    storage::postgres::Connection conn(base);
    conn.Exec("CREATE SCHEMA IF NOT EXISTS " + name.str());
    // libpq's URI takes the session's options percent-encoded: "-c search_path=<schema>".
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + name.str();
}

}  // namespace alo153::test
