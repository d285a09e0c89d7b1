#include "app/env.h"

#include <iostream>
#include <limits>
#include <memory>
#include <string_view>

#include "app/registry.h"
#include "files/source.h"
#include "kpi/engine.h"
#include "rollup/incremental.h"
#include "rollup/rebuild.h"
#include "sync/link.h"
#include "sync/sync.h"

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
  cmd->add_flag("--follow-symlinks", in.follow_symlinks,
                "Read a data file of --data that is a symbolic link (refused by default)");
}

namespace {

// The problems of building `block` as its connector (a source, a sink or both) would.
std::vector<config::Diagnostic> connector_problems(const config::Block& block,
                                                   const std::string& file) {
  std::vector<config::Diagnostic> out;
  auto add = [&](const Error& e) {
    if (out.empty() || out.back().message != e.message)  // a source and sink's shared check
      out.push_back({file, block.line, block.column, block.path, e.message});
  };
  for (const auto& spec : connector_specs()) {
    if (spec.type != block.type) continue;
    if (spec.source)
      if (auto s = make_source(block); !s) add(s.error());
    if (spec.sink)
      if (auto s = make_sink(block); !s) add(s.error());
  }
  return out;
}

}  // namespace

config::LoadResult load_config_checked(const std::string& path) {
  std::vector<std::string> kpis;
  for (const auto& e : kpi::catalog()) kpis.push_back(e.id);
  auto loaded = config::load_config(path, connector_specs(), kpis);
  if (!loaded.config) return loaded;
  for (const auto& block : loaded.config->connectors)
    for (auto& p : connector_problems(block, path)) loaded.problems.push_back(std::move(p));
  if (!loaded.problems.empty()) loaded.config.reset();
  return loaded;
}

std::optional<config::Config> load_config_or_print(const std::string& path) {
  auto loaded = load_config_checked(path);
  for (const auto& p : loaded.problems) std::cerr << p.str() << '\n';
  if (!loaded.config && loaded.problems.empty())
    std::cerr << path << ": configuration could not be loaded\n";
  return std::move(loaded.config);
}

void print_rejection(const Rejection& r) {
  std::cerr << "rejected: " << r.str() << '\n';
}

namespace {

// A --source read in one go (read_quick_source()) as a source of one batch.
class QuickSource : public Source {
 public:
  explicit QuickSource(std::string spec) : spec_(std::move(spec)) {}
  std::string name() const override { return spec_; }
  Result<void> health_check() override { return {}; }
  Result<Batch> poll(const std::string&) override {
    auto batch = read_quick_source(spec_);
    if (batch) batch->more = false;
    return batch;
  }

 private:
  std::string spec_;
};

// Imports one --data/--source through the sync path, from the start (importing again
// is idempotent): a files directory is polled batch by batch, each stored with its
// cursor before the next is read, so memory holds one batch whatever the size of the
// files; the phone system logs given as --source are read in one go. The rejected count.
Result<size_t> import_spec(rollup::Upkeep& step, const std::string& spec, const Inputs& in) {
  const std::string source = "import:" + spec;
  constexpr std::string_view kFiles = "files:";
  std::unique_ptr<Source> src;
  if (spec.starts_with(kFiles))
    // One-shot: whole files, so a last line without a newline is a record and a CSV
    // quote still open at the end of a file is reported (a tailer waits for more).
    src = std::make_unique<files::FileSource>(
        "files", spec.substr(kFiles.size()),
        files::FileOptions{.batch_records = in.batch_records,
                           .whole_files = true,
                           .follow_symlinks = in.follow_symlinks});
  else
    src = std::make_unique<QuickSource>(spec);
  SyncOptions o;
  o.max_batches = std::numeric_limits<size_t>::max();
  o.from = "";
  o.as = source;
  o.on_stored = [&](const Batch& batch) {
    for (const auto& r : batch.rejected) print_rejection(r);
    for (const auto& w : batch.warnings) std::cerr << "warning: " << printable(w) << '\n';
    if (in.on_stored) in.on_stored(source, batch.records, batch.cursor);
  };
  SyncReport rep = sync_source(*src, step, o);
  if (rep.failed == SyncReport::Stage::store) return make_error("cannot store: " + rep.cause.str());
  if (rep.failed == SyncReport::Stage::poll) return rep.cause;
  if (rep.error) return *rep.error;
  return rep.rejected;
}

}  // namespace

Result<Env> open_env(const Inputs& in, bool config_required, Access access) {
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

  auto store = access == Access::read && !imports ? Store::open_existing(env.state_path)
                                                  : Store::open(env.state_path);
  if (!store) return make_error("cannot open state: " + store.error().str());
  env.store = std::move(store.value());
  if (!env.store->migration_note().empty())
    std::cerr << "state: " << env.store->migration_note() << '\n';

  std::vector<std::string> sources = in.sources;
  if (!in.data.empty()) sources.insert(sources.begin(), "files:" + in.data);
  if (sources.empty()) return env;
  auto ctx = stored_context(*env.store, env.config ? &*env.config : nullptr);
  if (!ctx) return make_error("cannot read state: " + ctx.error().str(), env.state_path);
  rollup::Upkeep step(*env.store, *ctx);
  // Into an empty state, the lookup indexes are built once at the end.
  auto deferred = env.store->defer_indexes();
  if (!deferred)
    return make_error("cannot prepare state: " + deferred.error().str(), env.state_path);
  for (const auto& spec : sources) {
    auto rejected = import_spec(step, spec, in);
    if (!rejected) {
      (void)env.store->restore_indexes();
      return make_error(rejected.error().str(), spec);
    }
    env.rejected += *rejected;
  }
  if (auto r = env.store->restore_indexes(); !r)
    return make_error("cannot index state: " + r.error().str(), env.state_path);
  return env;
}

Result<bool> build_partials(Env& env) {
  const config::Config* cfg = env.config ? &*env.config : nullptr;
  auto ctx = stored_context(*env.store, cfg);
  if (!ctx) return ctx.error();
  auto built =
      rollup::bring_current(*env.store, *ctx, [&](Records& r) { return make_context(cfg, r); });
  if (!built) return built.error();
  return built->rebuilt;
}

Result<kpi::Context> stored_context(Store& store, const config::Config* cfg) {
  Records directory;
  auto agents = store.agents();
  if (!agents) return agents.error();
  directory.agents = std::move(*agents);
  return make_context(cfg, directory);
}

kpi::Context make_context(const config::Config* cfg, Records& records) {
  kpi::Context ctx;
  if (cfg) ctx = cfg->kpi;
  std::map<std::string, Agent> from_data;
  for (const auto& a : records.agents) from_data.emplace(a.id, a);
  if (cfg) config::assign_calendars(*cfg, from_data);
  for (auto& [id, a] : from_data) {
    auto [it, added] = ctx.agents.try_emplace(id, a);
    if (!added && it->second.name.empty()) it->second.name = a.name;
  }
  sync::link_calls_to_tickets(records, ctx.options.link_window);
  return ctx;
}

}  // namespace dp::app
