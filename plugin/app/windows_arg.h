// Turns --window / --from / --to / --bucket into the engine's windows.
#pragma once

#include <string>
#include <vector>

#include "kpi/row.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::app {

// --window "week:2026-W47" (or "2026-W47", "month:2026-11", "day:2026-11-23");
// else --from/--to with --bucket; with neither, the whole span of the data, in whole
// days of the report zone (so a user pointing at an export sees everything).
Result<std::vector<kpi::Window>> windows_from_args(const std::string& window,
                                                   const std::string& from, const std::string& to,
                                                   const std::string& bucket,
                                                   const std::string& zone, const Records& data);

// The first and last instants that any record carries (nullopt for no records).
std::optional<std::pair<Time, Time>> data_span(const Records& data);

}  // namespace dp::app
