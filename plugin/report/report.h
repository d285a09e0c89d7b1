// The weekly (or monthly) report a team lead reads: one post per team and period,
// plus an overall one. Builds the figures with the KPI engine, renders HTML for the
// helpdesk, plain text for mail and PNG charts as attachments.
#pragma once

#include <string>
#include <vector>

#include "connector/report_names.h"
#include "connector/sink.h"
#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"

namespace dp::report {

struct Options {
  int trend_periods = 8;  // history shown in trend charts and used for "vs trend"
  bool charts = true;
  bool staffing = true;  // the "Staffing for next week" section (report.staffing)
};

// Teams that have a report: every team in the agent directory with any activity, sorted.
std::vector<std::string> teams_with_reports(const Records& data, const kpi::Context& ctx);

// The post for `team` ("" = overall, all teams) and `period`.
ReportPost build(const Records& data, const kpi::Context& ctx, const std::string& team,
                 const kpi::Window& period, const Options& options = {});

// The HTML references each chart by dp::attachment_name() (connector/report_names.h),
// the name a sink that writes files gives it.
using dp::attachment_name;

}  // namespace dp::report
