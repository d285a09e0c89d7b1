// Which records belong to a team's report. The engine's team grouping credits work to
// the person who did it, so a call nobody answered has no team; a team lead still wants
// it in their abandonment rate. The report therefore filters records per team and asks
// the engine for overall figures of the filtered set (docs/reports.md, "Which records").
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"

namespace dp::report {

// Queue -> team: a queue named like a team belongs to it; any other queue to the team
// whose agents own most of its tickets and answered most of its calls (ties: by name).
std::map<std::string, std::string> queue_teams(const Records& data, const kpi::Context& ctx);

// The records of `team`: tickets whose owner is in the team, or that have no owner from
// the directory and sit in one of the team's queues; their events; calls whose agent is
// in the team, or that no directory agent took and came in on a team queue; surveys about
// those tickets or calls (or, linked to neither, about a team agent); the team's agent
// sessions; every customer (repeat-contact matching needs them).
Records team_records(const Records& data, const kpi::Context& ctx, const std::string& team);

// Whether any ticket was created, any ticket event, call or survey happened in `w`: a
// report of a period without any is not posted unless report.post_empty is set.
bool has_data_in(const Records& data, const kpi::Window& w);

}  // namespace dp::report
