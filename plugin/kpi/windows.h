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

// --from/--to as dates ("2026-11-01", local midnight) or RFC 3339 times (without an
// offset: local wall time in `zone`); from inclusive, to exclusive, to > from. Split into
// consecutive windows aligned to local day/ISO-week/month boundaries by `bucket` (none =
// one window labelled "from..to", `to` exclusive). A whole bucket has its period's label
// ("2026-W45"); the first or last bucket cut at from/to is labelled with its own bounds,
// "from..to" as above ("2026-11-01..2026-11-02": Sunday 1 November only). At most
// 20,000 windows.
Result<std::vector<Window>> make_windows(const std::string& from, const std::string& to,
                                         Bucket bucket, const std::string& zone);

// The window of the same kind just before `w` (previous day/week/month, or the same
// length before for a custom range or a bucket cut at from/to). Unknown zone = UTC.
Window previous(const Window& w, const std::string& zone);

// Label of the ISO week containing `t` in `zone` ("2026-W48"; the ISO week-year may
// differ from the calendar year near 1 January). An unknown zone reads as UTC.
std::string iso_week_label(Time t, const std::string& zone);

// Label of the day ("2026-11-23"), ISO week or month ("2026-11") containing `t` in
// `zone`; for Bucket::none, `t` itself ("2026-11-23" at local midnight, else local time
// with offset). An unknown zone reads as UTC.
std::string period_label(Time t, Bucket b, const std::string& zone);

}  // namespace dp::kpi
