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

// Mean wait of answered calls (ASA) with Erlang C, seconds: C(n, A) · AHT / (n − A)
// (docs/statistics.md, "ASA and occupancy"). 0 without load; nullopt when n <= A (the
// queue grows without end) or aht_s <= 0.
std::optional<double> erlang_c_asa(int agents, double erlangs, double aht_s);

// Agent occupancy with Erlang C: A / n, the share of agent time spent handling calls
// (docs/statistics.md, "ASA and occupancy"). nullopt when agents < 1 or n <= A.
std::optional<double> erlang_c_occupancy(int agents, double erlangs);

// Mean wait of answered calls (ASA) with Erlang A, seconds: E[V·e^(−θV)] / P(answered)
// for the offered wait V, integrated numerically (docs/statistics.md, "ASA and
// occupancy"). nullopt as erlang_a(), or when no call is answered.
std::optional<double> erlang_a_asa(int agents, double calls, double interval_s, double aht_s,
                                   double patience_s);

// Agent occupancy with Erlang A: answered load / n = λ · (1 − P(abandon)) · AHT / n
// (docs/statistics.md, "ASA and occupancy"). nullopt as erlang_a().
std::optional<double> erlang_a_occupancy(int agents, double calls, double interval_s, double aht_s,
                                         double patience_s);

}  // namespace dp::kpi
