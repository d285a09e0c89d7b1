// What every command shares: where the config and the state are, and how records
// reach the engine (from the state, a data directory or a quick source).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "connector/source.h"
#include "kpi/options.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::app {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command ran but something failed (rejected input)
inline constexpr int kExitUsage = 2;   // bad arguments or configuration

struct Inputs {
  std::string config;                // --config FILE
  std::string state;                 // --state FILE
  std::string data;                  // --data DIR (canonical files)
  std::vector<std::string> sources;  // --source TYPE:PATH
  size_t batch_records = 50000;      // import --batch-records: records per transaction
  bool follow_symlinks = false;      // --follow-symlinks: read --data files that are links
  // Told of each batch --data/--source stored, with its cursor (import's progress).
  std::function<void(const std::string& source, const Records& batch,
                     const std::optional<std::string>& cursor)>
      on_stored;
};

void add_config_option(CLI::App* cmd, Inputs& in);
void add_state_option(CLI::App* cmd, Inputs& in);
void add_input_options(CLI::App* cmd, Inputs& in);  // --data and --source

// The state a command works on, with the config when one was given.
struct Env {
  std::optional<config::Config> config;
  std::unique_ptr<Store> store;
  std::string state_path;
  size_t rejected = 0;  // input lines rejected while importing --data/--source
};

// Loads a config and checks everything `sync`, `run` and `report` would: the key
// tables, the KPI ids of kpi.targets, and every connector block (enabled or not) built
// as its connector would build it. `config` is set only when there is no problem.
config::LoadResult load_config_checked(const std::string& path);

// Loads --config (printing every problem, then failing), opens the state (--state,
// else the config's, else ./deskpulse-state.db; ":memory:" when only --data/--source
// is given and no --state), and imports --data/--source into it: each through the sync
// path (sync_source() from the start, stored as "import:<spec>" by the rollup's store
// step), printing rejections and warnings as they come. A command that only
// reads (`Access::read`) opens an existing state at the current schema and creates or
// migrates nothing, unless it imports; one that writes says when it migrated.
enum class Access { read, write };
Result<Env> open_env(const Inputs& in, bool config_required, Access access = Access::write);

// The default state path when none is configured.
inline const char* kDefaultState = "deskpulse-state.db";

// Loads a config file and prints each problem to stderr as file:line:col: key: message.
std::optional<config::Config> load_config_or_print(const std::string& path);

// The engine's context: the config's agents, calendars and options, plus the agent
// directory stored from sources (config wins; a configured agent without a name takes
// the data's).
// Also links calls to their tickets in `records` (plugin/sync/link.h), as the
// engine's cross-channel figures need. `cfg` may be null (no config: defaults).
kpi::Context make_context(const config::Config* cfg, Records& records);
inline kpi::Context kpi_context(const Env& env, Records& records) {
  return make_context(env.config ? &*env.config : nullptr, records);
}

// The context the state's partials are kept with while batches are stored: `cfg`'s
// (may be null) with the agent directory stored so far.
Result<kpi::Context> stored_context(Store& store, const config::Config* cfg);

// After an import: makes the state's partials current for the context `compute`
// keeps them with (stored_context()), building them from the stored records when the
// batches left them stale (rollup::bring_current(), progress "partials"), so the next
// compute does not. True when they were built.
Result<bool> build_partials(Env& env);

void print_rejection(const Rejection& r);

}  // namespace dp::app
