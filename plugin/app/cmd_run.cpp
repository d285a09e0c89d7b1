// run, sync and writeback: the sidecar loop and its steps one at a time.
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "app/commands.h"
#include "app/cycle.h"
#include "app/env.h"
#include "app/service.h"
#include "ops/log.h"
#include "ops/notify.h"
#include "ops/progress.h"
#include "ops/status_server.h"

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

struct RunArgs;
void add_log_options(CLI::App* cmd, RunArgs& a);

struct RunArgs {
  Inputs in;
  std::string log_level, log_format;  // over the config's log.level / log.format
  std::string listen;                 // over the config's metrics.listen
  bool once = false;
  bool dry_run = false;
  bool resync = false;
  std::string since;  // with resync: re-read from this date (YYYY-MM-DD or RFC 3339)
  std::string now;    // replay at a fixed moment (tests, catching up by hand)
};

void add_log_options(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("--log-level", a.log_level,
                  "trace, debug, info, warn, error or off (over the config's log.level)");
  cmd->add_option(
      "--log-format", a.log_format,
      "text (time level message) or json (one object per line with the fields), over the "
      "config's log.format");
}

// A message of several lines (a config's problems, one per line) as log lines.
void log_lines(ops::Level l, const std::string& text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    if (nl > at) ops::log(l, std::string_view(text).substr(at, nl - at));
    at = nl + 1;
  }
}

