#pragma once

#include <string>

#include "support/temp_dir.hpp"

namespace alo153::test {

/// A private PostgreSQL 15 server for one test: its own cluster in a fresh temporary directory, on a free
/// loopback port, with a database `alo153` owned by the (superuser) role `alo153` and trust authentication.
///
/// The constructor runs initdb, starts the server with pg_ctl (listen_addresses 127.0.0.1, its socket in the
/// temporary directory, fsync and synchronous_commit on) and returns once pg_isready answers; it throws
/// std::runtime_error with the server log if the server does not get there. The destructor stops the server
/// with `pg_ctl stop -m immediate` (killing the postmaster if that fails) and removes the directory.
///
/// Only POSIX and the PostgreSQL command-line tools are used (no libpq): every test binary compiles this file.
/// As root, initdb and pg_ctl run as the `postgres` system user (initdb refuses root) and the directory belongs
/// to that user. The server is a daemon (pg_ctl detaches it): it does not die with a test process killed before
/// its destructor runs.
class PgCluster {
  public:
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    /// Whether the PostgreSQL 15 server binaries are installed (tests skip without them).
    static bool Available();

    /// postgresql://alo153@127.0.0.1:<port>/alo153
    std::string Url() const;
    unsigned short Port() const { return port_; }

    /// `pg_ctl restart` (a fast shutdown, then a start on the same port); returns once the server is ready again.
    void Restart();
    /// Stops the server (fast shutdown: connections are cut) and keeps its data: the database is away until Up.
    void Down();
    /// Starts the server again on the same port; returns once it is ready.
    void Up();

    /// Runs `psql -v ON_ERROR_STOP=1 -At -c <sql>` against the alo153 database and returns its stdout;
    /// throws std::runtime_error with psql's stderr if psql fails.
    std::string Psql(const std::string& sql) const;
    /// The same with `-f <path>`: runs a SQL script file (e.g. a migration).
    std::string PsqlFile(const std::string& path) const;

    /// What the server has written to its log so far.
    std::string ServerLog() const;

  private:
    std::string RunPsql(const std::string& option, const std::string& argument, const std::string& database) const;
    void WaitReady();
    void Stop();

    TempDir dir_;
    std::string data_dir_;
    std::string socket_dir_;
    std::string log_path_;
    unsigned short port_ = 0;
    bool running_ = false;
};

}  // namespace alo153::test
