#include "app/photo_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace alo153::app {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string Hex(const unsigned char* data, std::size_t n) {
    std::string out(n * 2, '\0');
    sodium_bin2hex(out.data(), out.size() + 1, data, n);
    return out;
}

/// Writes `bytes` to `path` and makes it durable: the file's data, then its directory entry.
bool WriteDurably(const std::string& path, std::string_view bytes) {
    // A unique temporary name: two uploads of the same photo may race to the same final name.
    std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." +
                      std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        return false;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            ::close(fd);
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    bool ok = ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    ok = ok && std::rename(tmp.c_str(), path.c_str()) == 0;
    std::string dir = std::filesystem::path(path).parent_path().string();
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ok = ::fsync(dfd) == 0 && ok;
        ::close(dfd);
    }
    return ok;
}

}  // namespace

PhotoStore::PhotoStore(std::string directory, std::size_t max_bytes)
    : directory_(std::move(directory)), max_bytes_(max_bytes) {}

std::optional<std::string> PhotoStore::SniffImageType(std::string_view b) {
    if (StartsWith(b, "\xFF\xD8\xFF")) {
        return "image/jpeg";
    }
    if (StartsWith(b, "\x89PNG\r\n\x1A\n")) {
        return "image/png";
    }
    if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") {
        return "image/webp";
    }
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
        std::string_view brand = b.substr(8, 4);
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "heif") {
            return "image/heic";
        }
    }
    return std::nullopt;
}

std::string PhotoStore::PathOf(const std::string& sha256) const {
    return directory_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

core::Result<StoredPhoto> PhotoStore::Save(std::string_view bytes) const {
    if (bytes.empty()) {
        return core::MakeError(core::ErrorCode::kValidation, "Fotoğraf boş.", "photo");
    }
    if (bytes.size() > max_bytes_) {
        return core::MakeError(core::ErrorCode::kPayloadTooLarge,
                               "Fotoğraf en fazla " + std::to_string(max_bytes_ / (1024 * 1024)) + " MB olabilir.",
                               "photo");
    }
    auto type = SniffImageType(bytes);
    if (!type) {
        return core::MakeError(core::ErrorCode::kUnsupportedMedia,
                               "Yalnızca JPEG, PNG, WebP veya HEIC fotoğraf kabul edilir.", "photo");
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    StoredPhoto photo{Hex(digest, sizeof digest), *type, static_cast<std::int64_t>(bytes.size())};
    std::string path = PathOf(photo.sha256);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return photo;  // same content stored before
    }
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec || !WriteDurably(path, bytes)) {
        return core::MakeError(core::ErrorCode::kUnavailable, "Fotoğraf kaydedilemedi.");
    }
    return photo;
}

std::optional<std::string> PhotoStore::Load(const std::string& sha256) const {
    if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return std::nullopt;
    }
    std::ifstream in(PathOf(sha256), std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace alo153::app
