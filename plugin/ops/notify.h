// systemd's service notifications (sd_notify(3), from Debian's libsystemd): READY=1,
// STATUS=, WATCHDOG=1, RELOADING=1, STOPPING=1. Without NOTIFY_SOCKET (not started by
// systemd with Type=notify) every call does nothing.
//
// The watchdog: the loop calls alive() whenever it makes progress (between cycles,
// after each batch a source stores); a thread pings WATCHDOG=1 every half
// WatchdogSec while the last alive() is more recent than WatchdogSec. A loop stuck
// for longer than WatchdogSec stops the pings and systemd restarts the service.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace dp::ops {

class Notifier {
 public:
  Notifier();  // reads NOTIFY_SOCKET and WATCHDOG_USEC; starts the ping thread if asked
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  bool active() const { return active_; }
  std::chrono::microseconds watchdog_interval() const { return watchdog_; }

  void ready(const std::string& status);
  void status(const std::string& status);
  void reloading();
  void stopping();
  void alive();

 private:
  void send(const std::string& state);
  void ping_loop();
  bool active_ = false;
  std::chrono::microseconds watchdog_{0};
  std::atomic<int64_t> last_alive_ns_{0};
  std::atomic<bool> done_{false};
  std::thread pinger_;
};

}  // namespace dp::ops
