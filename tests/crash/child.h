// One run of a command in its own process group, for the crash harness: started with
// fork/exec (no shell), its output in a log file, killed as a whole group with SIGKILL
// at a chosen moment or left to finish within a bound.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dp::crash {

class Child {
 public:
  // argv[0] is a path; `env` entries (NAME=VALUE) are added to this process's
  // environment; stdout and stderr go to `log` (truncated).
  static Child start(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const std::string& log);
  ~Child();  // a child still running is killed (its group) and reaped
  Child(Child&& o) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child& operator=(Child&&) = delete;

  // Waits until the child exits or `at` (since start) comes; nullopt when it is still
  // running then. The exit code, or 128 + signal.
  std::optional<int> wait_until(std::chrono::milliseconds at);
  // SIGKILL to the whole process group, then reaps the child.
  void kill_group();
  std::chrono::milliseconds elapsed() const;
  bool started() const { return pid_ > 0; }

 private:
  Child() = default;
  pid_t pid_ = -1;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace dp::crash
