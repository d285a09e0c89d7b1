// Time types: UTC inside, converted at the edges.
#pragma once

#include <chrono>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace dp {

using Time = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;

// The instants a four-digit year can write: 0000-01-01T00:00:00Z..9999-12-31T23:59:59Z.
// (Readers accept 1970..9999; these are the ends the formatting functions clamp to.)
inline constexpr Time kFirstWritable{
    std::chrono::sys_days{std::chrono::year{0} / std::chrono::January / 1}};
inline constexpr Time kLastWritable{
    std::chrono::sys_days{std::chrono::year{9999} / std::chrono::December / 31} +
    std::chrono::seconds{86399}};

// The bounds every accepted record keeps (docs/reliability.md): times from 1970 to
// 9999, durations from 0 to 10 years of 365.25 days. Each connector rejects a value
// outside them, naming the field, so no figure's arithmetic can overflow.
inline constexpr Time kEarliestRecordTime{Seconds{0}};
inline constexpr Time kLatestRecordTime = kLastWritable;
inline constexpr Seconds kLongestRecordDuration{315'576'000};
// The system clock, to the second.
inline Time system_now() {
  return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
}

inline constexpr bool record_time(Time t) {
  return t >= kEarliestRecordTime && t <= kLatestRecordTime;
}

// RFC 3339 ("2026-11-23T08:00:00Z", "+01:00" offsets, fractional seconds dropped).
// Also accepts "YYYY-MM-DD HH:MM:SS" (taken as UTC). nullopt when malformed, and when
// the instant in UTC falls outside kFirstWritable..kLastWritable (so that what this
// returns, format_rfc3339 writes back). A leap second (":60") is folded onto the
// second before it: sys_time has no leap seconds, and rolling 23:59:60 into the next
// day would move a record to another day, month or year (9999-12-31T23:59:60Z into
// year 10000).
std::optional<Time> parse_rfc3339(std::string_view s);
// Always "YYYY-MM-DDTHH:MM:SSZ"; an instant outside kFirstWritable..kLastWritable is
// written as the nearer end.
std::string format_rfc3339(Time t);

// A calendar date "YYYY-MM-DD".
std::optional<std::chrono::sys_days> parse_date(std::string_view s);
// A date outside 0000-01-01..9999-12-31 is written as the nearer end.
std::string format_date(std::chrono::sys_days d);

// Sums and differences of second counts that stop at the ends of long long instead of
// overflowing. Accepted durations (0..10 years) and times never get near them; a sum
// of garbage must still not be undefined behaviour or wrap into a negative figure.
constexpr long long add_sat(long long a, long long b) {
  long long r = 0;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<long long>::max() : std::numeric_limits<long long>::min();
}
constexpr long long sub_sat(long long a, long long b) {
  long long r = 0;
  if (!__builtin_sub_overflow(a, b, &r)) return r;
  return b < 0 ? std::numeric_limits<long long>::max() : std::numeric_limits<long long>::min();
}
constexpr Seconds add_sat(Seconds a, Seconds b) {
  return Seconds{add_sat(a.count(), b.count())};
}

// Local wall time in an IANA zone <-> UTC. Throw-free: nullopt for an unknown zone.
// A nonexistent local time (DST gap) maps to the instant after the gap; an ambiguous
// one (DST overlap) to the earlier instant. Times beyond years -32767..32767 are
// clamped to them first (the time zone database and the offset must not overflow).
std::optional<Time> local_to_utc(std::chrono::local_seconds lt, const std::string& zone);
std::optional<std::chrono::local_seconds> utc_to_local(Time t, const std::string& zone);
bool is_valid_zone(const std::string& zone);

}  // namespace dp
