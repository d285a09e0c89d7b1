#include "app/env.h"

#include <iostream>

#include "app/registry.h"
#include "files/source.h"
#include "sync/link.h"

namespace dp::app {

void add_config_option(CLI::App* cmd, Inputs& in) {
  cmd->add_option("-c,--config", in.config, "Configuration file (YAML)")->check(CLI::ExistingFile);
}

void add_state_option(CLI::App* cmd, Inputs& in) {
  cmd->add_option("--state", in.state,
                  "State database (SQLite); default: the config's `state`, else ./" +
                      std::string(kDefaultState));
}

void add_input_options(CLI::App* cmd, Inputs& in) {
  cmd->add_option("--data", in.data,
                  "Directory of canonical NDJSON/CSV files to import first (see connectors/files)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--source", in.sources,
                  "A source read in one go, TYPE:PATH (asterisk-queue-log:FILE, "
                  "asterisk-cdr:FILE, files:DIR); may be repeated");
}

std::optional<config::Config> load_config_or_print(const std::string& path) {
  auto loaded = config::load_config(path, connector_specs());
  for (const auto& p : loaded.problems) std::cerr << p.str() << '\n';
  if (!loaded.config && loaded.problems.empty())
    std::cerr << path << ": configuration could not be loaded\n";
  return std::move(loaded.config);
}

void print_rejection(const Rejection& r) {
  std::cerr << "rejected: " << r.str() << '\n';
}

Result<size_t> store_batch(Store& store, const Batch& batch, const std::string& source) {
  for (const auto& r : batch.rejected) print_rejection(r);
  auto applied = store.apply(batch.records, source, batch.cursor);
  if (!applied) return applied.error();
  return batch.rejected.size();
}

Result<Env> open_env(const Inputs& in, bool config_required) {
  Env env;
  if (!in.config.empty()) {
    env.config = load_config_or_print(in.config);
    if (!env.config) return make_error("invalid configuration", in.config);
  } else if (config_required) {
    return make_error("this command needs --config FILE");
  }
  bool imports = !in.data.empty() || !in.sources.empty();
  if (!in.state.empty())
    env.state_path = in.state;
  else if (env.config)
    env.state_path = env.config->state_path;
  else if (imports)
    env.state_path = ":memory:";
  else
    env.state_path = kDefaultState;

  auto store = Store::open(env.state_path);
  if (!store) return make_error("cannot open state: " + store.error().str(), env.state_path);
  env.store = std::move(store.value());

  std::vector<std::string> sources = in.sources;
  if (!in.data.empty()) sources.insert(sources.begin(), "files:" + in.data);
  for (const auto& spec : sources) {
    auto batch = read_quick_source(spec);
    if (!batch) return make_error(batch.error().str(), spec);
    auto stored = store_batch(*env.store, *batch, "import:" + spec);
    if (!stored) return make_error("cannot store: " + stored.error().str(), spec);
    env.rejected += *stored;
  }
  return env;
}

kpi::Context make_context(const config::Config* cfg, Records& records) {
  kpi::Context ctx;
  if (cfg) ctx = cfg->kpi;
  std::map<std::string, Agent> from_data;
  for (const auto& a : records.agents) from_data.emplace(a.id, a);
  if (cfg) config::assign_calendars(*cfg, from_data);
  for (auto& [id, a] : from_data) ctx.agents.try_emplace(id, a);
  sync::link_calls_to_tickets(records, ctx.options.link_window);
  return ctx;
}

}  // namespace dp::app
