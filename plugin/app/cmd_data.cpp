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

void add_generate_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<gen::GenOptions>();
  auto out = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "generate",
      "Write a realistic, deterministic data set as canonical NDJSON files (tickets with "
      "events, calls, surveys, customers, agents) for demos, tests and benchmarks.");
  cmd->add_option("--seed", opts->seed, "Random seed (same seed, same bytes)")
      ->capture_default_str();
  cmd->add_option("--tickets", opts->tickets, "Number of tickets")->capture_default_str();
  cmd->add_option("--weeks", opts->weeks, "Number of weeks covered")->capture_default_str();
  cmd->add_option("--out", *out, "Output directory")->required();
  cmd->callback([opts, out, &exit_code] {
    auto stats = gen::write_ndjson_dir(*opts, *out);
    if (!stats) {
      std::cerr << "generate: " << stats.error().str() << '\n';
      exit_code = kExitFailed;
      return;
    }
    std::cout << "wrote " << stats->total() << " records to " << *out << '\n';
  });
}

}  // namespace dp::app
