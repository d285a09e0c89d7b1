// How figures read: durations as "3h 05m", rates as "87.5%", changes with their sign and
// unit ("+8.4 pp", "-25m"). Shared by HTML, text, charts and highlights so that a number
// reads the same everywhere.
#pragma once

#include <optional>
#include <string>

#include "kpi/row.h"
#include "report/model.h"

namespace dp::report {

std::string duration(double seconds);                            // "3h 05m", "4m 10s", "11s"
std::string value_text(double v, const std::string& unit);       // by the row's unit
std::string value_text(const kpi::Row& r);                       // "" when unavailable
std::string change_text(double delta, const std::string& unit);  // "+8.4 pp", "-25m", "+12"
std::string interval_text(const kpi::Row& r);  // "38.2-56.1%" or "" without an interval
std::string status_text(Status s);             // "met", "too close to call", "missed" or ""
// "improved" / "worsened" for a change of a KPI with a direction, else "rose" / "fell".
std::string change_verb(double delta, const std::string& direction);
// "not available: <reason>"
std::string unavailable_text(const kpi::Row& r);
// Short x-axis label of a window: "W47" for weeks, the label otherwise.
std::string short_label(const kpi::Window& w);
// What a figure is: the engine's definition plus the statistic, basis and variant.
std::string describe(const kpi::Row& r);

}  // namespace dp::report
