#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/server_process.hpp"

namespace alo153::test {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
constexpr const char* kRunuser = "/usr/sbin/runuser";
constexpr const char* kServerUser = "postgres";
constexpr const char* kRole = "alo153";
constexpr const char* kDatabase = "alo153";
constexpr auto kStartTimeout = std::chrono::seconds(15);
constexpr auto kPollInterval = std::chrono::milliseconds(10);

std::string Bin(const char* name) { return std::string(kBinDir) + "/" + name; }

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool IsRoot() { return ::geteuid() == 0; }

/// A loopback TCP port nobody listens on right now (the kernel's pick for an ephemeral bind).
unsigned short FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const int e = errno;
        ::close(fd);
        throw std::runtime_error(std::string("bind to a free port: ") + std::strerror(e));
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

/// Runs a server-side tool (initdb, pg_ctl) as the user that owns the cluster: `postgres` when we are root.
CommandResult RunServerTool(const std::string& binary, const std::vector<std::string>& args,
                            const std::string& work_dir) {
    if (!IsRoot()) {
        return RunCommand(binary, args, work_dir, std::chrono::seconds(60));
    }
    std::vector<std::string> wrapped = {"-u", kServerUser, "--", binary};
    wrapped.insert(wrapped.end(), args.begin(), args.end());
    return RunCommand(kRunuser, wrapped, work_dir, std::chrono::seconds(60));
}

std::string Describe(const std::string& what, const CommandResult& r) {
    return what + " failed (" + std::to_string(r.exit_code) + "): " + r.err + r.out;
}

}  // namespace

bool PgCluster::Available() { return std::filesystem::exists(Bin("initdb")); }

