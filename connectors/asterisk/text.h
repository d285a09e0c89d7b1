// Small text helpers shared by the queue_log and CDR parsers (pure, no I/O).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/time.h"

namespace dp::asterisk {

// One CSV record as Asterisk's cdr_csv writes it: fields in double quotes, a quote
// inside doubled, unquoted numbers and empty unquoted dates. nullopt when a quote is
// left open (the line was cut or is not CSV).
std::optional<std::vector<std::string>> split_csv(std::string_view line);

std::vector<std::string> split_pipes(std::string_view line);

// Replaces bytes that are not valid UTF-8 with '?': caller ids and userfields come
// from phones and trunks in any encoding, and the store and JSON need valid text.
std::string sanitize_utf8(std::string_view s);

// Lines of one read that held bytes sanitize_utf8 replaces: said once per read, as a
// warning, so a log in another encoding is never stored changed without a word.
struct ReplacedBytes {
  uint64_t lines = 0;
  std::string first;  // "file:line" of the first such line

  // True when sanitize_utf8 leaves `text` as it is.
  static bool clean(std::string_view text);
  void see(std::string_view where, std::string_view text) {
    if (!clean(text) && lines++ == 0) first = where;
  }
  void warn(std::vector<std::string>& warnings) const;
};

// A whole decimal integer (optional leading '-'); nullopt for anything else.
std::optional<long long> parse_int(std::string_view s);

// Every number read from a log is range-checked here, so that no later arithmetic on
// times and durations can overflow: times within the years 1970..9999, durations
// 0..10 years.
inline constexpr Time kEarliestTime{Seconds{0}};
inline constexpr Time kLatestTime{Seconds{253402300799}};  // 9999-12-31 23:59:59 UTC
inline constexpr Seconds kLongestDuration = kLongestRecordDuration;

// A whole number from `min` to `max`; nullopt for anything else.
std::optional<long long> parse_int_in(std::string_view s, long long min, long long max);

// A duration in seconds (holdtime, calltime, CDR duration), 0..kLongestDuration.
std::optional<Seconds> parse_duration_arg(std::string_view s);

// "1266833911" or "1266833911.123" (seconds since the epoch, fraction dropped), or a
// local wall time "YYYY-MM-DD HH:MM:SS(.ffffff)" read in `zone`; nullopt outside
// kEarliestTime..kLatestTime.
std::optional<Time> parse_timestamp(std::string_view s, const std::string& zone);

std::string_view trim(std::string_view s);

}  // namespace dp::asterisk
