// init and doctor: preparing the helpdesk for deskpulse, and saying what is wrong.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/cycle.h"
#include "app/env.h"
#include "app/registry.h"
#include "config/sections.h"
#include "rt/api.h"
#include "rt/doctor.h"
#include "rt/init.h"
#include "rt/options.h"

namespace dp::app {
namespace {

struct AdminArgs {
  Inputs in;
  bool print_only = false;
};

// The RT options for init/doctor: the block's, plus the fields the write-back and
// report config name when this connector is their sink.
Result<rt::RtOptions> rt_options(const config::Config& cfg, const config::Block& block) {
  auto o = rt::rt_options_from(block);
  if (!o) return o.error();
  // Each field's description in RT says what it holds (business or calendar time).
  auto doc = [](const char* section, const std::string& figure) {
    if (const auto* s = config::find_section(section))
      for (const auto& k : s->keys)
        if (k.name == figure) return k.doc;
    return std::string();
  };
  if (cfg.writeback.sink == block.name) {
    for (const auto& [figure, field] : cfg.writeback.ticket_fields) {
      o->ticket_fields.push_back(field);
      o->field_descriptions[field] = doc("writeback.ticket_fields", figure);
    }
    for (const auto& [figure, field] : cfg.writeback.agent_fields) {
      o->user_fields.push_back(field);
      o->ticket_fields.push_back(field);  // rolling scores on the agent's open tickets
      o->field_descriptions[field] =
          "the agent's " + doc("writeback.agent_fields", figure) + ", rolling over " +
          std::to_string(cfg.writeback.agent_window.count() / 86400) + " days";
    }
  }
  if (cfg.report.sink == block.name) o->reports_queue = cfg.report.queue;
  return o;
}

void check_line(bool ok, const std::string& what, const std::string& detail,
                const std::string& fix) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what;
  if (!detail.empty()) std::cout << ": " << detail;
  std::cout << '\n';
  if (!ok && !fix.empty()) std::cout << "        fix: " << fix << '\n';
}

int run_doctor(const AdminArgs& a) {
  int failures = 0;
  std::cout << "configuration\n";
  auto cfg = load_config_or_print(a.in.config);
  check_line(bool(cfg), a.in.config, cfg ? "valid" : "invalid (problems above)",
             "deskpulse check-config " + a.in.config);
  if (!cfg) return kExitUsage;

  std::cout << "state\n";
  std::string state = a.in.state.empty() ? cfg->state_path : a.in.state;
  // doctor only reads: a state that is not there yet is created by the first sync.
  auto store = Store::open_existing(state);
  if (!store && !std::filesystem::exists(state)) {
    std::cout << "  skip  " << state << ": not created yet (the first `deskpulse sync` or "
              << "`run` creates it)\n";
  } else if (!store) {
    check_line(false, state, store.error().str(),
               "check the directory exists and is writable by the deskpulse user");
    ++failures;
  } else {
    auto c = (*store)->counts();
    check_line(bool(c), state,
               c ? "schema v" + std::to_string(c->schema_version) + ", " +
                       std::to_string(c->tickets) + " tickets, " + std::to_string(c->calls) +
                       " calls, " + std::to_string(c->ledger) + " fields written, " +
                       std::to_string(c->reports) + " reports posted"
                 : c.error().str(),
               "");
  }

  std::cout << "connectors\n";
  for (const auto& block : cfg->connectors) {
    if (!block.boolean("enabled")) {
      std::cout << "  skip  " << block.name << " (" << block.type << "): disabled\n";
      continue;
    }
    if (block.type == "rt") {
      auto opts = rt_options(*cfg, block);
      if (!opts) {
        check_line(false, block.name, opts.error().str(), "fix the connector block");
        ++failures;
        continue;
      }
      // The last value written to each ticket field, read back from RT.
      std::vector<rt::Written> written;
      if (store && cfg->writeback.sink == block.name) {
        auto last = (*store)->ledger_latest(TargetKind::ticket);
        if (last)
          for (auto& w : *last) written.push_back({w.field, w.target, w.value});
      }
      auto api = rt::make_api(*opts);
      auto checks = rt::rt_doctor(*api, system_now(), written);
      if (!checks) {
        check_line(false, block.name, checks.error().str(), "");
        ++failures;
        continue;
      }
      for (const auto& c : *checks) {
        check_line(c.ok, block.name + " " + c.name, c.detail, c.fix);
        failures += c.ok ? 0 : 1;
      }
      continue;
    }
    Result<void> health = make_error("not a source or a sink");
    if (auto src = make_source(block))
      health = (*src)->health_check();
    else if (auto sink = make_sink(block))
      health = (*sink)->health_check();
    check_line(health.ok(), block.name + " (" + block.type + ")",
               health.ok() ? "reachable" : health.error().str(),
               "see connectors/" + block.type + "/README.md");
    failures += health.ok() ? 0 : 1;
  }
  auto needs_sink = [&](const std::string& what, const std::string& name) {
    if (name.empty()) return;
    bool found = cfg->connector(name) != nullptr;
    check_line(found, what + " sink '" + name + "'", found ? "configured" : "no such connector",
               "add a connector named '" + name + "' or change " + what + ".sink");
    failures += found ? 0 : 1;
  };
  std::cout << "write-back\n";
  needs_sink("writeback", cfg->writeback.sink);
  needs_sink("report", cfg->report.sink);
  std::cout << (failures ? std::to_string(failures) + " problem(s) found\n" : "all good\n");
  return failures ? kExitFailed : kExitOk;
}

int run_init(const AdminArgs& a) {
  auto cfg = load_config_or_print(a.in.config);
  if (!cfg) return kExitUsage;
  int code = kExitOk;
  bool any = false;
  for (const auto& block : cfg->connectors) {
    if (block.type != "rt" || !block.boolean("enabled")) continue;
    any = true;
    auto opts = rt_options(*cfg, block);
    if (!opts) {
      std::cerr << "init: " << opts.error().str() << '\n';
      code = kExitUsage;
      continue;
    }
    auto api = rt::make_api(*opts);
    auto report = rt::rt_init(*api, !a.print_only);
    if (!report) {
      std::cerr << "init: " << block.name << ": " << report.error().str() << '\n';
      code = kExitFailed;
      continue;
    }
    for (const auto& line : report->lines()) std::cout << line << '\n';
    // Steps left for an RT admin are the answer to --print, and unfinished work otherwise.
    if (report->needed() && !report->applied && !a.print_only) {
      std::cerr << "init: " << block.name
                << ": RT still lacks what deskpulse needs: an RT admin applies the file above\n";
      code = kExitFailed;
    }
  }
  if (!any) std::cout << "init: no helpdesk connector that needs setting up (rt) is configured\n";
  return code;
}

}  // namespace

void add_doctor_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<AdminArgs>();
  auto* cmd = app.add_subcommand(
      "doctor",
      "Check the configuration, the state and every connector (reachability, TLS, "
      "authentication, rights, clock skew) and say what to fix.");
  cmd->add_option("-c,--config", a->in.config, "Configuration file")->required();
  add_state_option(cmd, a->in);
  cmd->callback([a, &exit_code] { exit_code = run_doctor(*a); });
}

void add_init_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<AdminArgs>();
  auto* cmd = app.add_subcommand(
      "init",
      "Create what write-back needs in the helpdesk: custom fields on the configured queues, "
      "agent score fields, the reports queue and the rights to see them. Running it twice "
      "changes nothing. Without the rights, prints exactly what an admin must do.");
  cmd->add_option("-c,--config", a->in.config, "Configuration file")->required();
  cmd->add_flag("--print", a->print_only,
                "Only print the steps (RT initialdata and command) for an RT admin");
  cmd->callback([a, &exit_code] { exit_code = run_init(*a); });
}

}  // namespace dp::app
