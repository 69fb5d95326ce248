// The built web application (web/dist): its files, and index.html for every page path the app routes itself.
#include <spdlog/spdlog.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <system_error>

#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {

namespace fs = std::filesystem;
using http::Request;
using http::Response;

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

/// Paths that belong to the server, never to the web application (an unknown one is a 404 problem).
bool IsServerPath(std::string_view path) {
    for (std::string_view prefix : {"/api/", "/open311/"}) {
        if (path.substr(0, prefix.size()) == prefix) {
            return true;
        }
    }
    return path == "/api" || path == "/open311" || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

std::string_view ContentTypeOf(std::string_view extension) {
    struct Entry {
        std::string_view extension;
        std::string_view type;
    };
    static constexpr std::array<Entry, 18> kTypes = {{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    }};
    for (const auto& entry : kTypes) {
        if (entry.extension == extension) {
            return entry.type;
        }
    }
    return "application/octet-stream";
}

/// The origin of a tile URL template for the CSP ("https://{s}.tile.example.org/{z}/{x}/{y}.png" ->
/// "https://*.tile.example.org"); empty for none.
std::string TileOrigin(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return {};
    }
    const auto host_end = url.find('/', scheme_end + 3);
    std::string origin = url.substr(0, host_end);
    // A "{s}" (or any other placeholder) in the host stands for subdomains.
    const auto brace = origin.find('{', scheme_end + 3);
    if (brace != std::string::npos) {
        const auto close = origin.find('}', brace);
        const auto dot = close == std::string::npos ? std::string::npos : origin.find('.', close);
        if (dot == std::string::npos) {
            return {};
        }
        origin = origin.substr(0, scheme_end + 3) + "*" + origin.substr(dot);
    }
    return origin;
}

/// The Content-Security-Policy of the application's HTML: everything from this server, map tiles from the
/// configured tile server, inline styles (Leaflet positions its panes with them).
std::string ContentSecurityPolicy(const std::string& tile_url) {
    std::string tiles = TileOrigin(tile_url);
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:" +
           (tiles.empty() ? std::string() : " " + tiles) +
           "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
           "frame-ancestors 'none'";
}

/// Whether Accept-Encoding lists gzip (or "*") with a weight above zero.
bool AcceptsGzip(const Request& req) {
    auto accept = req.Header("accept-encoding");
    if (!accept) {
        return false;
    }
    auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
            v.remove_prefix(1);
        }
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
            v.remove_suffix(1);
        }
        return v;
    };
    std::string_view rest = *accept;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const auto semicolon = item.find(';');
        const std::string_view coding = trim(item.substr(0, semicolon));
        if (coding != "gzip" && coding != "*") {
            continue;
        }
        if (semicolon == std::string_view::npos) {
            return true;
        }
        const std::string_view param = trim(item.substr(semicolon + 1));
        if (param.substr(0, 2) != "q=" && param.substr(0, 2) != "Q=") {
            return true;
        }
        // q=0, q=0.0, q=0.000 refuse; anything else accepts.
        const std::string_view weight = param.substr(2);
        return weight.find_first_not_of("0.") != std::string_view::npos;
    }
    return false;
}

std::optional<std::string> ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) {
        return std::nullopt;
    }
    return std::move(out).str();
}

class StaticFiles {
  public:
    StaticFiles(const std::string& dir, const std::string& tile_url) : csp_(ContentSecurityPolicy(tile_url)) {
        std::error_code ec;
        root_ = fs::canonical(dir, ec);
        if (ec || !fs::is_regular_file(root_ / "index.html", ec)) {
            root_.clear();
            spdlog::warn(
                "web application not found in '{}' (no index.html): page paths answer that it is not "
                "built; run `make web` or set web.dir / ALO153_WEB_DIR",
                dir);
        } else {
            spdlog::info("web application served from {}", root_.string());
        }
    }

