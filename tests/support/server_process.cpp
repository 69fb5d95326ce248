#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace alo153::test {
namespace {

constexpr std::string_view kReadyPrefix = "running: http://";
constexpr auto kPollInterval = std::chrono::milliseconds(5);

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A file name next to `anchor` that no other child of this process uses.
std::string UniqueFile(const std::string& anchor, const char* suffix) {
    static std::atomic<int> counter{0};
    // A database server's URL has no folder of its own: the output goes to the temporary directory.
    std::filesystem::path dir = anchor.find("://") != std::string::npos ? std::filesystem::temp_directory_path()
                                                                        : std::filesystem::path(anchor).parent_path();
    if (dir.empty()) {
        dir = ".";
    }
    return (dir / ("child-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix)).string();
}

int OpenOrThrow(const std::string& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("open " + path + ": " + std::strerror(errno));
    }
    return fd;
}

int StatusCode(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

/// Starts `binary args...` with stdin from /dev/null and stdout / stderr into the given files.
/// Everything the child needs is prepared before fork: between fork and exec only async-signal-safe calls.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args, const Environment& env,
            const std::string& out_path, const std::string& err_path) {
    std::vector<std::string> argv_storage;
    argv_storage.push_back(binary);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string_view entry(*e);
        bool overridden = false;
        for (const auto& [name, value] : env) {
            overridden = overridden || (entry.size() > name.size() && entry.substr(0, name.size()) == name &&
                                        entry[name.size()] == '=');
        }
        if (!overridden) {
            env_storage.emplace_back(entry);
        }
    }
    for (const auto& [name, value] : env) {
        env_storage.push_back(name + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& e : env_storage) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    const int in_fd = OpenOrThrow("/dev/null", O_RDONLY);
    const int out_fd = OpenOrThrow(out_path, O_WRONLY | O_CREAT | O_TRUNC);
    const int err_fd = OpenOrThrow(err_path, O_WRONLY | O_CREAT | O_TRUNC);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // The child: die with the test process, start with no blocked signals, then become the binary.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(126);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::dup2(in_fd, STDIN_FILENO);
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        static const char kMessage[] = "exec of the alo153 binary failed\n";
        [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
        ::_exit(127);
    }
    const int fork_errno = errno;
    ::close(in_fd);
    ::close(out_fd);
    ::close(err_fd);
    if (pid < 0) {
        throw std::runtime_error(std::string("fork: ") + std::strerror(fork_errno));
    }
    return pid;
}

/// Waits up to `timeout` for `pid` to exit; returns its status code, -2 while it still runs, -1 if not our child.
int WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return StatusCode(status);
        }
        if (r < 0 && errno != EINTR) {
            return -1;  // not our child any more (already reaped)
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return -2;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
}

}  // namespace

CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args, const std::string& work_dir,
                         std::chrono::milliseconds timeout, const Environment& env) {
    const std::string anchor = (std::filesystem::path(work_dir) / "x").string();
    const std::string out_path = UniqueFile(anchor, ".out");
    const std::string err_path = UniqueFile(anchor, ".err");
    const pid_t pid = Spawn(binary, args, env, out_path, err_path);
    CommandResult result;
    result.exit_code = WaitFor(pid, timeout);
    if (result.exit_code == -2) {
        ::kill(pid, SIGKILL);
        result.exit_code = WaitFor(pid, std::chrono::seconds(10));
    }
    result.out = ReadFile(out_path);
    result.err = ReadFile(err_path);
    std::error_code ec;
    std::filesystem::remove(out_path, ec);
    std::filesystem::remove(err_path, ec);
    return result;
}

ServerProcess::ServerProcess(std::string binary, std::string db_path, std::vector<std::string> extra_args,
                             Environment env, std::chrono::milliseconds start_timeout)
    : db_path_(std::move(db_path)), out_path_(UniqueFile(db_path_, ".out")), err_path_(UniqueFile(db_path_, ".err")) {
    std::vector<std::string> args = {"--db", db_path_, "serve", "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = Spawn(binary, args, env, out_path_, err_path_);

    // The server prints its URL once it is listening; until then, watch for that line or an early exit.
    const auto deadline = std::chrono::steady_clock::now() + start_timeout;
    for (;;) {
        const std::string out = Stdout();
        if (auto at = out.find(kReadyPrefix); at != std::string::npos) {
            auto colon = out.find(':', at + kReadyPrefix.size());
            auto slash = colon == std::string::npos ? std::string::npos : out.find('/', colon);
            if (slash != std::string::npos) {
                port_ = static_cast<unsigned short>(std::stoi(out.substr(colon + 1, slash - colon - 1)));
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("alo153 serve exited (" + std::to_string(StatusCode(status)) +
                                     ") before listening: " + Stderr());
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            Kill();
            throw std::runtime_error("alo153 serve did not start in time: " + Stderr());
        }
        std::this_thread::sleep_for(kPollInterval);
    }
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        Kill();
    }
    std::error_code ec;
    std::filesystem::remove(out_path_, ec);
    std::filesystem::remove(err_path_, ec);
}

int ServerProcess::Reap(std::chrono::milliseconds timeout) {
    const int code = WaitFor(pid_, timeout);
    if (code != -2) {
        pid_ = -1;
    }
    return code;
}

int ServerProcess::Stop(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    const int code = Reap(timeout);
    return code == -2 ? Kill() : code;
}

int ServerProcess::Kill() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGKILL);
    return Reap(std::chrono::seconds(30));
}

std::string ServerProcess::Stdout() const { return ReadFile(out_path_); }

std::string ServerProcess::Stderr() const { return ReadFile(err_path_); }

}  // namespace alo153::test
