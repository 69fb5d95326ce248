#include "cli/config.hpp"

#include <cstdlib>
#include <toml++/toml.h>

namespace alo153::cli {
namespace {

core::Error Bad(const std::string& name, const std::string& why) {
    return core::MakeError(core::ErrorCode::kValidation, "ayar '" + name + "': " + why, name);
}

/// One setting: from the TOML table (if present), then overridden by the environment variable.
template <typename T>
core::Result<void> Read(const toml::table& file, const std::string& key, const char* env, T& out) {
    if (auto node = file.at_path(key)) {
        if constexpr (std::is_same_v<T, std::string>) {
            auto v = node.value<std::string>();
            if (!v) {
                return Bad(key, "metin olmalı");
            }
            out = *v;
        } else if constexpr (std::is_same_v<T, bool>) {
            auto v = node.value<bool>();
            if (!v) {
                return Bad(key, "true/false olmalı");
            }
            out = *v;
        } else {
            auto v = node.value<std::int64_t>();
            if (!v || *v < 0) {
                return Bad(key, "negatif olmayan bir tam sayı olmalı");
            }
            out = static_cast<T>(*v);
        }
    }
    if (const char* value = std::getenv(env); value != nullptr) {
        std::string s(value);
        if constexpr (std::is_same_v<T, std::string>) {
            out = s;
        } else if constexpr (std::is_same_v<T, bool>) {
            if (s != "true" && s != "false" && s != "1" && s != "0") {
                return Bad(env, "true/false olmalı");
            }
            out = s == "true" || s == "1";
        } else {
            char* end = nullptr;
            long long v = std::strtoll(s.c_str(), &end, 10);
            if (s.empty() || *end != '\0' || v < 0) {
                return Bad(env, "negatif olmayan bir tam sayı olmalı");
            }
            out = static_cast<T>(v);
        }
    }
    return core::Ok();
}

}  // namespace

core::Result<void> LoadConfig(const std::string& path, Config& c) {
    toml::table file;
    if (!path.empty()) {
        try {
            file = toml::parse_file(path);
        } catch (const toml::parse_error& e) {
            return Bad(path, std::string(e.description()));
        }
    }
    std::int64_t session_hours = c.app.session_ttl.count() / 3600;
    std::int64_t photo_mb = static_cast<std::int64_t>(c.app.photo_max_bytes / (1024 * 1024));
    ALO153_TRY(Read(file, "database.path", "ALO153_DB", c.app.db_path));
    ALO153_TRY(Read(file, "database.read_connections", "ALO153_READ_CONNECTIONS", c.app.read_connections));
    ALO153_TRY(Read(file, "photos.dir", "ALO153_PHOTO_DIR", c.app.photo_dir));
    ALO153_TRY(Read(file, "photos.max_mb", "ALO153_PHOTO_MAX_MB", photo_mb));
    ALO153_TRY(Read(file, "auth.session_hours", "ALO153_SESSION_HOURS", session_hours));
    ALO153_TRY(Read(file, "server.address", "ALO153_ADDRESS", c.server.address));
    ALO153_TRY(Read(file, "server.port", "ALO153_PORT", c.server.port));
    ALO153_TRY(Read(file, "server.io_threads", "ALO153_IO_THREADS", c.server.io_threads));
    ALO153_TRY(Read(file, "server.handler_threads", "ALO153_HANDLER_THREADS", c.server.handler_threads));
    ALO153_TRY(Read(file, "server.secure_cookies", "ALO153_SECURE_COOKIES", c.server.secure_cookies));
    std::int64_t reload_seconds = c.app.classifier_reload_check.count();
    ALO153_TRY(Read(file, "classifier.model", "ALO153_CLASSIFIER_MODEL", c.app.classifier_model));
    ALO153_TRY(Read(file, "classifier.reload_seconds", "ALO153_CLASSIFIER_RELOAD_SECONDS", reload_seconds));
    if (reload_seconds < 1 || reload_seconds > 3600) {
        return Bad("classifier.reload_seconds", "1 ile 3600 arasında olmalı");
    }
    c.app.classifier_reload_check = std::chrono::seconds(reload_seconds);
    ALO153_TRY(Read(file, "server.public_url", "ALO153_PUBLIC_URL", c.server.public_url));
    ALO153_TRY(Read(file, "open311.jurisdiction_id", "ALO153_OPEN311_JURISDICTION", c.server.open311_jurisdiction));
    ALO153_TRY(Read(file, "log.level", "ALO153_LOG_LEVEL", c.log_level));
    ALO153_TRY(Read(file, "log.json", "ALO153_LOG_JSON", c.log_json));
    if (c.server.port > 65535) {
        return Bad("server.port", "0-65535 arasında olmalı");
    }
    if (c.server.io_threads < 1 || c.server.handler_threads < 1 || c.app.read_connections < 1) {
        return Bad("server.io_threads", "iş parçacığı ve bağlantı sayıları en az 1 olmalı");
    }
    if (session_hours < 1 || session_hours > 24 * 30) {
        return Bad("auth.session_hours", "1 ile 720 arasında olmalı");
    }
    if (photo_mb < 1 || photo_mb > 64) {
        return Bad("photos.max_mb", "1 ile 64 arasında olmalı");
    }
    if (c.server.open311_jurisdiction.empty() || c.server.open311_jurisdiction.size() > 100 ||
        c.server.open311_jurisdiction.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_") !=
            std::string::npos) {
        return Bad("open311.jurisdiction_id", "küçük ASCII harf, rakam, '.', '-' veya '_' olmalı (ör. samsun.bel.tr)");
    }
    if (!c.server.public_url.empty() && c.server.public_url.rfind("http://", 0) != 0 &&
        c.server.public_url.rfind("https://", 0) != 0) {
        return Bad("server.public_url", "http:// veya https:// ile başlamalı");
    }
    while (!c.server.public_url.empty() && c.server.public_url.back() == '/') {
        c.server.public_url.pop_back();
    }
    if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
        c.log_level != "error") {
        return Bad("log.level", "trace, debug, info, warn veya error olmalı");
    }
    c.app.session_ttl = std::chrono::hours(session_hours);
    c.app.photo_max_bytes = static_cast<std::size_t>(photo_mb) * 1024 * 1024;
    return core::Ok();
}

}  // namespace alo153::cli
