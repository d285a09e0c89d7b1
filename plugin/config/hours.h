// Business hours of one day: "09:00-13:00,14:00-18:00", "24h", "00:00-24:00", "closed".
#pragma once

#include <string>
#include <vector>

#include "kpi/options.h"
#include "model/result.h"

namespace dp::config {

// Intervals sorted by start; an error (message only) for junk, inverted or
// overlapping intervals.
Result<std::vector<kpi::DayHours>> parse_day_hours(const std::string& text);

// "08:30" -> minutes since midnight (0..1440, "24:00" allowed when `allow_24`).
std::optional<int> parse_clock(const std::string& text, bool allow_24);

std::string format_clock(int minutes);

}  // namespace dp::config
