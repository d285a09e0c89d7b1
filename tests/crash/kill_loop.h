// The crash harness's loop: rounds of the same work, each started from a fresh state,
// run again and again and SIGKILLed (the whole process group) at seeded random moments
// until a run finishes by itself; then the round's state is checked against a clean
// run. Rounds go on until the wanted number of kills is reached; the round under way
// then runs to its end. Every loop is bounded.
//
// DESKPULSE_CRASH_KILLS: kills per scenario (default: the scenario's CI count);
// DESKPULSE_CRASH_SEED: the seed of the kill moments (default 22). Both are printed,
// with each kill's delay, so that a failure can be replayed (tests/crash/run).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace dp::crash {

struct Settings {
  int kills = 0;
  uint64_t seed = 22;
};

// The settings from the environment, `ci_kills` when DESKPULSE_CRASH_KILLS is unset.
Settings settings(int ci_kills);

// Kill delays over a clean run's duration: one in five in its first 5% (start-up,
// opening the state), the rest anywhere up to a quarter past its end.
class Delays {
 public:
  Delays(uint64_t seed, const std::string& scenario);
  std::chrono::milliseconds next(std::chrono::milliseconds clean);

 private:
  double uniform();  // [0, 1), the same numbers on every platform
  std::mt19937_64 rng_;
};

// A command to launch: argv (argv[0] a path) and extra environment (NAME=VALUE).
struct Command {
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

struct Round {
  int index = 0;
  int kills = 0;       // in this round
  int launches = 0;    // kills + the run that finished
  std::string output;  // of the run that finished
};

struct Scenario {
  std::string name;                  // "import", "outbox", "rt": in every line printed
  std::chrono::milliseconds clean;   // the clean run's duration
  std::chrono::seconds run_timeout;  // one launch, killed and failed beyond it
  int max_launches_per_round = 60;
  // A fresh state for round N (from what the clean run started with).
  std::function<void(int round)> fresh;
  // Called before each launch (marks what the run that follows writes); returns the
  // command.
  std::function<Command(int round, int launch)> before_launch;
  // Called after each kill (e.g. waits until a server finished what the killed
  // process left in flight).
  std::function<void()> after_kill;
  // Checks a finished round with gtest assertions.
  std::function<void(const Round&)> check;
};

struct Totals {
  int kills = 0, rounds = 0, launches = 0;
};

struct Finished {
  int exit_code = -1;  // -1: still running at the timeout, then killed
  std::chrono::milliseconds took{0};
  std::string output;  // stdout and stderr
};
// One run to its end, bounded by `timeout`: the clean reference runs.
Finished run_to_end(const Command& c, const std::string& log, std::chrono::seconds timeout);

// Runs rounds until `s.kills` kills are reached and the last round finished, or a
// check failed. A run that exits non-zero, or outlives `run_timeout`, is a failure.
Totals kill_rounds(const Settings& s, const Scenario& scenario, const std::string& work_dir);

}  // namespace dp::crash
