#include "cli/commands.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "api/api_server.hpp"
#include "app/application.hpp"
#include "app/demo/demo_generator.hpp"
#include "storage/migrate_data.hpp"
#include "storage/open_store.hpp"

namespace alo153::cli {
namespace {

int Fail(const core::Error& e) {
    std::cerr << "alo153: " << e.detail << (e.field.empty() ? "" : " (" + e.field + ")") << "\n";
    return 1;
}

std::string ReadPassword(const std::string& from_flag) {
    if (!from_flag.empty()) {
        return from_flag;
    }
    if (const char* env = std::getenv("ALO153_PASSWORD"); env != nullptr) {
        return env;
    }
    std::string line;
    std::cerr << "Parola: ";
    std::getline(std::cin, line);
    return line;
}

bool IsDemoDatabase(app::Application& application) {
    for (const auto& u : application.Auth().ListUsers()) {
        if (u.username == "cagri1") {
            return true;
        }
    }
    return false;
}

}  // namespace

void SetUpLogging(const Config& config) {
    auto logger = spdlog::stderr_color_mt("alo153");
    if (config.log_json) {
        logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
    } else {
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    }
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(config.log_level));
}

void AddServe(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("serve", "Serve the REST API (and the web application)");
    auto port = std::make_shared<int>(-1);
    auto address = std::make_shared<std::string>();
    cmd->add_option("-p,--port", *port, "TCP port (0: any free port)");
    cmd->add_option("-a,--address", *address, "Address to listen on");
    cmd->callback([&run, port, address] {
        run = [port, address](Config& config) {
            if (*port >= 0) {
                config.server.port = *port;
            }
            if (!address->empty()) {
                config.server.address = *address;
            }
            // Signals are taken by a dedicated wait below, not by handlers on arbitrary threads.
            sigset_t signals;
            sigemptyset(&signals);
            sigaddset(&signals, SIGINT);
            sigaddset(&signals, SIGTERM);
            pthread_sigmask(SIG_BLOCK, &signals, nullptr);

            auto started = std::chrono::steady_clock::now();
            app::SystemClock clock;
            app::Application application(config.app, clock);
            application.Classifier().StartWatching();  // loads the model (or says why not) and watches its file
            api::ApiServer server(application, config.server);
            server.Start();
            auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            spdlog::info("alo153 ready: http://{}:{}/ (database {}, started in {} ms)", config.server.address,
                         server.Port(), config.app.database_url, ms.count());
            std::cout << "alo153 çalışıyor / running: http://" << config.server.address << ":" << server.Port() << "/"
                      << std::endl;
            if (IsDemoDatabase(application)) {
                std::cout << "Demo girişleri / demo logins (parola / password: " << app::kDemoPassword << "):\n";
                for (const auto& l : app::DemoLogins()) {
                    std::cout << "  " << l.username << "  (" << l.role << (l.unit.empty() ? "" : ", " + l.unit)
                              << ")\n";
                }
                std::cout.flush();
            }
            int sig = 0;
            sigwait(&signals, &sig);
            spdlog::info("signal {}: stopping", sig);
            server.Stop();
            return 0;
        };
    });
}

void AddMigrate(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("migrate", "Create or upgrade the database schema and load the seed catalog");
    cmd->callback([&run] {
        run = [](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            std::cout << "Veritabanı hazır / database ready: " << config.app.database_url << " (şema sürümü "
                      << application.Store().SchemaVersion() << ")\n";
            return 0;
        };
    });
}

