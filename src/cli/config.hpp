#pragma once

#include <string>

#include "api/server_config.hpp"
#include "app/application.hpp"
#include "core/result.hpp"

namespace alo153::cli {

/// All settings, read and validated once at start-up. Order of precedence: command-line flags, then
/// ALO153_* environment variables, then the TOML file, then the defaults here (every setting has one).
struct Config {
    app::AppConfig app;
    api::ServerConfig server;
    std::string log_level = "info";
    bool log_json = false;
};

/// Reads the TOML file at `path` (if non-empty) and the environment into `config`. A bad setting is an error
/// that names it.
core::Result<void> LoadConfig(const std::string& path, Config& config);

}  // namespace alo153::cli
