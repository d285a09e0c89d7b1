// report: render one period's report posts, write them to files and/or post them.
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "app/commands.h"
#include "app/cycle.h"
#include "app/env.h"
#include "app/windows_arg.h"
#include "kpi/windows.h"
#include "outbox/sink.h"
#include "report/report.h"
#include "report/scope.h"
#include "writeback/execute.h"

namespace dp::app {
namespace {

struct ReportArgs {
  Inputs in;
  std::string period;
  std::vector<std::string> teams;
  bool dry_run = false;
  bool force = false;
  std::string out;
};

// The teams a report can be for: those of the agent directory (config and data) and the
// config's `teams`.
std::set<std::string> known_teams(const Env& env, const kpi::Context& ctx) {
  std::set<std::string> known;
  for (const auto& [id, agent] : ctx.agents)
    if (!agent.team.empty()) known.insert(agent.team);
  if (env.config)
    for (const auto& [name, team] : env.config->teams) known.insert(name);
  return known;
}

std::string listed(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

int run_report(const ReportArgs& a) {
  auto env = open_env(a.in, false, a.dry_run ? Access::read : Access::write);
  if (!env) {
    std::cerr << "report: " << env.error().str() << '\n';
    return kExitUsage;
  }
  auto data = env->store->load_all();
  if (!data) {
    std::cerr << "report: " << data.error().str() << '\n';
    return kExitFailed;
  }
  kpi::Context ctx = kpi_context(*env, *data);
  // The report's zone is the engine's too, so earlier periods step back whole weeks.
  if (env->config && !env->config->report.zone.empty())
    ctx.options.report_zone = env->config->report.zone;
  const std::string& zone = ctx.options.report_zone;
  auto period = kpi::parse_period(a.period, zone);
  if (!period) {
    std::cerr << "report: --period: " << period.error().str() << '\n';
    return kExitUsage;
  }
  std::vector<std::string> teams = a.teams;
  const std::set<std::string> known = known_teams(*env, ctx);
  for (const auto& team : teams) {
    if (known.count(team)) continue;
    std::cerr << "report: unknown team '" << team << "' ("
              << (known.empty() ? std::string("the agent directory names no team")
                                : "known teams: " + listed(known))
              << ")\n";
    return kExitUsage;
  }
  if (teams.empty()) {
    teams = report::teams_with_reports(*data, ctx);
    teams.insert(teams.begin(), "");
  }

  std::optional<Connectors> connectors;
  Sink* sink = nullptr;
  bool post = !a.dry_run && env->config && !env->config->report.sink.empty();
  if (post) {
    auto made = Connectors::make(*env->config);
    if (!made) {
      std::cerr << "report: " << made.error().str() << '\n';
      return kExitUsage;
    }
    connectors = std::move(*made);
    sink = connectors->sink(env->config->report.sink);
  }

  // Posts go through write-back's runner: paced and retried like the cycle's.
  writeback::ExecOptions eo;
  if (env->config) eo.max_writes_per_second = env->config->writeback.max_writes_per_second;
  writeback::Calls calls(eo);
  int code = kExitOk;
  for (const auto& team : teams) {
    std::string who = team.empty() ? "overall" : team;
    report::Options options;
    if (env->config) options.staffing = env->config->report.staffing;
    ReportPost p = report::build(*data, ctx, team, *period, options);
    if (!a.out.empty()) {
      auto r = outbox::write_report_files((std::filesystem::path(a.out) / "reports").string(), p);
      if (!r.ok()) {
        std::cerr << "report: " << r.message << '\n';
        code = kExitFailed;
      } else {
        std::cout << who << ": " << r.ref << '\n';
      }
    }
    if (!sink) {
      if (a.out.empty()) std::cout << p.text << '\n';
      continue;
    }
    auto posted = env->store->report_posted(team, period->label);
    if (posted && *posted && !a.force) {
      std::cout << who << " " << period->label << ": already posted, not posting again\n";
      continue;
    }
    const bool post_empty = env->config && env->config->report.post_empty;
    if (!post_empty &&
        !report::has_data_in(team.empty() ? *data : report::team_records(*data, ctx, team),
                             *period)) {
      std::cerr << "report: warning: " << who << " " << period->label
                << ": not posted: no tickets, calls or surveys in the period "
                   "(report.post_empty: true posts it anyway)\n";
      continue;
    }
    auto r = writeback::post_report(p, *sink, calls);
    if (!r.ok()) {
      std::cerr << "report: " << who << " " << period->label << ": " << r.message << '\n';
      code = kExitFailed;
      continue;
    }
    auto rec = env->store->record_report(team, period->label, r.ref, system_now());
    if (!rec) {
      std::cerr << "report: " << rec.error().str() << '\n';
      code = kExitFailed;
    }
    std::cout << who << " " << period->label << ": posted " << r.ref << '\n';
  }
  return code;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Render the report of a period per team (and overall): with --out as HTML, text and "
      "PNG charts; with a configured report sink, post it (once per team and period) "
      "unless --dry-run. Without either, print the text version.");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  add_input_options(cmd, a->in);
  cmd->add_option("--period", a->period, "2026-W47 (ISO week) or 2026-11 (month)")->required();
  cmd->add_option("--team", a->teams,
                  "Only this team (repeatable); default: every team and "
                  "the overall report");
  cmd->add_flag("--dry-run", a->dry_run, "Render only, post nothing");
  cmd->add_flag("--force", a->force, "Post even if this period was already posted");
  cmd->add_option("--out", a->out, "Also write the reports into this directory");
  cmd->callback([a, &exit_code] { exit_code = run_report(*a); });
}

}  // namespace dp::app
