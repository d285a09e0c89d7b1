// compute and kpis: the engine's figures and its catalog.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "app/commands.h"
#include "app/env.h"
#include "app/row_output.h"
#include "app/windows_arg.h"
#include "kpi/engine.h"
#include "kpi/partials.h"
#include "model/json.h"
#include "rollup/query.h"

namespace dp::app {
namespace {

struct ComputeArgs {
  Inputs in;
  std::string window, from, to, bucket = "none", zone;
  std::vector<std::string> group_by{"overall"};
  std::vector<std::string> kpis;
  std::string format = "table";
  bool csv_raw = false;
  std::string engine = "auto";
  bool timings = false;
};

using Clock = std::chrono::steady_clock;
long long ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

Format parse_format(const std::string& s) {
  if (s == "json") return Format::json;
  if (s == "csv") return Format::csv;
  return Format::table;
}

// Every requested KPI (none: the whole catalog) comes from the stored per-day partials
// (docs/performance.md).
bool partials_can_answer(const ComputeArgs& a) {
  if (a.engine == "records" || (a.window.empty() && (a.from.empty() || a.to.empty()))) return false;
  std::vector<std::string> ids = a.kpis;
  if (ids.empty())
    for (const auto& k : kpi::catalog()) ids.push_back(k.id);
  for (const auto& id : ids)
    if (!kpi::kpis_with_partials().count(id)) return false;
  return true;
}

int run_compute(const ComputeArgs& a) {
  const auto started = Clock::now();
  auto env = open_env(a.in, false, Access::read);
  if (!env) {
    std::cerr << "compute: " << env.error().str() << '\n';
    return a.in.config.empty() ? kExitFailed : kExitUsage;
  }
  for (const auto& id : a.kpis) {
    if (!kpi::find_kpi(id)) {
      std::cerr << "compute: unknown KPI '" << id << "' (see `deskpulse kpis`)\n";
      return kExitUsage;
    }
  }
  const bool from_partials = partials_can_answer(a);
  Records records;
  if (from_partials) {
    auto agents = env->store->agents();
    if (!agents) {
      std::cerr << "compute: " << agents.error().str() << '\n';
      return kExitFailed;
    }
    records.agents = std::move(*agents);
  } else {
    auto all = env->store->load_all();
    if (!all) {
      std::cerr << "compute: " << all.error().str() << '\n';
      return kExitFailed;
    }
    records = std::move(*all);
  }
  // The engine context, with --zone over the config's report zone.
  auto context_of = [&](Records& r) {
    kpi::Context c = kpi_context(*env, r);
    if (!a.zone.empty()) c.options.report_zone = a.zone;
    return c;
  };
  kpi::Context ctx = context_of(records);

  kpi::Request req;
  auto windows =
      windows_from_args(a.window, a.from, a.to, a.bucket, ctx.options.report_zone, records);
  if (!windows) {
    std::cerr << "compute: " << windows.error().str() << '\n';
    return kExitUsage;
  }
  req.windows = std::move(*windows);
  req.groupings.clear();
  for (const auto& g : a.group_by) {
    auto by = kpi::group_by_from_string(g);
    if (!by) {
      std::cerr << "compute: unknown --group-by '" << g
                << "' (overall, team, agent, queue, channel)\n";
      return kExitUsage;
    }
    req.groupings.push_back(*by);
  }
  req.kpis = a.kpis;
  const auto figures = Clock::now();
  const long long setup_ms = ms_since(started);
  // Rows from partials go out window by window as they are ready.
  RowWriter writer(std::cout, parse_format(a.format), a.csv_raw);
  std::optional<std::vector<kpi::Row>> fast;
  bool rebuilt = false;  // the partials were stale: rebuilt first
  if (from_partials) {
    auto answered =
        rollup::compute_from_state(*env->store, ctx, context_of, req, &rebuilt,
                                   [&](std::vector<kpi::Row>& rows) { writer.write(rows); });
    if (!answered) {
      std::cerr << "compute: " << answered.error().str() << '\n';
      return kExitFailed;
    }
    fast = std::move(*answered);
  }
  if (!fast) {
    // Windows that are not whole local days: the record engine answers.
    if (from_partials) {
      auto all = env->store->load_all();
      if (!all) {
        std::cerr << "compute: " << all.error().str() << '\n';
        return kExitFailed;
      }
      records = std::move(*all);
      ctx = context_of(records);
    }
    writer.write(kpi::compute(records, ctx, req));
  }
  const long long figures_ms = ms_since(figures);
  const auto output = Clock::now();
  writer.finish();
  std::cout.flush();
  if (a.timings)
    std::cerr << "compute: " << (fast ? (rebuilt ? "partials, rebuilt" : "partials") : "records")
              << "; setup " << setup_ms << " ms, figures and output " << figures_ms << " ms ("
              << writer.rows() << " rows), finish " << ms_since(output) << " ms\n";
  if (env->rejected) {
    std::cerr << "compute: " << env->rejected
              << " input record(s) rejected (see above); figures use the rest\n";
    return kExitFailed;
  }
  return kExitOk;
}

// Splits "a,b" and repeated options into one list.
std::vector<std::string> split_commas(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ','))
      if (!part.empty()) out.push_back(part);
  }
  return out;
}

}  // namespace

