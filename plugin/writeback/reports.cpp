// The reports of a cycle (writeback/cycle.h, post_reports): due periods by the
// schedule, each team's report posted through the runner once.
#include <chrono>

#include "report/report.h"
#include "report/scope.h"
#include "writeback/all_records.h"
#include "writeback/cycle.h"
#include "writeback/execute.h"
#include "writeback/schedule.h"

namespace dp::writeback {
namespace {

// Reports cover periods that end after deskpulse first ran against this state, so a
// new install does not post a year of history but a restart posts what it missed.
constexpr const char* kReportsSince = "deskpulse:reports-since";

Schedule schedule_of(const config::Config& cfg) {
  Schedule s;
  s.monthly = cfg.report.period == config::ReportPeriod::month;
  s.weekday = cfg.report.weekday;
  s.day = cfg.report.day;
  s.time = cfg.report.time;
  s.zone = cfg.report.zone.empty() ? cfg.kpi.options.report_zone : cfg.report.zone;
  return s;
}

// On the first run the most recent completed period is still posted, so a team lead
// sees a report on day one.
Result<Time> reports_since(Store& store, Time now, bool monthly) {
  auto since = store.cursor(kReportsSince);
  if (!since) return since.error();
  if (*since) {
    if (auto t = parse_rfc3339(**since)) return *t;
  }
  Time first = now - std::chrono::days(monthly ? 31 : 7);
  auto saved = store.apply(Records{}, kReportsSince, format_rfc3339(first));
  if (!saved) return saved.error();
  return first;
}

}  // namespace

// The records are loaded only when a period is due. Once every report of a period is
// posted, reports-since moves past it, so later cycles neither load nor check it again.
void post_reports(const config::Config& cfg, Store& store, const StateAccess& state, Sink& sink,
                  Time now, const RunOptions& o, Outcome& out) {
  const Schedule schedule = schedule_of(cfg);
  auto since = reports_since(store, now, schedule.monthly);
  if (!since) {
    out.errors.push_back("reports: " + since.error().str());
    return;
  }
  auto due = due_periods(schedule, *since, now);
  if (!due) {
    out.errors.push_back("reports: " + due.error().str());
    return;
  }
  if (due->empty()) return;
  AllRecords all(store, state);
  auto data = all.get();
  if (!data) {
    out.errors.push_back("state: " + data.error().str());
    return;
  }
  // The report's zone is the engine's too, so earlier periods step back whole weeks.
  kpi::Context ctx = all.ctx();
  ctx.options.report_zone = schedule.zone;
  std::vector<std::string> teams = cfg.report.teams;
  if (teams.empty()) {
    teams = report::teams_with_reports(**data, ctx);
    teams.insert(teams.begin(), "");  // the overall report
  }
  ExecOptions eo;  // the field writes' pacing and retries, shared by the cycle's posts
  eo.max_writes_per_second = cfg.writeback.max_writes_per_second;
  eo.stop = o.stop;
  Calls calls(eo);
  bool complete = !o.dry_run;  // every period so far fully posted
  for (const auto& period : *due) {
    for (const auto& team : teams) {
      if (o.stop && o.stop->load()) return;
      auto posted = store.report_posted(team, period.label);
      if (!posted) {
        out.errors.push_back("reports: " + posted.error().str());
        return;
      }
      if (*posted) continue;
      // A period without any of the team's records (a source that stopped, a team that
      // had a quiet week) is not posted: a lead would read "Requests fell from 155 to 0".
      // Logged once: the period counts as done, and `deskpulse report` can post it later.
      if (!cfg.report.post_empty &&
          !report::has_data_in(team.empty() ? **data : report::team_records(**data, ctx, team),
                               period)) {
        out.notes.push_back("warning: report " + (team.empty() ? "overall" : team) + " " +
                            period.label +
                            " not posted: no tickets, calls or surveys in the period "
                            "(report.post_empty: true posts it anyway)");
        continue;
      }
      ReportPost post = report::build(**data, ctx, team, period, {.staffing = cfg.report.staffing});
      if (o.dry_run) continue;
      SinkResult r = post_report(post, sink, calls);
      (r.ok() ? out.up : out.down).push_back(cfg.report.sink);
      if (!r.ok()) {
        out.errors.push_back("report " + (team.empty() ? "overall" : team) + " " + period.label +
                             ": " + r.message);
        complete = false;
        continue;  // the next cycle tries again
      }
      auto recorded = store.record_report(team, period.label, r.ref, now);
      if (!recorded) {
        out.errors.push_back("reports: " + recorded.error().str());
        return;
      }
      if (r.existing) {
        ++out.reports_found;
        out.notes.push_back(r.message);
        continue;
      }
      ++out.reports_posted;
      out.report_refs.push_back(r.ref);
    }
    if (!complete) continue;
    if (auto moved = store.apply(Records{}, kReportsSince, format_rfc3339(period.to)); !moved) {
      out.errors.push_back("reports: " + moved.error().str());
      return;
    }
  }
}

}  // namespace dp::writeback
