// demo: the main job end to end on the built-in demo data set — generate, import into
// SQLite, compute, write back through the outbox sink — then say where to look.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/cycle.h"
#include "app/demo_config.h"
#include "app/env.h"
#include "app/row_output.h"
#include "gen/generate.h"
#include "kpi/engine.h"
#include "kpi/windows.h"

namespace fs = std::filesystem;

namespace dp::app {
namespace {

struct DemoArgs {
  std::string out = "deskpulse-demo";
  uint64_t seed = 42;
  size_t tickets = 3000;
};

bool write_text(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::trunc);
  f << text;
  return bool(f.flush());
}

// The headline figures of the last report period, overall, for the terminal.
void print_headlines(const Records& data, const kpi::Context& ctx, const kpi::Window& week) {
  kpi::Request req;
  req.windows = {week};
  req.kpis = {"request_volume", "frt", "resolution_time",  "fcr", "reopen_rate", "csat", "nps",
              "service_level",  "asa", "abandonment_rate", "aht", "backlog"};
  std::vector<kpi::Row> rows;
  for (auto& r : kpi::compute(data, ctx, req)) {
    bool headline = !r.variant && (r.stat != "mean" || r.kpi == "asa" || r.kpi == "aht") &&
                    r.stat != "p90" && r.basis.value_or("business") == "business";
    if (headline) rows.push_back(std::move(r));
  }
  std::cout << "\nHeadline figures, all teams, " << week.label << ":\n";
  write_rows(std::cout, rows, Format::table);
}

int run_demo(const DemoArgs& a) {
  fs::path out = fs::absolute(a.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) {
    std::cerr << "demo: cannot create " << out << ": " << ec.message() << '\n';
    return kExitFailed;
  }
  // Start fresh each time: the demo shows a first run, not a mix of old runs.
  for (const char* stale : {"demo-state.db", "demo-state.db-wal", "demo-state.db-shm", "outbox"})
    fs::remove_all(out / stale, ec);

  gen::GenOptions opts;
  opts.seed = a.seed;
  opts.tickets = a.tickets;
  std::cout << "1/4 generating the demo data set (seed " << a.seed << ", " << a.tickets
            << " tickets) into " << (out / "data").string() << '\n';
  auto stats = gen::write_ndjson_dir(opts, (out / "data").string());
  if (!stats) {
    std::cerr << "demo: " << stats.error().str() << '\n';
    return kExitFailed;
  }
  fs::path cfg_path = out / "deskpulse.yaml";
  if (!write_text(cfg_path, demo_config_yaml())) {
    std::cerr << "demo: cannot write " << cfg_path << '\n';
    return kExitFailed;
  }
  Inputs in;
  in.config = cfg_path.string();
  auto env = open_env(in, true);
  if (!env) {
    std::cerr << "demo: " << env.error().str() << '\n';
    return kExitFailed;
  }
  auto connectors = Connectors::make(*env->config);
  if (!connectors) {
    std::cerr << "demo: " << connectors.error().str() << '\n';
    return kExitFailed;
  }
  std::cout << "2/4 importing into SQLite " << env->state_path << '\n';
  std::cout << "3/4 computing KPIs and writing back through the outbox sink\n";
  CycleOptions o;
  o.now = demo_now(opts);
  CycleReport r = run_cycle(*env->config, *connectors, *env->store, o);
  for (const auto& e : r.errors) std::cerr << e << '\n';
  std::cout << "    " << summary_line(r) << '\n';

  auto data = env->store->load_all();
  if (!data) {
    std::cerr << "demo: " << data.error().str() << '\n';
    return kExitFailed;
  }
  kpi::Context ctx = kpi_context(*env, *data);
  std::cout << "4/4 writing every KPI per week, team, agent, queue and channel\n";
  kpi::Request all;
  // Whole weeks only: from the first generated week to the last completed one.
  const std::string& zone = ctx.options.report_zone;
  auto this_week = kpi::parse_period(kpi::iso_week_label(*o.now, zone), zone);
  auto windows = this_week
                     // The local date of the first record: whole local weeks (its UTC
                     // instant is 02:00 in Rome, which cut the first week short).
                     ? kpi::make_windows(kpi::period_label(opts.start, kpi::Bucket::day, zone),
                                         format_rfc3339(this_week->from), kpi::Bucket::week, zone)
                     : Result<std::vector<kpi::Window>>(this_week.error());
  if (windows) all.windows = *windows;
  all.groupings = {kpi::GroupBy::overall, kpi::GroupBy::team, kpi::GroupBy::agent,
                   kpi::GroupBy::queue, kpi::GroupBy::channel};
  auto rows = kpi::compute(*data, ctx, all);
  {
    std::ofstream f(out / "kpis.json");
    write_rows(f, rows, Format::json);
  }
  if (!all.windows.empty()) print_headlines(*data, ctx, all.windows.back());

  fs::path outbox = out / "outbox";
  std::cout << "\nWhere to look:\n"
            << "  " << (outbox / "field_writes.jsonl").string()
            << "   the custom-field writes deskpulse would make on tickets\n"
            << "  " << (outbox / "user_field_writes.jsonl").string()
            << "   agents' rolling scores\n"
            << "  " << (outbox / "reports").string()
            << "/   the weekly report posts (HTML, text, charts), one per team\n"
            << "  " << (out / "kpis.json").string() << "   every figure (" << rows.size()
            << " rows) with n, interval, flags, definition\n"
            << "  " << cfg_path.string() << "   the configuration used\n"
            << "Next: deskpulse compute --config " << cfg_path.string() << " --window "
            << (all.windows.empty() ? "2026-W47" : all.windows.back().label)
            << " --group-by team\n";
  return r.ok() ? kExitOk : kExitFailed;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Run the main job on the built-in demo data set (3 teams, ~20 agents, 13 weeks of "
      "tickets, calls and surveys): import into SQLite, compute every KPI, write back "
      "through a local outbox (field writes and report posts), and print where to look.");
  cmd->add_option("--out", a->out, "Directory for the demo's data, state and outbox")
      ->capture_default_str();
  cmd->add_option("--seed", a->seed, "Seed of the generated data set")->capture_default_str();
  cmd->add_option("--tickets", a->tickets, "Number of tickets")->capture_default_str();
  cmd->callback([a, &exit_code] { exit_code = run_demo(*a); });
}

}  // namespace dp::app
