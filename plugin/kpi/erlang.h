// Staffing from measured load (docs/kpis.md, "agents_required").
#pragma once

#include <optional>

namespace dp::kpi {

// Probability that a call waits (Erlang C) with `agents` agents and `erlangs` offered load.
double erlang_c(int agents, double erlangs);

// Service level (fraction answered within `threshold_s`) with Erlang C.
double erlang_c_service_level(int agents, double erlangs, double aht_s, double threshold_s);

// Fewest agents reaching `target` service level within `threshold_s`; nullopt when the
// inputs make no sense (aht <= 0). Caps at 10,000 agents.
std::optional<int> agents_required(double calls, double interval_s, double aht_s,
                                   double threshold_s, double target);

// Erlang A (with abandonment, mean patience `patience_s`): the same question.
std::optional<int> agents_required_erlang_a(double calls, double interval_s, double aht_s,
                                            double threshold_s, double target, double patience_s);

}  // namespace dp::kpi
