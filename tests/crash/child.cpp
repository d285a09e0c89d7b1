#include "child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace dp::crash {

Child Child::start(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   const std::string& log) {
  // Everything the child needs is prepared before fork: after it only async-signal-safe
  // calls are made.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> vars = env;
  for (char** e = environ; *e; ++e) vars.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& v : vars) envp.push_back(v.data());
  envp.push_back(nullptr);
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  Child c;
  c.started_ = std::chrono::steady_clock::now();
  c.pid_ = ::fork();
  if (c.pid_ == 0) {
    ::setpgid(0, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  // Both sides set the group, so a kill right after fork finds it.
  if (c.pid_ > 0) ::setpgid(c.pid_, c.pid_);
  if (out >= 0) ::close(out);
  return c;
}

Child::Child(Child&& o) noexcept : pid_(o.pid_), started_(o.started_) {
  o.pid_ = -1;
}

Child::~Child() {
  if (pid_ > 0) kill_group();
}

std::chrono::milliseconds Child::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started_);
}

std::optional<int> Child::wait_until(std::chrono::milliseconds at) {
  if (pid_ <= 0) return std::nullopt;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    const auto left = at - elapsed();
    if (left.count() <= 0) return std::nullopt;
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(2)));
  }
}

void Child::kill_group() {
  if (pid_ <= 0) return;
  if (::kill(-pid_, SIGKILL) != 0) ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace dp::crash
