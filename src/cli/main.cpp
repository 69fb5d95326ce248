// alo153: the citizen request center. main only wires the sub-commands (src/cli/*.cpp).
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    using namespace alo153::cli;
    CLI::App app{"alo153 — Alo 153 çağrı ve başvuru merkezi / citizen request center"};
    app.require_subcommand(1);
    std::string config_path;
    std::string db_path;
    app.add_option("-c,--config", config_path, "TOML configuration file")->envname("ALO153_CONFIG");
    app.add_option("--db", db_path,
                   "Database: an SQLite file, sqlite:<file> or postgresql://user@host:port/db (default "
                   "sqlite:var/alo153.db; also database.url, ALO153_DATABASE_URL)");
    Runner run;
    AddServe(app, run);
    AddMigrate(app, run);
    AddUser(app, run);
    AddApiKey(app, run);
    AddBackup(app, run);
    AddMigrateData(app, run);
    AddDemo(app, run);
    AddClassify(app, run);
    CLI11_PARSE(app, argc, argv);

    Config config;
    auto loaded = LoadConfig(config_path, config);
    if (!loaded.ok()) {
        std::cerr << "alo153: " << loaded.error().detail << "\n";
        return 2;
    }
    if (!db_path.empty()) {
        config.app.database_url = db_path;
    }
    SetUpLogging(config);
    try {
        return run ? run(config) : 0;
    } catch (const std::exception& e) {
        std::cerr << "alo153: " << e.what() << "\n";
        return 1;
    }
}
