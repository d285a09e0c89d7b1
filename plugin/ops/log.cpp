#include "ops/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "model/json.h"
#include "model/text.h"
#include "model/time.h"
#include "ops/progress.h"

namespace dp::ops {
namespace {

constexpr std::string_view kNames[] = {"trace", "debug", "info", "warn", "error", "off"};

// sd-daemon.h priorities: LOG_DEBUG 7, LOG_INFO 6, LOG_WARNING 4, LOG_ERR 3.
int syslog_priority(Level l) {
  switch (l) {
    case Level::trace:
    case Level::debug:
      return 7;
    case Level::info:
      return 6;
    case Level::warn:
      return 4;
    default:
      return 3;
  }
}

// systemd sets JOURNAL_STREAM=<device>:<inode> when it connects stdout/stderr to the
// journal; the variable is inherited, so it only counts when stderr is that stream.
bool stderr_is_journal() {
  const char* v = std::getenv("JOURNAL_STREAM");
  if (!v) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(v, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

struct State {
  std::mutex mu;
  LogOptions options;
  bool journald = false;
};
State& state() {
  static State s{{}, {}, stderr_is_journal()};
  return s;
}
std::atomic<int> g_level{static_cast<int>(Level::info)};

bool reserved(std::string_view k) {
  return k == "time" || k == "level" || k == "msg";
}

}  // namespace

std::optional<Level> parse_level(std::string_view s) {
  if (s == "warning") return Level::warn;
  for (size_t i = 0; i < std::size(kNames); ++i)
    if (s == kNames[i]) return static_cast<Level>(i);
  return std::nullopt;
}

std::string_view level_name(Level l) {
  return kNames[static_cast<size_t>(l)];
}

std::optional<LogFormat> parse_log_format(std::string_view s) {
  if (s == "text") return LogFormat::text;
  if (s == "json") return LogFormat::json;
  return std::nullopt;
}

void configure_log(const LogOptions& options) {
  auto& s = state();
  std::lock_guard lock(s.mu);
  s.options = options;
  s.journald = options.journald.value_or(stderr_is_journal());
  g_level.store(static_cast<int>(options.level));
}

bool log_enabled(Level l) {
  return l != Level::off && static_cast<int>(l) >= g_level.load(std::memory_order_relaxed);
}

std::string format_log_line(const LogOptions& options, std::string_view time, Level l,
                            std::string_view msg, const Fields& fields) {
  const bool journald = options.journald.value_or(false);
  std::string out;
  if (options.format == LogFormat::json) {
    json::Writer w;
    w.obj_begin();
    if (!journald) {
      w.key("time");
      w.value(time);
    }
    w.key("level");
    w.value(level_name(l));
    w.key("msg");
    w.value(msg);
    for (const auto& [k, v] : fields) {
      w.key(reserved(k) ? "field." + k : k);
      w.value(v);
    }
    w.obj_end();
    out = w.str();
  } else {
    if (!journald) {
      out.append(time);
      out += ' ';
    }
    out.append(level_name(l));
    out += ' ';
    out += printable(msg);
  }
  if (journald) out.insert(0, "<" + std::to_string(syslog_priority(l)) + ">");
  // JSON escapes control bytes itself; a message line never spans two log lines.
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  out += '\n';
  return out;
}

void log(Level l, std::string_view msg, const Fields& fields) {
  if (!log_enabled(l)) return;
  const Time now = system_now();
  auto& s = state();
  std::lock_guard lock(s.mu);
  LogOptions o = s.options;
  o.journald = s.journald;
  const std::string line = format_log_line(o, format_rfc3339(now), l, msg, fields);
  clear_progress_line();  // a progress line drawn on the terminal is erased first
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace dp::ops
