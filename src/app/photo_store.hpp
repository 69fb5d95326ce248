#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace alo153::app {

/// A photo accepted from a client: its bytes, what they are and their digest.
struct StoredPhoto {
    std::string sha256;  ///< hex
    std::string content_type;
    std::int64_t size = 0;
};

/// Photos live outside the database, one file per content (named by sha256), written and synced before the
/// request that refers to them commits, so a 201 never points at a missing file.
class PhotoStore {
  public:
    PhotoStore(std::string directory, std::size_t max_bytes);

    /// The image type of `bytes` judged by its magic bytes (JPEG, PNG, WebP, HEIC), or none.
    static std::optional<std::string> SniffImageType(std::string_view bytes);

    /// Checks and stores a photo. Errors: empty or over the size limit (kPayloadTooLarge), not an image
    /// we accept (kUnsupportedMedia), the disk (kUnavailable).
    core::Result<StoredPhoto> Save(std::string_view bytes) const;
    /// The bytes of a stored photo, if present.
    std::optional<std::string> Load(const std::string& sha256) const;
    std::size_t MaxBytes() const { return max_bytes_; }

  private:
    std::string PathOf(const std::string& sha256) const;

    std::string directory_;
    std::size_t max_bytes_;
};

}  // namespace alo153::app
