// A private Request Tracker 5 for integration tests: a temp dir with its own site
// config and SQLite database, rt-server on a free 127.0.0.1 port in its own process
// group, outgoing mail filed in the directory. The destructor stops the server by pid
// and removes the directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "model/result.h"

namespace dp::test {

class RtServer {
 public:
  // An Error (never a silent skip) when RT is not installed or does not come up
  // within `ready_within`.
  static Result<std::unique_ptr<RtServer>> start(
      std::chrono::seconds ready_within = std::chrono::seconds(90));
  ~RtServer();
  RtServer(const RtServer&) = delete;
  RtServer& operator=(const RtServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& site_config_dir() const { return dir_; }
  // Where the mail RT sends is filed, one file per message (RFC 822 as RT wrote it).
  std::string mail_dir() const { return dir_ + "/mail"; }
  static std::string root_user() { return "root"; }
  static std::string root_password() { return "password"; }

  // Runs a command with RT_SITE_CONFIG_DIR set; its stdout (stderr goes to the log).
  Result<std::string> run(const std::vector<std::string>& argv) const;
  // Runs a Perl file against this RT's database (RT's Perl API).
  Result<std::string> perl(const std::string& script, const std::vector<std::string>& args) const;
  // An RT auth token for `user` ("Authorization: token ..."), made through RT's API.
  Result<std::string> create_token(const std::string& user) const;

 private:
  RtServer() = default;
  Result<void> write_site_config();
  Result<void> launch(std::chrono::seconds ready_within);

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace dp::test
