// The order a lead reads a report in: highlights, headline with targets and trends,
// tickets, calls, customers, topics, agents (and teams in the overall report),
// definitions. A section without data is one line, not an empty table.
#pragma once

#include <string>
#include <vector>

#include "connector/sink.h"
#include "report/document.h"
#include "report/model.h"

namespace dp::report {

// "deskpulse weekly report — billing — 2026-W47"
std::string subject(const Model& m);

Document layout(const Model& m, const std::vector<std::string>& highlights,
                const std::vector<Attachment>& charts);

}  // namespace dp::report