void AddUser(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("user", "Manage staff accounts");
    cmd->require_subcommand(1);
    struct Args {
        std::string username, name, role = "agent", unit, password;
    };
    auto args = std::make_shared<Args>();

    auto* add = cmd->add_subcommand("add", "Create a staff account");
    add->add_option("username", args->username)->required();
    add->add_option("--name", args->name, "Display name");
    add->add_option("--role", args->role, "agent|supervisor|unit_staff|unit_manager|admin");
    add->add_option("--unit", args->unit, "Unit code (unit roles)");
    add->add_option("--password", args->password, "Password (or ALO153_PASSWORD, or asked)");
    add->callback([&run, args] {
        run = [args](Config& config) {
            auto role = core::ParseRole(args->role);
            if (!role) {
                return Fail(core::MakeError(core::ErrorCode::kValidation, "Bilinmeyen rol: " + args->role, "role"));
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto u = application.Auth().AddUser(args->username, args->name.empty() ? args->username : args->name, *role,
                                                args->unit, ReadPassword(args->password));
            if (!u.ok()) {
                return Fail(u.error());
            }
            std::cout << "Kullanıcı eklendi / user added: " << u->username << " (" << core::ToCode(u->role) << ")\n";
            return 0;
        };
    });

    auto* passwd = cmd->add_subcommand("passwd", "Set a staff member's password");
    passwd->add_option("username", args->username)->required();
    passwd->add_option("--password", args->password);
    passwd->callback([&run, args] {
        run = [args](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto r = application.Auth().SetPassword(args->username, ReadPassword(args->password));
            if (!r.ok()) {
                return Fail(r.error());
            }
            std::cout << "Parola değişti / password changed.\n";
            return 0;
        };
    });

    auto* list = cmd->add_subcommand("list", "List staff accounts");
    list->callback([&run] {
        run = [](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            for (const auto& u : application.Auth().ListUsers()) {
                std::cout << u.username << "\t" << core::ToCode(u.role) << "\t" << (u.unit.empty() ? "-" : u.unit)
                          << "\t" << (u.active ? "active" : "disabled") << "\t" << u.display_name << "\n";
            }
            return 0;
        };
    });

    auto* disable = cmd->add_subcommand("disable", "Disable an account and end its sessions");
    disable->add_option("username", args->username)->required();
    disable->callback([&run, args] {
        run = [args](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto r = application.Auth().Disable(args->username);
            if (!r.ok()) {
                return Fail(r.error());
            }
            std::cout << "Hesap kapatıldı / account disabled: " << args->username << "\n";
            return 0;
        };
    });
}

void AddApiKey(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("apikey", "Manage API keys for other systems");
    cmd->require_subcommand(1);
    auto name = std::make_shared<std::string>();
    auto role = std::make_shared<std::string>("agent");
    auto id = std::make_shared<core::Id>(0);
    auto* add = cmd->add_subcommand("add", "Issue a key (printed once)");
    add->add_option("name", *name)->required();
    add->add_option("--role", *role);
    add->callback([&run, name, role] {
        run = [name, role](Config& config) {
            auto r = core::ParseRole(*role);
            if (!r) {
                return Fail(core::MakeError(core::ErrorCode::kValidation, "Bilinmeyen rol: " + *role, "role"));
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto issued = application.Auth().IssueApiKey(*name, *r, "");
            if (!issued.ok()) {
                return Fail(issued.error());
            }
            std::cout << issued->secret << "\n";
            return 0;
        };
    });
    auto* list = cmd->add_subcommand("list", "List keys");
    list->callback([&run] {
        run = [](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            for (const auto& k : application.Auth().ListApiKeys()) {
                std::cout << k.id << "\t" << k.prefix << "\t" << k.name << "\t" << (k.active ? "active" : "revoked")
                          << "\n";
            }
            return 0;
        };
    });
    auto* revoke = cmd->add_subcommand("revoke", "Revoke a key");
    revoke->add_option("id", *id)->required();
    revoke->callback([&run, id] {
        run = [id](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto r = application.Auth().RevokeApiKey(*id);
            return r.ok() ? 0 : Fail(r.error());
        };
    });
}

void AddBackup(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("backup", "Write an online, consistent copy of the database");
    auto target = std::make_shared<std::string>();
    cmd->add_option("target", *target, "Backup file")->required();
    cmd->callback([&run, target] {
        run = [target](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto r = application.Store().Backup(*target);
            if (!r.ok()) {
                return Fail(r.error());
            }
            std::cout << "Yedek alındı / backup written: " << *target << "\n";
            return 0;
        };
    });
}

void AddMigrateData(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand(
        "migrate-data", "Copy everything from an SQLite database into PostgreSQL, verified; resumable if interrupted");
    struct Args {
        std::string from;
        std::string to;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("--from", a->from, "The SQLite database (sqlite:<file> or a file path)")->required();
    cmd->add_option("--to", a->to, "The PostgreSQL database (postgresql://user@host:port/db)")->required();
    cmd->callback([&run, a] {
        run = [a](Config&) {
            const auto file = storage::SqliteFileOf(a->from);
            if (!file || !std::filesystem::exists(*file)) {
                return Fail(core::MakeError(core::ErrorCode::kValidation,
                                            "--from bir SQLite veritabanı dosyası olmalı / must name an existing "
                                            "SQLite file: " +
                                                a->from,
                                            "--from"));
            }
            if (a->to.rfind("postgresql://", 0) != 0 && a->to.rfind("postgres://", 0) != 0) {
                return Fail(core::MakeError(core::ErrorCode::kValidation,
                                            "--to bir PostgreSQL adresi olmalı / must be postgresql://...", "--to"));
            }
            auto report =
                storage::MigrateData(*file, a->to, [](const std::string& line) { std::cerr << line << "\n"; });
            if (!report.ok()) {
                return Fail(report.error());
            }
            bool all_match = true;
            std::cout << "table\tsource rows\ttarget rows\tchecksum\n";
            for (const auto& t : *report) {
                all_match = all_match && t.Matches();
                std::cout << t.table << "\t" << t.source_rows << "\t" << t.target_rows << "\t"
                          << (t.Matches() ? "ok " + t.source_checksum.substr(0, 16)
                                          : "DIFFERS " + t.source_checksum.substr(0, 16) + " / " +
                                                t.target_checksum.substr(0, 16))
                          << "\n";
            }
            std::cout << (all_match ? "Taşıma doğrulandı / migration verified: every table's rows and checksum match\n"
                                    : "Taşıma DOĞRULANAMADI / migration NOT verified: see the tables above\n");
            return all_match ? 0 : 1;
        };
    });
}

void AddDemo(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("demo", "Create demo staff and generate N realistic historical requests");
    auto count = std::make_shared<std::int64_t>(3000);
    auto seed = std::make_shared<std::uint64_t>(153);
    cmd->add_option("-n,--requests", *count, "How many requests")->check(CLI::Range(0, 20'000'000));
    cmd->add_option("--seed", *seed, "Random seed");
    cmd->callback([&run, count, seed] {
        run = [count, seed](Config& config) {
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto staff = app::CreateDemoStaff(application.Auth());
            if (!staff.ok()) {
                return Fail(staff.error());
            }
            app::DemoOptions options;
            options.requests = *count;
            options.seed = *seed;
            options.end = clock.Now();
            auto report = app::GenerateDemo(application.Store(), application.Calendar(), options,
                                            [](std::int64_t done) { std::cerr << "\r" << done << " " << std::flush; });
            if (!report.ok()) {
                return Fail(report.error());
            }
            std::cerr << "\n";
            std::cout << "Demo verisi / demo data: " << report->requests << " requests, " << report->events
                      << " events, " << report->contacts << " contacts, " << report->citizens << " citizens in "
                      << report->seconds << " s\n";
            return 0;
        };
    });
}

}  // namespace alo153::cli