// Opens config, state and connectors; prints the problem and returns nullopt on failure.
struct Session {
  Env env;
  Connectors connectors;
};
std::optional<Session> open_session(const Inputs& in, int& exit_code) {
  auto env = open_env(in, true);
  if (!env) {
    log_lines(ops::Level::error, env.error().str());
    exit_code = kExitUsage;
    return std::nullopt;
  }
  auto connectors = Connectors::make(*env->config);
  if (!connectors) {
    log_lines(ops::Level::error, connectors.error().str());
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return Session{std::move(*env), std::move(*connectors)};
}

// The log as the config and the command line ask (the command line wins); a bad value
// on the command line is a usage error, the config's were checked when it loaded.
bool configure_logging(const RunArgs& a, const config::Config& cfg) {
  ops::LogOptions o;
  const std::string level = a.log_level.empty() ? cfg.logging.level : a.log_level;
  const std::string format = a.log_format.empty() ? cfg.logging.format : a.log_format;
  auto l = ops::parse_level(level);
  auto f = ops::parse_log_format(format);
  if (!l || !f) {
    std::cerr << (l ? "--log-format: not text or json: " + format
                    : "--log-level: not trace, debug, info, warn, error or off: " + level)
              << '\n';
    return false;
  }
  o.level = *l;
  o.format = *f;
  ops::configure_log(o);
  return true;
}

int finish(const CycleReport& r) {
  for (const auto& n : r.notes)
    ops::log(n.rfind("warning:", 0) == 0 ? ops::Level::warn : ops::Level::info, n);
  // A rejected record is bad input, logged with where it came from; the rest failed.
  for (const auto& e : r.errors)
    ops::log(e.rfind("rejected:", 0) == 0 ? ops::Level::warn : ops::Level::error, e);
  const size_t failed = r.sources_failed();
  auto n = [](size_t v) { return std::to_string(v); };
  ops::log(r.ok() ? ops::Level::info : ops::Level::warn, summary_line(r),
           {{"sources_polled", n(r.polls.size())},
            {"sources_failed", n(failed)},
            {"synced", n(r.synced)},
            {"changed", n(r.changed)},
            {"rejected", n(r.rejected)},
            {"writes", n(r.writes)},
            {"writes_unchanged", n(r.writes_unchanged)},
            {"writes_cleared", n(r.writes_cleared)},
            {"writes_failed", n(r.write_failures)},
            {"reports_posted", n(r.reports_posted)},
            {"reports_found", n(r.reports_found)},
            {"requests", n(r.requests)},
            {"duration_ms", std::to_string(r.duration.count())},
            {"dry_run", r.dry_run ? "true" : "false"}});
  return r.ok() ? kExitOk : kExitFailed;
}

// Progress of a cycle's long steps, each step also a sign of life for systemd's watchdog.
class AliveProgress : public Progress {
 public:
  explicit AliveProgress(ops::Notifier& n) : inner_(ops::make_progress()), notifier_(n) {}
  void step(const ProgressStep& s) override {
    notifier_.alive();
    inner_->step(s);
  }
  void finish() override { inner_->finish(); }

 private:
  std::unique_ptr<Progress> inner_;
  ops::Notifier& notifier_;
};

// `--listen` / metrics.listen: the /metrics and /healthz server; nullptr when not asked.
Result<std::unique_ptr<ops::StatusServer>> serve(const std::string& listen,
                                                 ServiceFigures& figures) {
  if (listen.empty()) return std::unique_ptr<ops::StatusServer>();
  auto where = config::split_listen(listen);
  if (!where) return make_error("--listen: not HOST:PORT (e.g. 127.0.0.1:9464): " + listen);
  ops::StatusHandlers h;
  h.metrics = [&figures] { return figures.render_metrics(system_now()); };
  h.health = [&figures] {
    auto a = figures.health(system_now());
    return std::make_pair(a.status, a.body);
  };
  auto server = ops::StatusServer::start(where->host, where->port, h);
  if (!server) return server.error();
  ops::log_info("metrics: serving /metrics and /healthz on " + where->host + ":" +
                    std::to_string((*server)->port()),
                {{"listen", where->host + ":" + std::to_string((*server)->port())}});
  return server;
}

// SIGHUP: the config is read again between cycles. A config that does not validate
// (its problems printed as check-config prints them) leaves the running one in place.
bool reload(const RunArgs& a, std::optional<Session>& s) {
  ops::log_info("reload: reading " + a.in.config + " again (SIGHUP)");
  int code = kExitOk;
  auto fresh = open_session(a.in, code);
  if (!fresh) {
    ops::log_error("reload: " + a.in.config +
                   " does not validate (problems above); still running with the previous one");
    return false;
  }
  s.reset();  // the old state handle is closed before the new one is used
  s = std::move(fresh);
  configure_logging(a, *s->env.config);
  ops::log_info("reload: running with the new configuration: " +
                std::to_string(s->connectors.sources().size()) + " source(s), state " +
                s->env.state_path);
  return true;
}

// The first cycle whose sources all answered makes the service ready (READY=1); until
// then failed sources are tried again every kRetryUnready rather than on their interval.
constexpr std::chrono::seconds kRetryUnready{30};

int run_loop(const RunArgs& a) {
  int code = kExitOk;
  auto s = open_session(a.in, code);
  if (!s) return code;
  if (!configure_logging(a, *s->env.config)) return kExitUsage;
  const auto& cfg = *s->env.config;
  if (s->connectors.sources().empty() && cfg.writeback.sink.empty() && cfg.report.sink.empty()) {
    // The config as installed: a service that polls nothing would only look alive. Exit 2,
    // which the unit does not restart on (RestartPreventExitStatus=2).
    ops::log_error("run: nothing to do: " + a.in.config +
                   " enables no source connector and no sink. Add your helpdesk and phone "
                   "system under `connectors:` (every type is in deskpulse.example.yaml and "
                   "docs/configuration.md), then `deskpulse check-config -c " +
                   a.in.config + "` and start again.");
    return kExitUsage;
  }
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
  ServiceFigures figures(cfg, s->connectors);
  const std::string listen = a.listen.empty() ? cfg.metrics.listen : a.listen;
  auto server = serve(listen, figures);
  if (!server) {
    ops::log_error(server.error().str());
    return config::split_listen(listen) ? kExitFailed : kExitUsage;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  if (!a.once) std::signal(SIGHUP, on_hangup);
  ops::Notifier notifier;
  AliveProgress progress(notifier);
  o.progress = &progress;
  ops::log_info("deskpulse running: " + std::to_string(s->connectors.sources().size()) +
                " source(s), state " + s->env.state_path);
  Outages outages;
  bool ready = false, first = true;
  do {
    if (g_reload.exchange(false)) {
      notifier.reloading();
      const bool ok = reload(a, s);
      figures.reloaded(ok);
      if (ok) figures.reset_health(*s->env.config, s->connectors);
      notifier.ready("running with " + a.in.config);
    }
    o.respect_intervals = !a.once && ready;
    CycleReport r = run_cycle(*s->env.config, s->connectors, *s->env.store, o);
    progress.finish();
    notifier.alive();
    // Polls happened now; the KPI gauges' days are those of --now when it is given.
    figures.cycle_done(r, s->connectors, system_now());
    if (*server) {
      auto kpis = figures.update_kpis(*s->env.config, *s->env.store, o.now.value_or(system_now()),
                                      first || r.changed > 0);
      if (!kpis) ops::log_warn("metrics: KPI gauges not updated: " + kpis.error().str());
    }
    first = false;
    // Logged once /metrics shows the cycle: a line read is a scrape that agrees.
    code = finish(r);
    for (const auto& line : outages.after(r)) ops::log_info(line);
    const size_t failed = r.sources_failed();
    if (!ready && failed == 0) {
      ready = true;
      notifier.ready(summary_line(r));
    } else {
      notifier.status((failed ? std::to_string(failed) + " source(s) failed; " : std::string()) +
                      summary_line(r));
    }
    if (a.once) break;
    // Sleep until the next source is due, waking often enough to stop promptly.
    const auto tick = std::chrono::steady_clock::now();
    auto wait = std::max(s->connectors.until_next(tick), std::chrono::milliseconds(1000));
    if (!ready) wait = std::min<std::chrono::milliseconds>(wait, kRetryUnready);
    const auto wake = tick + wait;
    while (!g_stop.load() && !g_reload.load() && std::chrono::steady_clock::now() < wake) {
      notifier.alive();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  } while (!g_stop.load());
  if (g_stop.load()) {
    notifier.stopping();
    ops::log_info("stopped by signal");
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
  add_log_options(cmd, *a);
  cmd->add_option("--listen", a->listen,
                  "Serve /metrics (Prometheus) and /healthz on HOST:PORT, e.g. 127.0.0.1:9464 "
                  "(over the config's metrics.listen; port 0: any free port, logged)");
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
  add_log_options(cmd, *a);
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
    if (!configure_logging(*a, *s->env.config)) {
      exit_code = kExitUsage;
      return;
    }
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
        ops::log_info(src->name() + ": reading history again from " +
                      (from->empty() ? std::string("the beginning") : *from));
      }
    }
    CycleOptions o;
    o.write_fields = false;
    o.post_reports = false;
    auto progress = ops::make_progress();
    o.progress = progress.get();
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
  add_log_options(cmd, *a);
  cmd->add_flag("--dry-run", a->dry_run, "Count the writes that are due, send nothing");
  cmd->callback([a, &exit_code] {
    auto s = open_session(a->in, exit_code);
    if (!s) return;
    if (!configure_logging(*a, *s->env.config)) {
      exit_code = kExitUsage;
      return;
    }
    CycleOptions o;
    o.sync = false;
    o.post_reports = false;
    o.dry_run = a->dry_run;
    exit_code = finish(run_cycle(*s->env.config, s->connectors, *s->env.store, o));
  });
}

}  // namespace dp::app
