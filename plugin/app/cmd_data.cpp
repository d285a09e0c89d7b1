// import and generate: getting records into the state and making test data.
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/env.h"
#include "gen/generate.h"

namespace dp::app {

void add_import_command(CLI::App& app, int& exit_code) {
  auto in = std::make_shared<Inputs>();
  auto* cmd = app.add_subcommand(
      "import",
      "Import records into the state: canonical NDJSON/CSV files (--data DIR) or a phone "
      "system's log (--source asterisk-queue-log:FILE). Bad lines are reported with file, "
      "line and field and skipped; every good line is stored; exit 1 if any was rejected.");
  add_config_option(cmd, *in);
  add_state_option(cmd, *in);
  add_input_options(cmd, *in);
  cmd->add_option("--batch-records", in->batch_records,
                  "Records (or rejected lines) of --data stored per transaction; bounds memory")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->callback([in, &exit_code] {
    if (in->data.empty() && in->sources.empty()) {
      std::cerr << "import: give --data DIR or --source TYPE:PATH\n";
      exit_code = kExitUsage;
      return;
    }
    // An import is kept: without --state or a config it goes to ./deskpulse-state.db.
    Inputs target = *in;
    if (target.state.empty() && target.config.empty()) target.state = kDefaultState;
    auto env = open_env(target, false);
    if (!env) {
      std::cerr << "import: " << env.error().str() << '\n';
      exit_code = kExitFailed;
      return;
    }
    auto counts = env->store->counts();
    if (counts) {
      std::cout << "state " << env->state_path << ": " << counts->tickets << " tickets, "
                << counts->events << " ticket events, " << counts->calls << " calls, "
                << counts->surveys << " survey responses, " << counts->customers << " customers, "
                << counts->agents << " agents\n";
    }
    if (env->rejected) {
      std::cerr << "import: " << env->rejected << " record(s) rejected (see above); the rest "
                << "is stored\n";
      exit_code = kExitFailed;
    }
  });
}

namespace {

// Generated records straight into the state, batch by batch through store_batch like
// an import of the same records as NDJSON, each with a cursor saying what is stored.
Result<gen::GenStats> generate_into_state(const gen::GenOptions& opts, const std::string& path,
                                          size_t batch_records) {
  auto store = Store::open(path);
  if (!store) return make_error("cannot open state: " + store.error().str(), path);
  auto ctx = stored_context(**store, nullptr);
  if (!ctx) return make_error("cannot read state: " + ctx.error().str(), path);
  const std::string source = "generate";
  size_t stored = 0;
  Batch batch;
  auto take = [&](Records& records) -> Result<void> {
    stored += records.size();
    std::swap(batch.records, records);  // and back below: the generator reuses its vectors
    batch.cursor =
        "{\"seed\":" + std::to_string(opts.seed) + ",\"tickets\":" + std::to_string(opts.tickets) +
        ",\"weeks\":" + std::to_string(opts.weeks) + ",\"records\":" + std::to_string(stored) + "}";
    auto done = store_batch(**store, batch, source, *ctx);
    std::swap(batch.records, records);
    if (!done) return make_error("cannot store: " + done.error().str(), path);
    return {};
  };
  return gen::generate_batches(opts, batch_records, take);
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<gen::GenOptions>();
  auto out = std::make_shared<std::string>();
  auto state = std::make_shared<std::string>();
  auto batch_records = std::make_shared<size_t>(Inputs{}.batch_records);
  auto* cmd = app.add_subcommand(
      "generate",
      "Write a realistic, deterministic data set (tickets with events, calls, surveys, "
      "customers, agents) for demos, tests and benchmarks: as canonical NDJSON files "
      "(--out DIR) or straight into a state (--state FILE), the same records either way.");
  cmd->add_option("--seed", opts->seed, "Random seed (same seed, same bytes)")
      ->capture_default_str();
  cmd->add_option("--tickets", opts->tickets, "Number of tickets")->capture_default_str();
  cmd->add_option("--weeks", opts->weeks, "Number of weeks covered")->capture_default_str();
  auto* out_opt = cmd->add_option("--out", *out, "Output directory");
  auto* state_opt =
      cmd->add_option("--state", *state, "State database (SQLite) to store the records in");
  out_opt->excludes(state_opt);
  cmd->add_option("--batch-records", *batch_records,
                  "With --state: records stored per transaction; bounds memory")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->callback([opts, out, state, batch_records, &exit_code] {
    if (out->empty() == state->empty()) {
      std::cerr << "generate: give --out DIR or --state FILE\n";
      exit_code = kExitUsage;
      return;
    }
    auto stats = state->empty() ? gen::write_ndjson_dir(*opts, *out)
                                : generate_into_state(*opts, *state, *batch_records);
    if (!stats) {
      std::cerr << "generate: " << stats.error().str() << '\n';
      exit_code = kExitFailed;
      return;
    }
    std::cout << "wrote " << stats->total() << " records to " << (state->empty() ? *out : *state)
              << '\n';
  });
}

}  // namespace dp::app
