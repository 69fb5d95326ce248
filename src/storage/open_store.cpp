#include "storage/open_store.hpp"

#include <algorithm>
#include <exception>

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace alo153::storage {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

bool IsServerUrl(const std::string& url) { return StartsWith(url, "postgresql://") || StartsWith(url, "postgres://"); }

/// The URL without its password (postgresql://user:secret@host/db -> postgresql://user:***@host/db), for messages.
std::string RedactedUrl(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme == std::string::npos || at == std::string::npos) {
        return url;
    }
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) {
        return url;
    }
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

std::optional<std::string> SqliteFileOf(const std::string& url) {
    if (StartsWith(url, "sqlite:")) {
        std::string path = url.substr(7);
        if (StartsWith(path, "//")) {
            path = path.substr(2);  // sqlite:///abs/path and sqlite://rel/path, as SQLAlchemy writes them
        }
        return path;
    }
    if (IsServerUrl(url) || url.find("://") != std::string::npos) {
        return std::nullopt;
    }
    return url;
}

core::Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
    if (const auto file = SqliteFileOf(options.url)) {
        if (file->empty()) {
            return core::MakeError(core::ErrorCode::kValidation, "database.url: SQLite dosyası boş olamaz.",
                                   "database.url");
        }
        try {
            return std::unique_ptr<Store>(
                std::make_unique<sqlite::SqliteStore>(sqlite::SqliteOptions{*file, options.read_connections}));
        } catch (const std::exception& e) {
            return core::MakeError(core::ErrorCode::kUnavailable,
                                   "database.url: " + *file + " açılamadı / could not be opened: " + e.what(),
                                   "database.url");
        }
    }
    if (IsServerUrl(options.url)) {
        try {
            // Reads and writes share the pool; a few more than the readers, so writes never queue behind them.
            const int connections = std::max(2, options.read_connections) + 4;
            return std::unique_ptr<Store>(
                std::make_unique<postgres::PgStore>(postgres::PgOptions{options.url, connections}));
        } catch (const std::exception& e) {
            return core::MakeError(core::ErrorCode::kUnavailable,
                                   "database.url: PostgreSQL sunucusuna bağlanılamadı / could not connect to "
                                   "PostgreSQL (" +
                                       RedactedUrl(options.url) + "): " + e.what(),
                                   "database.url");
        }
    }
    return core::MakeError(core::ErrorCode::kValidation,
                           "database.url: bilinmeyen veritabanı adresi / unknown database URL '" + options.url +
                               "' (sqlite:<file> or postgresql://user@host:port/db)",
                           "database.url");
}

}  // namespace alo153::storage
