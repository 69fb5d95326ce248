#include "storage/open_store.hpp"

#include <exception>

#include "storage/sqlite/sqlite_store.hpp"

namespace alo153::storage {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

bool IsServerUrl(const std::string& url) { return StartsWith(url, "postgresql://") || StartsWith(url, "postgres://"); }

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
        return core::MakeError(core::ErrorCode::kUnavailable,
                               "database.url: PostgreSQL desteği bu sürümde derlenmedi / PostgreSQL support is not "
                               "built into this version; use sqlite:<file>",
                               "database.url");
    }
    return core::MakeError(core::ErrorCode::kValidation,
                           "database.url: bilinmeyen veritabanı adresi / unknown database URL '" + options.url +
                               "' (sqlite:<file> or postgresql://user@host:port/db)",
                           "database.url");
}

}  // namespace alo153::storage
