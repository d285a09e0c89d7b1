// The measured error of the mix-adjusted index (docs/kpis.md, "Mix-adjusted agent
// figures"): simulated teams of 8 agents, each with a known speed factor and a random
// mix of 6 topics (medians 10 min to 1 day) and 3 channels, lognormal(σ = 1) durations.
// Seeded, bounded (200 teams per row); prints the table the docs quote and fails if the
// adjusted index stops beating the raw ratio on mixed teams.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "kpi/mix_adjusted.h"
#include "kpi/stats.h"

namespace dp::kpi::test {
namespace {

struct Result {
  double raw_error = 0, adjusted_error = 0;  // median |log(estimate / truth)|, as %
  double coverage = 0;                       // of the index's 95% interval
};

// `mix_sd`: spread of the log topic and channel weights (0 = every agent the same mix).
Result simulate(int n_items, double mix_sd, unsigned seed) {
  constexpr int kTeams = 200, kAgents = 8, kTopics = 6, kChannels = 3;
  const double topic_median[kTopics] = {600, 1800, 3600, 14400, 28800, 86400};
  const double channel_factor[kChannels] = {1.0, 0.5, 1.5};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<double> raw, adjusted;
  long long covered = 0, intervals = 0;
  for (int team = 0; team < kTeams; ++team) {
    struct Agent {
      double factor;
      std::vector<double> values;
      MixTally mix;
    };
    std::vector<Agent> agents(kAgents);
    MixTally all;
    std::vector<double> team_values;
    double team_log_factor = 0;
    for (Agent& a : agents) {
      a.factor = std::exp(0.3 * z(rng));
      std::vector<double> tw(kTopics), cw(kChannels);
      for (double& w : tw) w = std::exp(mix_sd * z(rng));
      for (double& w : cw) w = std::exp(mix_sd * z(rng));
      std::discrete_distribution<int> topic(tw.begin(), tw.end()), channel(cw.begin(), cw.end());
      for (int i = 0; i < n_items; ++i) {
        const int t = topic(rng), c = channel(rng);
        const double v =
            std::round(topic_median[t] * channel_factor[c] * a.factor * std::exp(z(rng)));
        a.values.push_back(v);
        a.mix.add(Measure::frt_calendar, {std::to_string(t), std::to_string(c)},
                  Seconds(static_cast<long long>(v)));
        team_values.push_back(v);
        team_log_factor += std::log(a.factor);
      }
      all.merge(a.mix);
    }
    team_log_factor /= double(kAgents * n_items);
    const double team_median = *quantile(team_values, 0.5);
    for (Agent& a : agents) {
      const double truth = std::log(a.factor) - team_log_factor;
      raw.push_back(std::abs(std::log(*quantile(a.values, 0.5) / team_median) - truth));
      const auto ix = mix_index(a.mix, all, Measure::frt_calendar, 10);
      adjusted.push_back(std::abs(std::log(ix->index) - truth));
      if (ix->ci) {
        ++intervals;
        covered += std::log(ix->ci->first) <= truth && truth <= std::log(ix->ci->second);
      }
    }
  }
  auto median_pct = [](std::vector<double>& xs) {
    return 100 * (std::exp(*quantile(xs, 0.5)) - 1);
  };
  return {median_pct(raw), median_pct(adjusted), 100.0 * double(covered) / double(intervals)};
}

TEST(MixAdjusted, MeasuredErrorAgainstTheTrueSpeed) {
  std::printf(
      "| topic and channel mix | items per agent | raw ratio | mix-adjusted | coverage |\n");
  std::printf("|---|---|---|---|---|\n");
  for (double mix_sd : {1.0, 0.0})
    for (int n : {10, 30, 100}) {
      const Result r = simulate(n, mix_sd, 20261207u + unsigned(n));
      std::printf("| %s | %d | %.1f%% | %.1f%% | %.1f%% |\n", mix_sd > 0 ? "random" : "the same", n,
                  r.raw_error, r.adjusted_error, r.coverage);
      if (mix_sd > 0) {
        EXPECT_LT(r.adjusted_error, r.raw_error) << n;
      }
      EXPECT_GT(r.coverage, 80.0) << n;
    }
}

}  // namespace
}  // namespace dp::kpi::test
