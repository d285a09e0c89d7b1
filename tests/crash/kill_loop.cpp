#include "kill_loop.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "../support/run_command.h"
#include "child.h"

namespace dp::crash {
namespace {

std::optional<uint64_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  if (*end != '\0') {
    ADD_FAILURE() << name << "=" << v << " is not a number";
    return std::nullopt;
  }
  return n;
}

}  // namespace

Settings settings(int ci_kills) {
  Settings s;
  s.kills = int(env_number("DESKPULSE_CRASH_KILLS").value_or(uint64_t(ci_kills)));
  s.seed = env_number("DESKPULSE_CRASH_SEED").value_or(22);
  return s;
}

Delays::Delays(uint64_t seed, const std::string& scenario) {
  // Each scenario its own sequence from the one seed.
  std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), uint32_t(scenario.size()),
                    uint32_t(scenario.empty() ? 0 : scenario[0])};
  rng_.seed(seq);
}

double Delays::uniform() {
  return double(rng_() >> 11) * 0x1.0p-53;
}

std::chrono::milliseconds Delays::next(std::chrono::milliseconds clean) {
  const double whole = double(clean.count());
  const bool early = uniform() < 0.2;
  // A restart redoes some work (opening the state, reading files up to their cursor),
  // so a quarter beyond the clean duration lets a round end after a few kills.
  const double at = uniform() * (early ? 0.05 * whole : 1.25 * whole);
  return std::chrono::milliseconds(int64_t(at));
}

Finished run_to_end(const Command& c, const std::string& log, std::chrono::seconds timeout) {
  Finished f;
  Child child = Child::start(c.argv, c.env, log);
  auto code = child.wait_until(timeout);
  f.took = child.elapsed();
  if (!code) child.kill_group();
  f.exit_code = code.value_or(-1);
  f.output = test::read_file(log);
  return f;
}

Totals kill_rounds(const Settings& s, const Scenario& sc, const std::string& work_dir) {
  const std::string tag = "[crash " + sc.name + "] ";
  std::cout << tag << "seed " << s.seed << " (DESKPULSE_CRASH_SEED), " << s.kills
            << " kills (DESKPULSE_CRASH_KILLS), clean run " << sc.clean.count() << " ms\n"
            << std::flush;
  Delays delays(s.seed, sc.name);
  Totals t;
  const std::string log = work_dir + "/launch.log";
  // Bounded: each round ends within max_launches_per_round launches, and a new round
  // starts only while kills are wanted, and not beyond `max_rounds` (a run that ends
  // before every delay of its round kills nothing).
  const int max_rounds = 4 * s.kills + 10;
  while (t.kills < s.kills) {
    if (t.rounds >= max_rounds) {
      ADD_FAILURE() << tag << t.rounds << " rounds made only " << t.kills << " kills";
      return t;
    }
    Round round;
    round.index = ++t.rounds;
    sc.fresh(round.index);
    if (::testing::Test::HasFatalFailure()) return t;
    bool finished = false;
    while (!finished) {
      if (round.launches >= sc.max_launches_per_round) {
        ADD_FAILURE() << tag << "round " << round.index << " did not finish within "
                      << sc.max_launches_per_round << " launches";
        return t;
      }
      const Command cmd = sc.before_launch(round.index, round.launches + 1);
      ++round.launches;
      ++t.launches;
      const bool kill = t.kills < s.kills;
      const auto delay = kill ? delays.next(sc.clean) : std::chrono::milliseconds(0);
      Child child = Child::start(cmd.argv, cmd.env, log);
      if (!child.started()) {
        ADD_FAILURE() << tag << "cannot start " << cmd.argv[0];
        return t;
      }
      auto code = child.wait_until(kill ? delay : sc.run_timeout);
      if (!code && kill) {
        child.kill_group();
        ++round.kills;
        ++t.kills;
        std::cout << tag << "round " << round.index << " launch " << round.launches
                  << ": killed after " << delay.count() << " ms (kill " << t.kills << ")\n"
                  << std::flush;
        if (sc.after_kill) sc.after_kill();
        continue;
      }
      if (!code) code = child.wait_until(sc.run_timeout);
      if (!code) {
        child.kill_group();
        ADD_FAILURE() << tag << "round " << round.index << " launch " << round.launches
                      << " still running after " << sc.run_timeout.count()
                      << " s: " << test::read_file(log);
        return t;
      }
      round.output = test::read_file(log);
      std::cout << tag << "round " << round.index << " launch " << round.launches
                << ": finished in " << child.elapsed().count() << " ms, exit " << *code
                << (kill ? " (before its kill at " + std::to_string(delay.count()) + " ms)" : "")
                << '\n'
                << std::flush;
      if (*code != 0) {
        ADD_FAILURE() << tag << "round " << round.index << " launch " << round.launches
                      << " exited " << *code << " after " << round.kills
                      << " kill(s) in this round:\n"
                      << round.output;
        return t;
      }
      finished = true;
    }
    sc.check(round);
    std::cout << tag << "round " << round.index << " checked: " << round.kills
              << " kill(s) survived, " << (::testing::Test::HasFailure() ? "FAILED" : "ok") << '\n'
              << std::flush;
    if (::testing::Test::HasFailure()) return t;
  }
  std::cout << tag << "survived " << t.kills << " kills in " << t.rounds << " rounds ("
            << t.launches << " launches), seed " << s.seed << '\n'
            << std::flush;
  return t;
}

}  // namespace dp::crash
