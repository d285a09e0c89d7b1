// The report's "Staffing for next week" section (docs/reports.md, "Staffing for next
// week"; docs/staffing.md): per queue of the report's team, the peak interval of the
// week after the period, the agents advised for it, the expected service level and the
// Erlang model. Pure: records in, document blocks out.
#pragma once

#include <string>
#include <vector>

#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"
#include "report/document.h"

namespace dp::report {

// The section's blocks (a heading, then a table or a one-line note): the ISO week that
// starts when `period` ends, planned from the weeks before it, for the queues of `team`
// ("" = every queue with calls) in ctx's report zone and erlang_interval.
std::vector<Block> staffing_blocks(const Records& data, const kpi::Context& ctx,
                                   const std::string& team, const kpi::Window& period);

// `blocks` placed before the document's "Every KPI" section, else at its end.
void insert_section(Document& d, std::vector<Block> blocks);

}  // namespace dp::report