PgCluster::PgCluster()
    : data_dir_(dir_.File("data")), socket_dir_(dir_.File("socket")), log_path_(dir_.File("server.log")) {
    const std::string work = dir_.Path().string();
    std::filesystem::create_directory(socket_dir_);
    if (IsRoot()) {
        // initdb refuses root: the whole directory belongs to the server's user (root can still remove it).
        const std::string chown = "chown -R " + std::string(kServerUser) + ": '" + work + "'";
        if (std::system(chown.c_str()) != 0) {
            throw std::runtime_error("PgCluster: " + chown + " failed");
        }
    }

    // --no-sync only skips initdb's own flush of the fresh files; the server itself runs with fsync on.
    const CommandResult init = RunServerTool(Bin("initdb"),
                                             {"-D", data_dir_, "-U", kRole, "--auth=trust", "-E", "UTF8",
                                              "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
                                             work);
    if (init.exit_code != 0) {
        throw std::runtime_error("PgCluster: " + Describe("initdb", init));
    }
    {
        std::ofstream conf(data_dir_ + "/postgresql.conf", std::ios::app);
        conf << "\n# alo153 test cluster (tests/support/pg_cluster.cpp)\n"
             << "listen_addresses = '127.0.0.1'\n"
             << "unix_socket_directories = '" << socket_dir_ << "'\n"
             << "fsync = on\n"
             << "synchronous_commit = on\n"
             << "max_connections = 30\n";
        if (!conf) {
            throw std::runtime_error("PgCluster: cannot write " + data_dir_ + "/postgresql.conf");
        }
    }

    // The port goes on the command line (pg_ctl keeps it in postmaster.opts for restarts). Another process may
    // take the free port between FreePort and the server's bind: then try another one.
    std::string failures;
    for (int attempt = 0; attempt < 3 && !running_; ++attempt) {
        port_ = FreePort();
        const CommandResult start = RunServerTool(
            Bin("pg_ctl"),
            {"start", "-D", data_dir_, "-l", log_path_, "-w", "-t", "15", "-o", "-p " + std::to_string(port_)}, work);
        if (start.exit_code == 0) {
            running_ = true;
        } else {
            failures += Describe("pg_ctl start on port " + std::to_string(port_), start) + "\n";
            Stop();
        }
    }
    if (!running_) {
        throw std::runtime_error("PgCluster: the server did not start:\n" + failures + "server log:\n" + ServerLog());
    }
    try {
        WaitReady();
        RunPsql("-c", std::string("CREATE DATABASE ") + kDatabase + " OWNER " + kRole, "postgres");
    } catch (...) {
        Stop();
        throw;
    }
}

PgCluster::~PgCluster() { Stop(); }

std::string PgCluster::Url() const {
    return std::string("postgresql://") + kRole + "@127.0.0.1:" + std::to_string(port_) + "/" + kDatabase;
}

void PgCluster::Restart() {
    const CommandResult r =
        RunServerTool(Bin("pg_ctl"), {"restart", "-D", data_dir_, "-l", log_path_, "-m", "fast", "-w", "-t", "15"},
                      dir_.Path().string());
    if (r.exit_code != 0) {
        throw std::runtime_error("PgCluster: " + Describe("pg_ctl restart", r) + "\nserver log:\n" + ServerLog());
    }
    running_ = true;
    WaitReady();
}

void PgCluster::Down() {
    const CommandResult r =
        RunServerTool(Bin("pg_ctl"), {"stop", "-D", data_dir_, "-m", "fast", "-w", "-t", "15"}, dir_.Path().string());
    if (r.exit_code != 0) {
        throw std::runtime_error("PgCluster: " + Describe("pg_ctl stop", r));
    }
    running_ = false;
}

void PgCluster::Up() {
    const CommandResult r = RunServerTool(
        Bin("pg_ctl"),
        {"start", "-D", data_dir_, "-l", log_path_, "-w", "-t", "15", "-o", "-p " + std::to_string(port_)},
        dir_.Path().string());
    if (r.exit_code != 0) {
        throw std::runtime_error("PgCluster: " + Describe("pg_ctl start", r) + "\nserver log:\n" + ServerLog());
    }
    running_ = true;
    WaitReady();
}

std::string PgCluster::Psql(const std::string& sql) const { return RunPsql("-c", sql, kDatabase); }

std::string PgCluster::PsqlFile(const std::string& path) const { return RunPsql("-f", path, kDatabase); }

std::string PgCluster::ServerLog() const { return ReadFile(log_path_); }

std::string PgCluster::RunPsql(const std::string& option, const std::string& argument,
                               const std::string& database) const {
    const std::string url =
        std::string("postgresql://") + kRole + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
    const CommandResult r =
        RunCommand(Bin("psql"), {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url, option, argument},
                   dir_.Path().string(), std::chrono::seconds(60), {{"PGCONNECT_TIMEOUT", "5"}});
    if (r.exit_code != 0) {
        throw std::runtime_error("PgCluster: " + Describe("psql " + option + " " + argument, r));
    }
    return r.out;
}

void PgCluster::WaitReady() {
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    for (;;) {
        const CommandResult r =
            RunCommand(Bin("pg_isready"), {"-q", "-h", "127.0.0.1", "-p", std::to_string(port_), "-t", "1"},
                       dir_.Path().string(), std::chrono::seconds(5));
        if (r.exit_code == 0) {
            return;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw std::runtime_error("PgCluster: the server on port " + std::to_string(port_) + " is not ready after " +
                                     std::to_string(kStartTimeout.count()) + " s; server log:\n" + ServerLog());
        }
        std::this_thread::sleep_for(kPollInterval);
    }
}

void PgCluster::Stop() {
    const std::string pid_file = data_dir_ + "/postmaster.pid";
    if (!std::filesystem::exists(pid_file)) {
        running_ = false;
        return;
    }
    const CommandResult r = RunServerTool(Bin("pg_ctl"), {"stop", "-D", data_dir_, "-m", "immediate", "-w", "-t", "10"},
                                          dir_.Path().string());
    if (r.exit_code != 0 || std::filesystem::exists(pid_file)) {
        // pg_ctl could not stop it: kill the postmaster (its first line); its children exit with it.
        std::istringstream first(ReadFile(pid_file));
        long pid = 0;
        if (first >> pid && pid > 0) {
            ::kill(static_cast<pid_t>(pid), SIGKILL);
        }
    }
    running_ = false;
}

}  // namespace alo153::test
