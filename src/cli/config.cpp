#include "cli/config.hpp"

#include <toml++/toml.h>

#include <boost/asio/ip/address.hpp>
#include <cstdlib>
#include <filesystem>
#include <system_error>

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

/// The built web application when no `web.dir` is set: web/dist under the current directory, else beside the
/// source tree the binary was built in (build/<preset>/alo153 -> ../../web/dist). "web/dist" when neither
/// exists (the server then says that the web application is not built).
std::string DefaultWebDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_regular_file("web/dist/index.html", ec)) {
        return "web/dist";
    }
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = (exe.parent_path() / "../../web/dist").lexically_normal();
        if (fs::is_regular_file(beside / "index.html", ec)) {
            return beside.string();
        }
    }
    return "web/dist";
}

/// A tile URL template is put into a Content-Security-Policy header: only http(s) URLs with {z}, {x} and {y},
/// and no characters that could end the policy's source list.
bool IsValidTileUrl(const std::string& url) {
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
        return false;
    }
    if (url.find_first_of(" ;,'\"\\\r\n\t") != std::string::npos) {
        return false;
    }
    return url.find("{z}") != std::string::npos && url.find("{x}") != std::string::npos &&
           url.find("{y}") != std::string::npos;
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
    // database.path (ALO153_DB) is the older name of an SQLite file; database.url wins when both are given.
    std::string db_path;
    ALO153_TRY(Read(file, "database.path", "ALO153_DB", db_path));
    if (!db_path.empty()) {
        c.app.database_url = db_path;
    }
    ALO153_TRY(Read(file, "database.url", "ALO153_DATABASE_URL", c.app.database_url));
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
    std::string trusted_proxies;
    ALO153_TRY(Read(file, "server.trusted_proxies", "ALO153_TRUSTED_PROXIES", trusted_proxies));
    for (std::size_t start = 0; start <= trusted_proxies.size();) {
        std::size_t comma = trusted_proxies.find(',', start);
        if (comma == std::string::npos) {
            comma = trusted_proxies.size();
        }
        std::string address = trusted_proxies.substr(start, comma - start);
        address.erase(0, address.find_first_not_of(' '));
        address.erase(address.find_last_not_of(' ') + 1);
        if (!address.empty()) {
            boost::system::error_code ec;
            boost::asio::ip::make_address(address, ec);
            if (ec) {
                return Bad("server.trusted_proxies", "virgülle ayrılmış IP adresleri olmalı (ör. 127.0.0.1)");
            }
            c.server.trusted_proxies.push_back(address);
        }
        start = comma + 1;
    }
    ALO153_TRY(Read(file, "open311.jurisdiction_id", "ALO153_OPEN311_JURISDICTION", c.server.open311_jurisdiction));
    ALO153_TRY(Read(file, "web.dir", "ALO153_WEB_DIR", c.server.web_dir));
    ALO153_TRY(Read(file, "web.map_tile_url", "ALO153_MAP_TILE_URL", c.server.map_tile_url));
    std::int64_t public_creates = c.server.public_creates_per_window;
    std::int64_t public_window = c.server.public_window.count();
    std::int64_t heartbeat = c.server.stream_heartbeat.count();
    ALO153_TRY(Read(file, "public.creates_per_window", "ALO153_PUBLIC_CREATES", public_creates));
    ALO153_TRY(Read(file, "public.window_seconds", "ALO153_PUBLIC_WINDOW_SECONDS", public_window));
    ALO153_TRY(Read(file, "stream.heartbeat_seconds", "ALO153_STREAM_HEARTBEAT_SECONDS", heartbeat));
    std::int64_t recheck = c.server.stream_recheck.count();
    ALO153_TRY(Read(file, "stream.recheck_seconds", "ALO153_STREAM_RECHECK_SECONDS", recheck));
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
    if (!c.server.map_tile_url.empty() && !IsValidTileUrl(c.server.map_tile_url)) {
        return Bad("web.map_tile_url", "{z}, {x} ve {y} içeren bir http(s) adresi olmalı");
    }
    if (public_creates > 100000) {
        return Bad("public.creates_per_window", "0 ile 100000 arasında olmalı");
    }
    if (public_window < 1 || public_window > 7 * 24 * 3600) {
        return Bad("public.window_seconds", "1 ile 604800 arasında olmalı");
    }
    if (heartbeat < 1 || heartbeat > 300) {
        return Bad("stream.heartbeat_seconds", "1 ile 300 arasında olmalı");
    }
    if (recheck < 1 || recheck > 3600) {
        return Bad("stream.recheck_seconds", "1 ile 3600 arasında olmalı");
    }
    c.server.stream_recheck = std::chrono::seconds(recheck);
    if (c.server.web_dir.empty()) {
        c.server.web_dir = DefaultWebDir();
    }
    c.server.public_creates_per_window = static_cast<int>(public_creates);
    c.server.public_window = std::chrono::seconds(public_window);
    c.server.stream_heartbeat = std::chrono::seconds(heartbeat);
    c.app.session_ttl = std::chrono::hours(session_hours);
    c.app.photo_max_bytes = static_cast<std::size_t>(photo_mb) * 1024 * 1024;
    return core::Ok();
}

}  // namespace alo153::cli
