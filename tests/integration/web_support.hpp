#pragma once

// A real server for the web-facing tests: a copy of the demo database, a web application directory of the
// test's making, and settings given as ALO153_* variables.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "integration/live_server.hpp"

namespace alo153::test {

/// Writes `content` to `path`, creating its directories.
inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

class WebServer {
  public:
    /// Serves a copy of the demo database with `env` added to the server's environment.
    explicit WebServer(Environment env) {
        db_ = dir_.File("alo153.db");
        CopyDatabase(DemoTemplate(), db_);
        process_ = std::make_unique<ServerProcess>(Binary(), db_, std::vector<std::string>{}, std::move(env));
        client_ = std::make_unique<TestClient>(process_->Port());
    }

    TestClient& Client() { return *client_; }
    ServerProcess& Process() { return *process_; }
    const std::string& Db() const { return db_; }
    unsigned short Port() const { return process_->Port(); }

    /// The session of a demo user, signed in on first use.
    const Session& As(const std::string& username) {
        if (auto it = sessions_.find(username); it != sessions_.end()) {
            return it->second;
        }
        Session s;
        Reply r = SignIn(*client_, username, kDemoPassword, &s);
        if (r.status != 200) {
            throw std::runtime_error("sign-in of " + username + " failed: " + r.body);
        }
        return sessions_.emplace(username, s).first->second;
    }

  private:
    TempDir dir_;
    std::string db_;
    std::unique_ptr<ServerProcess> process_;
    std::unique_ptr<TestClient> client_;
    std::map<std::string, Session> sessions_;
};

}  // namespace alo153::test