void add_compute_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ComputeArgs>();
  auto* cmd = app.add_subcommand(
      "compute",
      "Compute KPIs for windows and groupings and print every figure with its n, 95% "
      "interval, flags, definition and variant.");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  add_input_options(cmd, a->in);
  cmd->add_option("--window", a->window,
                  "A period: week:2026-W47, month:2026-11, day:2026-11-23 (or just 2026-W47)");
  cmd->add_option("--from", a->from, "Start, inclusive: a date or RFC 3339 time (report zone)");
  cmd->add_option("--to", a->to, "End, exclusive: a date or RFC 3339 time (report zone)");
  cmd->add_option("--bucket", a->bucket, "Split --from/--to into day, week or month windows")
      ->check(CLI::IsMember({"none", "day", "week", "month"}))
      ->capture_default_str();
  cmd->add_option("--group-by", a->group_by,
                  "Groupings, comma-separated: overall, team, agent, queue, channel")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--kpi", a->kpis, "KPI ids, comma-separated (default: all)")->delimiter(',');
  cmd->add_option("--format", a->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->add_flag("--csv-raw", a->csv_raw,
                "CSV cells as they are: no leading ' on text a spreadsheet would run as a formula "
                "(= + - @, tab, CR)");
  cmd->add_option("--zone", a->zone, "Report time zone (IANA), overrides the config");
  cmd->add_option("--engine", a->engine,
                  "auto: from the state's per-day partials when the windows are whole local "
                  "days (medians and p90s within 0.5%; agents_required also needs days that "
                  "start on erlang_interval edges); records: always from the records (exact "
                  "medians, slower)")
      ->check(CLI::IsMember({"auto", "records"}))
      ->capture_default_str();
  cmd->add_flag("--timings", a->timings,
                "Print to stderr where the time went: setup (state, context), figures, output");
  cmd->callback([a, &exit_code] {
    a->group_by = split_commas(a->group_by);
    a->kpis = split_commas(a->kpis);
    exit_code = run_compute(*a);
  });
}

void add_kpis_command(CLI::App& app, int& exit_code) {
  auto format = std::make_shared<std::string>("table");
  auto* cmd = app.add_subcommand("kpis",
                                 "List the KPI catalog: id, name, unit, direction, "
                                 "definition, inputs and variants.");
  cmd->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([format, &exit_code] {
    const auto& cat = kpi::catalog();
    if (*format == "json") {
      json::Writer w;
      w.arr_begin();
      for (const auto& k : cat) {
        w.obj_begin();
        w.field("id", k.id);
        w.field("name", k.name);
        w.field("family", k.family);
        w.field("unit", k.unit);
        w.field("direction", k.direction);
        w.field("definition", k.definition);
        w.field("inputs", k.inputs);
        w.key("variants");
        w.arr_begin();
        for (const auto& v : k.variants) w.value(v);
        w.arr_end();
        w.obj_end();
      }
      w.arr_end();
      std::cout << w.str() << '\n';
    } else {
      std::string family;
      for (const auto& k : cat) {
        if (k.family != family) {
          family = k.family;
          std::cout << (family.empty() ? "" : "\n") << "## " << family << '\n';
        }
        std::cout << "  " << k.id << " — " << k.name << " [" << k.unit << ", "
                  << (k.direction == "higher"  ? "higher is better"
                      : k.direction == "lower" ? "lower is better"
                                               : "no direction")
                  << "]\n      " << k.definition << "\n      inputs: " << k.inputs << '\n';
        if (!k.variants.empty()) {
          std::cout << "      variants:";
          for (const auto& v : k.variants) std::cout << ' ' << v;
          std::cout << '\n';
        }
      }
    }
    exit_code = kExitOk;
  });
}

}  // namespace dp::app