    Response Serve(Request& req) const {
        if (IsServerPath(req.path)) {
            return Problem(core::MakeError(core::ErrorCode::kNotFound, "Bu adreste bir kaynak yok: " + req.path));
        }
        const std::string_view path = req.path;
        const std::string_view last = path.substr(path.rfind('/') + 1);
        const bool is_page = last.find('.') == std::string_view::npos;
        if (root_.empty()) {
            return is_page ? NotBuilt() : NotFound(req.path);
        }
        if (!is_page) {
            if (auto file = Resolve(path.substr(1))) {
                return FileResponse(req, *file, path.rfind("/assets/", 0) == 0 ? kImmutable : kRevalidate);
            }
            return NotFound(req.path);
        }
        return FileResponse(req, root_ / "index.html", kRevalidate);
    }

  private:
    /// The file under the root for a relative path, if it is a regular file inside the root. The router has
    /// already refused "." and ".." segments, encoded slashes and NULs; hidden files and symbolic links that
    /// lead outside the root are refused here.
    std::optional<fs::path> Resolve(std::string_view relative) const {
        if (relative.empty() || relative.front() == '/' || relative.find('\\') != std::string_view::npos) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < relative.size(); ++i) {
            if (relative[i] == '.' && (i == 0 || relative[i - 1] == '/')) {
                return std::nullopt;
            }
        }
        std::error_code ec;
        const fs::path candidate = fs::weakly_canonical(root_ / fs::path(relative), ec);
        if (ec || !fs::is_regular_file(candidate, ec)) {
            return std::nullopt;
        }
        const auto [root_end, ignored] = std::mismatch(root_.begin(), root_.end(), candidate.begin(), candidate.end());
        if (root_end != root_.end()) {
            return std::nullopt;
        }
        return candidate;
    }

    Response FileResponse(const Request& req, const fs::path& file, const char* cache_control) const {
        const std::string extension = file.extension().string();
        std::optional<std::string> body;
        bool gzipped = false;
        std::error_code ec;
        if (AcceptsGzip(req)) {
            fs::path gz = file;
            gz += ".gz";
            if (fs::is_regular_file(gz, ec)) {
                body = ReadFile(gz);
                gzipped = body.has_value();
            }
        }
        if (!body) {
            body = ReadFile(file);
        }
        if (!body) {
            return NotFound(req.path);
        }
        Response res;
        res.content_type = std::string(ContentTypeOf(extension));
        res.body = std::move(*body);
        res.Header("Cache-Control", cache_control);
        res.Header("Vary", "Accept-Encoding");
        if (gzipped) {
            res.Header("Content-Encoding", "gzip");
        }
        if (extension == ".html") {
            res.Header("Content-Security-Policy", csp_);
            res.Header("Referrer-Policy", "same-origin");
            res.Header("X-Frame-Options", "DENY");
        }
        return res;
    }

    static Response NotFound(const std::string& path) {
        return Problem(core::MakeError(core::ErrorCode::kNotFound, "Bu adreste bir dosya yok: " + path));
    }

    Response NotBuilt() const {
        Response res;
        res.status = 503;
        res.content_type = "text/html; charset=utf-8";
        res.body =
            "<!doctype html><html lang=\"tr\"><head><meta charset=\"utf-8\"><title>alo153</title></head><body>"
            "<h1>Web uygulaması derlenmemiş</h1><p>Sunucu çalışıyor, ancak web uygulamasının dosyaları bulunamadı. "
            "Derlemek için proje klasöründe <code>make web</code> komutunu çalıştırın (ya da <code>web.dir</code> "
            "ayarıyla klasörü gösterin).</p><p lang=\"en\">The web application is not built: run "
            "<code>make web</code>.</p><p>REST API: <a href=\"/api/v1/meta\">/api/v1/meta</a></p></body></html>";
        res.Header("Cache-Control", kRevalidate);
        res.Header("Content-Security-Policy", csp_);
        return res;
    }

    fs::path root_;
    std::string csp_;
};

}  // namespace

void RegisterStaticFiles(http::Router& router, Context& ctx) {
    auto files = std::make_shared<StaticFiles>(ctx.config.web_dir, ctx.config.map_tile_url);
    router.SetFallback([files](Request& req) { return files->Serve(req); });
}

}  // namespace alo153::api::handlers
