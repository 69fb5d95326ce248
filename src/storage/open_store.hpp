#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "storage/store.hpp"

namespace alo153::storage {

/// Where the database is and how many readers it may use.
struct StoreOptions {
    /// "sqlite:var/alo153.db" (or a plain file path) for the embedded file; "postgresql://user@host:port/db"
    /// for a database server.
    std::string url = "sqlite:var/alo153.db";
    int read_connections = 4;
};

/// The one place that picks the backend for a database URL: opens (creating and migrating) the database.
/// Errors: kValidation for a URL of no known kind; kUnavailable when the database cannot be opened or its
/// server cannot be reached, with a message that names the setting (database.url) and never the password.
core::Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

/// The file of an embedded database URL ("sqlite:x.db" or "x.db" → "x.db"); none for a server URL.
std::optional<std::string> SqliteFileOf(const std::string& url);

}  // namespace alo153::storage
