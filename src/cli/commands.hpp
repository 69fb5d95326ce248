#pragma once

#include <CLI/CLI.hpp>

#include "cli/config.hpp"

namespace alo153::cli {

/// Each sub-command registers its options and returns the function that runs it (after the configuration
/// has been read), which returns the process exit code.
using Runner = std::function<int(Config&)>;

void AddServe(CLI::App& app, Runner& run);
void AddMigrate(CLI::App& app, Runner& run);
void AddUser(CLI::App& app, Runner& run);
void AddApiKey(CLI::App& app, Runner& run);
void AddBackup(CLI::App& app, Runner& run);
void AddMigrateData(CLI::App& app, Runner& run);
void AddDemo(CLI::App& app, Runner& run);
/// `classify` (stdin → JSON lines), `classify train`, `classify eval FILE`, `classify cv` (src/cli/classify.cpp).
void AddClassify(CLI::App& app, Runner& run);

/// Sets up spdlog (plain or JSON lines) at the configured level.
void SetUpLogging(const Config& config);

}  // namespace alo153::cli
