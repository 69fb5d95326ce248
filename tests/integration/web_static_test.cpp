// The built web application served by `alo153 serve`: files, the app shell for page paths, caching,
// precompressed assets, the Content-Security-Policy, and no way out of the web directory.
#include <filesystem>

#include "integration/web_support.hpp"

namespace alo153::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kShell =
    "<!doctype html><html lang=\"tr\"><body><div id=\"app\"></div>"
    "<script type=\"module\" src=\"/assets/index-abc123.js\"></script></body></html>";
constexpr const char* kScript = "console.log('alo153');";
constexpr const char* kGzippedScript = "\x1f\x8b precompressed bytes";
constexpr const char* kSecret = "GIZLI-DOSYA-ICERIGI";

/// A web directory like `vite build` makes, a secret file beside it and a link that leads to the secret.
class WebStatic : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        files_ = std::make_unique<TempDir>();
        const fs::path web = files_->Path() / "dist";
        WriteFile(web / "index.html", kShell);
        WriteFile(web / "assets" / "index-abc123.js", kScript);
        WriteFile(web / "assets" / "index-abc123.js.gz", kGzippedScript);
        WriteFile(web / "assets" / "index-abc123.css", "body{color:#111}");
        WriteFile(web / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        WriteFile(web / ".env", kSecret);
        WriteFile(files_->Path() / "secret.txt", kSecret);
        fs::create_symlink(files_->Path() / "secret.txt", web / "assets" / "link.txt");
        server_ = std::make_unique<WebServer>(
            Environment{{"ALO153_WEB_DIR", web.string()},
                        {"ALO153_MAP_TILE_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}});
    }
    static void TearDownTestSuite() {
        server_.reset();
        files_.reset();
    }
    static TestClient& C() { return server_->Client(); }

    static inline std::unique_ptr<TempDir> files_;
    static inline std::unique_ptr<WebServer> server_;
};

TEST_F(WebStatic, EveryPagePathAnswersTheAppShellWithoutCaching) {
    for (const char* path : {"/", "/giris", "/konsol", "/birim", "/birim/talep/123", "/panel", "/yonetim", "/takip",
                             "/takip?numara=2026-000001-5"}) {
        Reply r = C().Get(path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.body, kShell) << path;
        EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8") << path;
        EXPECT_EQ(r.Header("Cache-Control"), "no-cache") << path;
    }
    Reply head = C().Head("/konsol");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.Header("Content-Length"), std::to_string(std::string(kShell).size()));
}

TEST_F(WebStatic, HtmlCarriesAContentSecurityPolicyThatAllowsTheTileServer) {
    Reply r = C().Get("/panel");
    const std::string csp = r.Header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("img-src 'self' data: blob: https://*.tiles.example.org"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(C().Get("/assets/index-abc123.css").Header("Content-Security-Policy"), "");

    // The app learns the tile URL from the public meta endpoint.
    Json meta = ParseJson(C().Get("/api/v1/meta").body);
    EXPECT_EQ(meta["map_tile_url"], "https://{s}.tiles.example.org/{z}/{x}/{y}.png");
}

TEST_F(WebStatic, AssetsAreCachedForeverWithTheirContentType) {
    Reply js = C().Get("/assets/index-abc123.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.body, kScript);
    EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(js.Header("Content-Encoding"), "");

    Reply css = C().Get("/assets/index-abc123.css");
    EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
    Reply svg = C().Get("/favicon.svg");
    EXPECT_EQ(svg.status, 200);
    EXPECT_EQ(svg.Header("Content-Type"), "image/svg+xml");
    EXPECT_EQ(svg.Header("Cache-Control"), "no-cache");  // not under /assets/: its name has no hash
}

TEST_F(WebStatic, PrecompressedSiblingIsSentToClientsThatAcceptGzip) {
    Reply gz = C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(gz.status, 200);
    EXPECT_EQ(gz.body, kGzippedScript);
    EXPECT_EQ(gz.Header("Content-Encoding"), "gzip");
    EXPECT_EQ(gz.Header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(gz.Header("Vary"), "Accept-Encoding");

    EXPECT_EQ(C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip;q=0, identity"}}).body, kScript);
    EXPECT_EQ(C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "gzip; q=0.0"}}).body, kScript);
    EXPECT_EQ(C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "br;q=1.0, gzip;q=0.8"}}).body, kGzippedScript);
    EXPECT_EQ(C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "identity, *"}}).body, kGzippedScript);
    EXPECT_EQ(C().Get("/assets/index-abc123.js", {{"Accept-Encoding", "br, deflate"}}).body, kScript);
    // No .gz sibling: the file as it is.
    Reply css = C().Get("/assets/index-abc123.css", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(css.body, "body{color:#111}");
    EXPECT_EQ(css.Header("Content-Encoding"), "");
}

