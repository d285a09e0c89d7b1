// import and generate: getting records into the state and making test data.
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "app/commands.h"
#include "app/env.h"
#include "files/codec.h"
#include "files/cursor.h"
#include "gen/generate.h"
#include "ops/progress.h"
#include "rollup/incremental.h"

namespace dp::app {

namespace {

// The bytes of the files an import of the files directory `dir` reads: its data files,
// with symbolic links counted only when followed.
uint64_t data_bytes(const std::string& dir, bool follow_symlinks) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!files::kind_of_file(e.path().filename().string())) continue;
    std::error_code size_ec;
    const bool link = e.is_symlink(size_ec);
    if (link && !follow_symlinks) continue;
    if (!e.is_regular_file(size_ec)) continue;
    const auto size = e.file_size(size_ec);
    if (!size_ec) total += size;
  }
  return total;
}

// The import's progress: bytes of the data files read (each files source's cursor says
// how far it is in each file) of their sizes, with the records stored; records alone
// when no files are read.
class ImportProgress {
 public:
  explicit ImportProgress(const Inputs& in) : progress_(ops::make_progress()) {
    std::vector<std::string> dirs;
    if (!in.data.empty()) dirs.push_back(in.data);
    for (const auto& spec : in.sources)
      if (spec.starts_with("files:")) dirs.push_back(spec.substr(6));
    for (const auto& d : dirs) total_ += data_bytes(d, in.follow_symlinks);
    show();
  }
  ~ImportProgress() { finish(); }
  void finish() { progress_->finish(); }

  decltype(Inputs::on_stored) watcher() {
    return [this](const std::string& source, const Records& batch,
                  const std::optional<std::string>& cursor) {
      records_ += batch.size();
      if (total_ && cursor && source.starts_with("import:files:")) {
        if (auto c = files::parse_cursor(*cursor)) {
          uint64_t at = 0;
          for (const auto& [_, mark] : *c) at += mark.offset;
          read_[source] = at;
        }
      }
      show();
    };
  }

 private:
  void show() {
    if (!total_) {
      progress_->step({.what = "import", .done = records_});
      return;
    }
    uint64_t read = 0;
    for (const auto& [_, n] : read_) read += n;
    progress_->step(
        {.what = "import", .done = read, .total = total_, .unit = "bytes", .records = records_});
  }

  std::unique_ptr<Progress> progress_;
  uint64_t total_ = 0, records_ = 0;
  std::map<std::string, uint64_t> read_;  // by source
};

}  // namespace

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
    ImportProgress progress(target);
    target.on_stored = progress.watcher();
    auto env = open_env(target, false);
    progress.finish();  // its last line before what follows
    if (!env) {
      std::cerr << "import: " << env.error().str() << '\n';
      exit_code = kExitFailed;
      return;
    }
    // The partials built as the import ends, so the first compute reads them.
    if (auto built = build_partials(*env); !built) {
      std::cerr << "import: cannot build the partials: " << built.error().str() << '\n';
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

// Generated records straight into the state, batch by batch through the rollup's store
// step like an import of the same records as NDJSON, each with a cursor saying what is
// stored.
Result<gen::GenStats> generate_into_state(const gen::GenOptions& opts, const std::string& path,
                                          size_t batch_records) {
  auto store = Store::open(path);
  if (!store) return make_error("cannot open state: " + store.error().str(), path);
  auto ctx = stored_context(**store, nullptr);
  if (!ctx) return make_error("cannot read state: " + ctx.error().str(), path);
  const std::string source = "generate";
  rollup::Upkeep step(**store, *ctx);
  size_t stored = 0;
  auto take = [&](Records& records) -> Result<void> {
    stored += records.size();
    const std::string cursor =
        "{\"seed\":" + std::to_string(opts.seed) + ",\"tickets\":" + std::to_string(opts.tickets) +
        ",\"weeks\":" + std::to_string(opts.weeks) + ",\"records\":" + std::to_string(stored) + "}";
    auto done = step.apply(records, source, cursor);
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
  cmd->add_option("--agents", opts->agents, "Agents, spread over the teams as evenly as possible")
      ->capture_default_str();
  cmd->add_option("--teams", opts->teams,
                  "Teams: billing, tech, onboarding, then team04, team05, ... in those three "
                  "calendars in turn")
      ->capture_default_str();
  cmd->add_option("--queues", opts->queues,
                  "Phone queues, given to the teams in turn (the second of billing is billing-2); "
                  "default: one per team")
      ->check(CLI::PositiveNumber);
  cmd->add_flag_callback(
      "--surveys-off", [opts] { opts->surveys = false; },
      "No survey responses (every other record the same)");
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
    if (auto ok = gen::check_options(*opts); !ok) {
      std::cerr << "generate: --" << ok.error().where << ": " << ok.error().message << '\n';
      exit_code = kExitUsage;
      return;
    }
    auto progress = ops::make_progress();
    gen::GenOptions o = *opts;
    o.progress = progress.get();
    auto stats = state->empty() ? gen::write_ndjson_dir(o, *out)
                                : generate_into_state(o, *state, *batch_records);
    progress->finish();  // its last line before what follows
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
