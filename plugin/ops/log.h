// Log lines with a level, to stderr: the one way app/ and ops/ report to an admin.
//
// Contract:
// - One line per call, whatever the message holds (control bytes and bytes that are
//   not UTF-8 shown as \xNN, model/text.h printable()).
// - text (default): `2026-12-07T13:00:00Z warn msg` (the message says it all; fields
//   are for machines and go only into json); under journald
//   (stderr is the stream JOURNAL_STREAM names) the time is left to the journal and
//   the line starts with the sd-daemon priority prefix (`<4>` for warn), so
//   `journalctl -p err` selects by level.
// - json: one object per line, {"time":..., "level":..., "msg":..., then each field
//   as a string member}; a field named like time/level/msg is prefixed with "field.".
// - Lines below the configured level are dropped; `off` drops every line.
// - Safe to call from any thread (the metrics server logs too).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dp::ops {

enum class Level { trace, debug, info, warn, error, off };
std::optional<Level> parse_level(std::string_view s);  // "trace".."off"
std::string_view level_name(Level l);

enum class LogFormat { text, json };
std::optional<LogFormat> parse_log_format(std::string_view s);  // "text" | "json"

struct LogOptions {
  Level level = Level::info;
  LogFormat format = LogFormat::text;
  // nullopt: detected (JOURNAL_STREAM matches stderr's device and inode).
  std::optional<bool> journald;
};
void configure_log(const LogOptions& options);
bool log_enabled(Level l);

using Fields = std::vector<std::pair<std::string, std::string>>;
void log(Level l, std::string_view msg, const Fields& fields = {});

inline void log_debug(std::string_view m, const Fields& f = {}) {
  log(Level::debug, m, f);
}
inline void log_info(std::string_view m, const Fields& f = {}) {
  log(Level::info, m, f);
}
inline void log_warn(std::string_view m, const Fields& f = {}) {
  log(Level::warn, m, f);
}
inline void log_error(std::string_view m, const Fields& f = {}) {
  log(Level::error, m, f);
}

// The line `log` writes, without writing it (tests). `time` is RFC 3339.
std::string format_log_line(const LogOptions& options, std::string_view time, Level l,
                            std::string_view msg, const Fields& fields);

}  // namespace dp::ops
