#pragma once

#include <filesystem>
#include <string>

namespace alo153::test {

/// A fresh, empty directory under the system temp directory, removed with everything in it on destruction.
/// Each instance gets its own directory, so tests stay hermetic even when run in parallel.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& Path() const { return path_; }
    /// `name` inside the directory, as a string (e.g. a database file path).
    std::string File(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

}  // namespace alo153::test