TEST_F(WebStatic, MissingFilesAndUnknownApiPathsAreProblemsNotTheShell) {
    EXPECT_TRUE(IsProblem(C().Get("/assets/index-zzz.js"), 404, "not-found"));
    EXPECT_TRUE(IsProblem(C().Get("/robots.txt"), 404, "not-found"));
    EXPECT_TRUE(IsProblem(C().Get("/api/v1/nothing-here"), 404, "not-found"));
    EXPECT_TRUE(IsProblem(C().Get("/api/v2"), 404, "not-found"));
    // Open311 answers its own unknown paths in the spec's error format, never with the shell.
    Reply open311 = C().Get("/open311/v2/nothing");
    EXPECT_EQ(open311.status, 404);
    EXPECT_NE(open311.body.find("<errors>"), std::string::npos) << open311.body;
    // Only GET and HEAD reach the web application.
    EXPECT_TRUE(IsProblem(C().Post("/konsol", "{}", {{"Content-Type", "application/json"}}), 404, "not-found"));
}

TEST_F(WebStatic, NoPathLeadsOutOfTheWebDirectory) {
    const std::vector<std::string> attempts = {
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/assets/link.txt",
        "/.env",
        "/assets/./../../secret.txt",
        "//secret.txt",
        "/%00/secret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    };
    for (const auto& path : attempts) {
        Reply r = C().SendRaw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " -> " << r.status;
        EXPECT_EQ(r.body.find(kSecret), std::string::npos) << path;
    }
}

TEST(WebStaticNotBuilt, PagePathsSayInTurkishThatTheWebApplicationIsNotBuilt) {
    TempDir empty;
    WebServer server({{"ALO153_WEB_DIR", empty.File("dist")}});
    Reply page = server.Client().Get("/konsol");
    EXPECT_EQ(page.status, 503);
    EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("Web uygulaması derlenmemiş"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("make web"), std::string::npos);
    EXPECT_NE(server.Process().Stderr().find("web application not found"), std::string::npos);
    // The API works all the same.
    EXPECT_EQ(server.Client().Get("/healthz").status, 200);
    EXPECT_TRUE(IsProblem(server.Client().Get("/assets/index.js"), 404, "not-found"));
}

}  // namespace
}  // namespace alo153::test

namespace alo153::test {
namespace {

TEST(WebSettings, ABadWebSettingStopsTheProgramWithItsName) {
    TempDir dir;
    const std::string db = dir.File("alo153.db");
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"ALO153_MAP_TILE_URL", "ftp://tiles.example.org/{z}/{x}/{y}.png"},
        {"ALO153_MAP_TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png; script-src *"},
        {"ALO153_MAP_TILE_URL", "https://tiles.example.org/tile.png"},
        {"ALO153_PUBLIC_CREATES", "-1"},
        {"ALO153_PUBLIC_WINDOW_SECONDS", "0"},
        {"ALO153_STREAM_HEARTBEAT_SECONDS", "0"},
        {"ALO153_STREAM_RECHECK_SECONDS", "99999"},
    };
    for (const auto& [name, value] : bad) {
        CommandResult r = RunCli(db, {"serve", "--port", "0"}, {{name, value}});
        EXPECT_EQ(r.exit_code, 2) << name << "=" << value << ": " << r.err;
        const std::string setting = name == "ALO153_MAP_TILE_URL"               ? "web.map_tile_url"
                                    : name == "ALO153_PUBLIC_WINDOW_SECONDS"    ? "public.window_seconds"
                                    : name == "ALO153_STREAM_HEARTBEAT_SECONDS" ? "stream.heartbeat_seconds"
                                    : name == "ALO153_STREAM_RECHECK_SECONDS"   ? "stream.recheck_seconds"
                                                                                : name;
        EXPECT_NE(r.err.find(setting), std::string::npos) << name << ": " << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(db));  // stopped before opening anything
}

}  // namespace
}  // namespace alo153::test
