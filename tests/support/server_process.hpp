#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace alo153::test {

/// Extra environment variables for a child process ("NAME", "value"), added to the test's own environment.
using Environment = std::vector<std::pair<std::string, std::string>>;

/// What a finished command printed and how it ended.
struct CommandResult {
    int exit_code = -1;  ///< the exit status, or 128 + signal number when killed by a signal
    std::string out;     ///< everything written to stdout
    std::string err;     ///< everything written to stderr
};

/// Runs `binary args...` to completion with stdin from /dev/null, its output captured through files in
/// `work_dir`. A command still running after `timeout` is killed (exit_code 128 + SIGKILL).
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args, const std::string& work_dir,
                         std::chrono::milliseconds timeout = std::chrono::seconds(120), const Environment& env = {});

/// The real `alo153` executable serving a database file, as a child process on an ephemeral port.
///
/// The constructor starts `binary --db <db_path> serve --port 0 <extra_args...>` and returns once the server has
/// printed the line "alo153 çalışıyor / running: http://127.0.0.1:PORT/" (it is listening then); it throws
/// std::runtime_error (with the server's stderr) if the process exits first or does not get there within
/// `start_timeout`. stdout and stderr go to files next to the database, so a chatty server never blocks on a
/// full pipe. The child is killed if the test process dies (PR_SET_PDEATHSIG) and by the destructor.
class ServerProcess {
  public:
    ServerProcess(std::string binary, std::string db_path, std::vector<std::string> extra_args = {},
                  Environment env = {}, std::chrono::milliseconds start_timeout = std::chrono::seconds(30));
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    unsigned short Port() const { return port_; }
    pid_t Pid() const { return pid_; }
    const std::string& DbPath() const { return db_path_; }
    /// Whether the child has not been reaped yet (it may have exited on its own: see Wait).
    bool Running() const { return pid_ > 0; }

    /// Sends SIGTERM and waits for a graceful exit; after `timeout` the process is killed with SIGKILL.
    /// Returns the exit status (128 + signal number when killed by a signal).
    int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// Kills the process with SIGKILL (no chance to flush or checkpoint anything) and reaps it.
    /// Returns 128 + SIGKILL.
    int Kill();

    /// What the server has written to stdout / stderr so far.
    std::string Stdout() const;
    std::string Stderr() const;

  private:
    int Reap(std::chrono::milliseconds timeout);

    std::string db_path_;
    std::string out_path_;
    std::string err_path_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

}  // namespace alo153::test
