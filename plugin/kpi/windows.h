// Report windows: day, ISO week, month or any [from, to), in the report time zone.
#pragma once

#include <string>
#include <vector>

#include "kpi/row.h"
#include "model/result.h"

namespace dp::kpi {

enum class Bucket { none, day, week, month };

// "2026-W47", "2026-11", "2026-11-23" -> the window in `zone`. Error names the problem.
Result<Window> parse_period(const std::string& period, const std::string& zone);

// --from/--to as dates ("2026-11-01") or RFC 3339 times, read in `zone`; split into
// consecutive windows by `bucket` (none = one window). The last bucket is cut at `to`.
Result<std::vector<Window>> make_windows(const std::string& from, const std::string& to,
                                         Bucket bucket, const std::string& zone);

// The window of the same kind just before `w` (previous day/week/month, or the same
// length before for a custom range).
Window previous(const Window& w, const std::string& zone);

// Label of the ISO week / month / day containing `t` in `zone`.
std::string iso_week_label(Time t, const std::string& zone);

}  // namespace dp::kpi
