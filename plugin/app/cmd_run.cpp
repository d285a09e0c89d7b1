// run, sync and writeback: the sidecar loop and its steps one at a time.
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "app/commands.h"
#include "app/cycle.h"
#include "app/env.h"

namespace dp::app {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

extern "C" void on_signal(int) {
  g_stop.store(true);
}

extern "C" void on_hangup(int) {
  g_reload.store(true);
}

void log_line(const std::string& s) {
  std::cerr << format_rfc3339(
                   std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()))
            << " " << printable(s) << '\n';
}

struct RunArgs {
  Inputs in;
  bool once = false;
  bool dry_run = false;
  bool resync = false;
  std::string since;  // with resync: re-read from this date (YYYY-MM-DD or RFC 3339)
  std::string now;    // replay at a fixed moment (tests, catching up by hand)
};

// Opens config, state and connectors; prints the problem and returns nullopt on failure.
struct Session {
  Env env;
  Connectors connectors;
};
std::optional<Session> open_session(const Inputs& in, int& exit_code) {
  auto env = open_env(in, true);
  if (!env) {
    std::cerr << env.error().str() << '\n';
    exit_code = kExitUsage;
    return std::nullopt;
  }
  auto connectors = Connectors::make(*env->config);
  if (!connectors) {
    std::cerr << connectors.error().str() << '\n';
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return Session{std::move(*env), std::move(*connectors)};
}

int finish(const CycleReport& r) {
  for (const auto& n : r.notes) log_line(n);
  for (const auto& e : r.errors) log_line(e);
  log_line(summary_line(r));
  return r.ok() ? kExitOk : kExitFailed;
}

// SIGHUP: the config is read again between cycles. A config that does not validate
// (its problems printed as check-config prints them) leaves the running one in place.
void reload(const RunArgs& a, std::optional<Session>& s) {
  log_line("reload: reading " + a.in.config + " again (SIGHUP)");
  int code = kExitOk;
  auto fresh = open_session(a.in, code);
  if (!fresh) {
    log_line("reload: " + a.in.config +
             " does not validate (problems above); still running with the previous one");
    return;
  }
  s.reset();  // the old state handle is closed before the new one is used
  s = std::move(fresh);
  log_line("reload: running with the new configuration: " +
           std::to_string(s->connectors.sources().size()) + " source(s), state " +
           s->env.state_path);
}

int run_loop(const RunArgs& a) {
  int code = kExitOk;
  auto s = open_session(a.in, code);
  if (!s) return code;
  const auto& cfg = *s->env.config;
  if (s->connectors.sources().empty() && cfg.writeback.sink.empty() && cfg.report.sink.empty()) {
    // The config as installed: a service that polls nothing would only look alive. Exit 2,
    // which the unit does not restart on (RestartPreventExitStatus=2).
    std::cerr << "run: nothing to do: " << a.in.config
              << " enables no source connector and no sink. Add your helpdesk and phone "
                 "system under `connectors:` (every type is in deskpulse.example.yaml and "
                 "docs/configuration.md), then `deskpulse check-config -c "
              << a.in.config << "` and start again.\n";
    return kExitUsage;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  if (!a.once) std::signal(SIGHUP, on_hangup);
  CycleOptions o;
  o.dry_run = a.dry_run;
  o.stop = &g_stop;
  if (!a.now.empty()) {
    o.now = parse_rfc3339(a.now);
    if (!o.now) {
      std::cerr << "run: --now: not an RFC 3339 time: " << a.now << '\n';
      return kExitUsage;
    }
  }
  o.respect_intervals = !a.once;
  log_line("deskpulse running: " + std::to_string(s->connectors.sources().size()) +
           " source(s), state " + s->env.state_path);
  Outages outages;
  do {
    if (g_reload.exchange(false)) reload(a, s);
    CycleReport r = run_cycle(*s->env.config, s->connectors, *s->env.store, o);
    code = finish(r);
    for (const auto& line : outages.after(r)) log_line(line);
    if (a.once) break;
    // Sleep until the next source is due, waking often enough to stop promptly.
    auto wake = std::chrono::steady_clock::now() +
                std::max(s->connectors.until_next(std::chrono::steady_clock::now()),
                         std::chrono::milliseconds(1000));
    while (!g_stop.load() && !g_reload.load() && std::chrono::steady_clock::now() < wake)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (!g_stop.load());
  if (g_stop.load()) {
    log_line("stopped by signal");
    return kExitOk;
  }
  return code;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run",
      "The sidecar loop: poll each source on its interval, store, recompute, write back what "
      "changed and post due reports; one line per cycle. SIGTERM/SIGINT stop it cleanly.");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  cmd->add_flag("--once", a->once, "Run one cycle and exit (non-zero if anything failed)");
  cmd->add_flag("--dry-run", a->dry_run, "Plan writes and reports but send nothing");
  cmd->add_option("--now", a->now,
                  "Run as if it were this RFC 3339 time (with --once: replays and tests)");
  cmd->callback([a, &exit_code] { exit_code = run_loop(*a); });
}

void add_sync_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "sync", "Poll every configured source once and store what changed (no write-back).");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  cmd->add_flag("--resync", a->resync,
                "Read the sources' history again from the start (after a rights change or an "
                "upgrade); re-read records replace the stored ones, nothing is duplicated");
  cmd->add_option("--since", a->since,
                  "With --resync: from this date (YYYY-MM-DD, UTC, or an RFC 3339 time)");
  cmd->callback([a, &exit_code] {
    if (!a->since.empty() && !a->resync) {
      std::cerr << "sync: --since needs --resync\n";
      exit_code = kExitUsage;
      return;
    }
    auto s = open_session(a->in, exit_code);
    if (!s) return;
    if (a->resync) {
      std::optional<Time> since;
      if (!a->since.empty()) {
        since = parse_rfc3339(a->since.size() == 10 ? a->since + "T00:00:00Z" : a->since);
        if (!since) {
          std::cerr << "sync: --since: not a date (YYYY-MM-DD) or RFC 3339 time: " << a->since
                    << '\n';
          exit_code = kExitUsage;
          return;
        }
      }
      for (auto& src : s->connectors.sources()) {
        auto from = src->cursor_since(since);
        auto moved = from ? s->env.store->apply(Records{}, src->name(), *from)
                          : Result<ApplyStats>(from.error());
        if (!moved) {
          std::cerr << "sync: " << src->name() << ": cannot resync: " << moved.error().str()
                    << '\n';
          exit_code = kExitFailed;
          return;
        }
        log_line(src->name() + ": reading history again from " +
                 (from->empty() ? std::string("the beginning") : *from));
      }
    }
    CycleOptions o;
    o.write_fields = false;
    o.post_reports = false;
    exit_code = finish(run_cycle(*s->env.config, s->connectors, *s->env.store, o));
  });
}

void add_writeback_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "writeback",
      "Write ticket figures and agent scores to the configured sink: only values that "
      "changed since the last write (the ledger in the state). --dry-run counts them.");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  cmd->add_flag("--dry-run", a->dry_run, "Count the writes that are due, send nothing");
  cmd->callback([a, &exit_code] {
    auto s = open_session(a->in, exit_code);
    if (!s) return;
    CycleOptions o;
    o.sync = false;
    o.post_reports = false;
    o.dry_run = a->dry_run;
    exit_code = finish(run_cycle(*s->env.config, s->connectors, *s->env.store, o));
  });
}

}  // namespace dp::app
