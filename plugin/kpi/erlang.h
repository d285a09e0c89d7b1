// Staffing from measured load (docs/kpis.md, "agents_required").
#pragma once

#include <optional>

namespace dp::kpi {

// Probability that a call waits (Erlang C) with `agents` agents and `erlangs` offered load
// (1 when agents <= erlangs: the queue never empties; 0 without load).
double erlang_c(int agents, double erlangs);

// Service level (fraction answered within `threshold_s`) with Erlang C; NaN when
// aht_s <= 0 with a positive load.
double erlang_c_service_level(int agents, double erlangs, double aht_s, double threshold_s);

// Fewest agents reaching `target` service level within `threshold_s` for `calls` offered
// in `interval_s`; 0 when there are no calls. nullopt when the inputs make no sense
// (aht or interval <= 0, calls < 0, target outside (0,1)) or more than 10,000 agents
// would be needed.
std::optional<int> agents_required(double calls, double interval_s, double aht_s,
                                   double threshold_s, double target);

// Erlang A (with abandonment, mean patience `patience_s`): the same question.
std::optional<int> agents_required_erlang_a(double calls, double interval_s, double aht_s,
                                            double threshold_s, double target, double patience_s);

// Erlang A (M/M/n+M, exponential patience) figures for one staffing level, as
// fractions of offered calls.
struct ErlangA {
  double p_wait = 0;         // an arrival finds every agent busy
  double p_abandon = 0;      // hangs up before being answered
  double service_level = 0;  // answered within the threshold
};

// nullopt when the inputs make no sense (agents < 1, aht, patience or interval <= 0,
// calls < 0, threshold < 0).
std::optional<ErlangA> erlang_a(int agents, double calls, double interval_s, double aht_s,
                                double threshold_s, double patience_s);

}  // namespace dp::kpi
