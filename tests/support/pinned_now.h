// The "now" of runs against a seeded RT, whatever the day and hour a test runs: the
// first Wednesday 12:00 UTC after every seeded transaction (seed.pl stamps them before
// the real now). A weekly report is then always due for the week before (posted
// Mondays 08:00), and the data reach into it. Never more than a week after the real
// now. Given to deskpulse as `run --once --now <iso_utc(pinned_now())>`.
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace dp::test {

inline std::chrono::sys_seconds pinned_now() {
  using namespace std::chrono;
  const auto real = floor<seconds>(system_clock::now());
  const sys_days today = floor<days>(real);
  sys_seconds at = today + (Wednesday - weekday(today)) + hours(12);
  if (at <= real) at += days(7);
  return at;
}

inline std::string iso_utc(std::chrono::sys_seconds t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace dp::test
