// Time types: UTC inside, converted at the edges.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dp {

using Time = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;

// RFC 3339 ("2026-11-23T08:00:00Z", "+01:00" offsets, fractional seconds dropped).
// Also accepts "YYYY-MM-DD HH:MM:SS" (taken as UTC). nullopt when malformed.
std::optional<Time> parse_rfc3339(std::string_view s);
std::string format_rfc3339(Time t);  // always "...Z"

// A calendar date "YYYY-MM-DD".
std::optional<std::chrono::sys_days> parse_date(std::string_view s);
std::string format_date(std::chrono::sys_days d);

// Local wall time in an IANA zone <-> UTC. Throw-free: nullopt for an unknown zone.
// A nonexistent local time (DST gap) maps to the instant after the gap; an ambiguous
// one (DST overlap) to the earlier instant.
std::optional<Time> local_to_utc(std::chrono::local_seconds lt, const std::string& zone);
std::optional<std::chrono::local_seconds> utc_to_local(Time t, const std::string& zone);
bool is_valid_zone(const std::string& zone);

}  // namespace dp
