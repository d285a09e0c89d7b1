#include "ops/notify.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>

namespace dp::ops {
namespace {

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Notifier::Notifier() {
  active_ = std::getenv("NOTIFY_SOCKET") != nullptr;
  uint64_t usec = 0;
  if (active_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_ = std::chrono::microseconds(usec);
    alive();
    pinger_ = std::thread([this] { ping_loop(); });
  }
}

Notifier::~Notifier() {
  done_.store(true);
  if (pinger_.joinable()) pinger_.join();
}

void Notifier::send(const std::string& state) {
  if (active_) sd_notify(0, state.c_str());
}

void Notifier::ready(const std::string& s) {
  send("READY=1\nSTATUS=" + s);
}
void Notifier::status(const std::string& s) {
  send("STATUS=" + s);
}
void Notifier::reloading() {
  send("RELOADING=1");
}
void Notifier::stopping() {
  send("STOPPING=1");
}
void Notifier::alive() {
  last_alive_ns_.store(steady_ns());
}

void Notifier::ping_loop() {
  const auto half = watchdog_ / 2;
  const int64_t limit_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(watchdog_).count();
  auto next = std::chrono::steady_clock::now();
  while (!done_.load()) {
    if (std::chrono::steady_clock::now() >= next) {
      if (steady_ns() - last_alive_ns_.load() < limit_ns) send("WATCHDOG=1");
      next = std::chrono::steady_clock::now() + half;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace dp::ops
