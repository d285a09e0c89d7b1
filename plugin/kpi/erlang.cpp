// Staffing formulas: docs/statistics.md, "Erlang C" and "Erlang A".
#include "kpi/erlang.h"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <exception>
#include <limits>

namespace dp::kpi {
namespace {

constexpr int kMaxAgents = 10000;

// Erlang B by the recursion B(k) = A·B(k-1) / (k + A·B(k-1)): no factorials, no
// overflow, stable for thousands of agents.
double erlang_b(int agents, double erlangs) {
  double b = 1;
  for (int k = 1; k <= agents; ++k) b = erlangs * b / (k + erlangs * b);
  return b;
}

double erlang_c_from_b(int agents, double erlangs, double b) {
  return agents * b / (agents - erlangs * (1 - b));
}

bool valid_target(double target) {
  return target > 0 && target < 1;
}

// S(a, z) = Σ_k z^k / (a(a+1)...(a+k)), so that γ(a, z) = z^a e^-z S(a, z). Converges
// fast for z <= a + 1, where the regularized gamma would underflow.
double gamma_series(double a, double z) {
  double term = 1 / a, sum = term;
  for (int k = 1; k < 10'000'000 && term > sum * 1e-17; ++k) {
    term *= z / (a + k);
    sum += term;
  }
  return sum;
}

// The two incomplete-gamma quantities of Erlang A, for wait threshold `theta_t` = θ·t:
// 1/A(x, y) and the fraction of waiting callers answered within t.
struct GammaTerms {
  double inv_a;
  double answered_late;
};

std::optional<GammaTerms> gamma_terms(double x, double y, double theta_t) {
  const double s = y * std::exp(-theta_t);
  if (y <= x + 1) {
    // Series form; the factor's exponent is <= θt(y - x - 1) <= 0, so no overflow.
    const double sx = gamma_series(x, y);
    const double factor = std::exp(-theta_t * (x + 1) + y * (1 - std::exp(-theta_t)));
    return GammaTerms{1 / (x * sx),
                      (gamma_series(x + 1, y) - factor * gamma_series(x + 1, s)) / sx};
  }
  // y > x: P(x, y) is at least about 1/2, so Boost's regularized gamma is safe and A is
  // handled in logs (it can exceed the double range).
  try {
    using boost::math::gamma_p;
    const double p = gamma_p(x, y);
    const double inv_a = std::exp(x * std::log(y) - y - std::lgamma(x + 1) - std::log(p));
    return GammaTerms{inv_a, x * (gamma_p(x + 1, y) - gamma_p(x + 1, s)) / (y * p)};
  } catch (const std::exception&) {  // Boost.Math reports overflow by throwing
    return std::nullopt;
  }
}

// γ(x, y·u) / γ(x, y) for 0 < u <= 1: the share of waiting callers whose offered wait
// exceeds t = −ln(u)/θ. Same two numerical branches as gamma_terms().
std::optional<double> gamma_ratio(double x, double y, double u) {
  if (y <= x + 1) {
    const double log_front = x * std::log(u) + y * (1 - u);
    return std::exp(log_front) * gamma_series(x, y * u) / gamma_series(x, y);
  }
  try {
    using boost::math::gamma_p;
    return gamma_p(x, y * u) / gamma_p(x, y);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

double erlang_c(int agents, double erlangs) {
  if (!(erlangs > 0)) return 0;
  if (agents <= erlangs) return 1;
  return erlang_c_from_b(agents, erlangs, erlang_b(agents, erlangs));
}

double erlang_c_service_level(int agents, double erlangs, double aht_s, double threshold_s) {
  if (!(erlangs > 0)) return 1;
  if (!(aht_s > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (agents <= erlangs) return 0;
  return 1 - erlang_c(agents, erlangs) *
                 std::exp(-(agents - erlangs) * std::max(0.0, threshold_s) / aht_s);
}

std::optional<int> agents_required(double calls, double interval_s, double aht_s,
                                   double threshold_s, double target) {
  if (!(aht_s > 0) || !(interval_s > 0) || !(calls >= 0) || !valid_target(target))
    return std::nullopt;
  if (calls == 0) return 0;
  const double a = calls * aht_s / interval_s;
  const double wait_factor = std::max(0.0, threshold_s) / aht_s;
  // Erlang B is carried along n so each step costs O(1).
  double b = 1;
  for (int n = 1; n <= kMaxAgents; ++n) {
    b = a * b / (n + a * b);
    if (n <= a) continue;
    const double sl = 1 - erlang_c_from_b(n, a, b) * std::exp(-(n - a) * wait_factor);
    if (sl >= target) return n;
  }
  return std::nullopt;
}

std::optional<ErlangA> erlang_a(int agents, double calls, double interval_s, double aht_s,
                                double threshold_s, double patience_s) {
  if (agents < 1 || !(aht_s > 0) || !(patience_s > 0) || !(interval_s > 0) || !(calls >= 0) ||
      !(threshold_s >= 0))
    return std::nullopt;
  if (calls == 0) return ErlangA{0, 0, 1};
  // docs/statistics.md, "Erlang A": x = nμ/θ, y = λ/θ.
  const double lambda = calls / interval_s, mu = 1 / aht_s, theta = 1 / patience_s;
  const double x = agents * mu / theta, y = lambda / theta;
  auto g = gamma_terms(x, y, theta * threshold_s);
  if (!g) return std::nullopt;
  const double e = erlang_b(agents, lambda / mu);
  const double p_wait = e / (g->inv_a * (1 - e) + e);
  const double rho = lambda / (agents * mu);
  const double p_abandon = (g->inv_a / rho + 1 - 1 / rho) * p_wait;
  const double sl = (1 - p_wait) + p_wait * g->answered_late;
  return ErlangA{p_wait, std::clamp(p_abandon, 0.0, 1.0), std::clamp(sl, 0.0, 1.0)};
}

std::optional<int> agents_required_erlang_a(double calls, double interval_s, double aht_s,
                                            double threshold_s, double target, double patience_s) {
  if (!(aht_s > 0) || !(interval_s > 0) || !(calls >= 0) || !(patience_s > 0) ||
      !valid_target(target))
    return std::nullopt;
  if (calls == 0) return 0;
  // Abandons shorten the queue, so unlike Erlang C any n >= 1 has a steady state.
  for (int n = 1; n <= kMaxAgents; ++n) {
    auto m = erlang_a(n, calls, interval_s, aht_s, std::max(0.0, threshold_s), patience_s);
    if (!m) return std::nullopt;
    if (m->service_level >= target) return n;
  }
  return std::nullopt;
}

std::optional<double> erlang_c_asa(int agents, double erlangs, double aht_s) {
  if (!(aht_s > 0)) return std::nullopt;
  if (!(erlangs > 0)) return 0.0;
  if (agents <= erlangs) return std::nullopt;
  return erlang_c(agents, erlangs) * aht_s / (agents - erlangs);
}

std::optional<double> erlang_c_occupancy(int agents, double erlangs) {
  if (agents < 1 || !(erlangs >= 0) || agents <= erlangs) return std::nullopt;
  return erlangs / agents;
}

std::optional<double> erlang_a_asa(int agents, double calls, double interval_s, double aht_s,
                                   double patience_s) {
  auto m = erlang_a(agents, calls, interval_s, aht_s, 0, patience_s);
  if (!m) return std::nullopt;
  if (calls == 0 || m->p_wait == 0) return 0.0;
  if (!(m->p_abandon < 1)) return std::nullopt;
  const double theta = 1 / patience_s;
  const double x = agents * (1 / aht_s) / theta, y = (calls / interval_s) / theta;
  // P(V > t) / P(wait), the offered wait's tail (docs/statistics.md, "Erlang A").
  auto tail = [&](double t) { return gamma_ratio(x, y, std::exp(-theta * t)); };
  // E[V·e^(−θV)] = ∫_0^∞ (1 − θt) e^(−θt) P(V > t) dt, on [0, T] where the tail has
  // fallen below 1e-12 (found by doubling from AHT / n), by Simpson's rule on 2048 panels.
  double end = aht_s / agents;
  for (int i = 0; i < 80; ++i) {
    auto r = tail(end);
    if (!r) return std::nullopt;
    if (*r < 1e-12) break;
    end *= 2;
  }
  constexpr int kPanels = 2048;
  const double h = end / kPanels;
  double sum = 0;
  for (int i = 0; i <= kPanels; ++i) {
    const double t = i * h;
    auto r = tail(t);
    if (!r) return std::nullopt;
    const double f = (1 - theta * t) * std::exp(-theta * t) * *r;
    sum += f * (i == 0 || i == kPanels ? 1 : (i % 2 ? 4 : 2));
  }
  const double answered_wait = m->p_wait * sum * h / 3;
  return std::max(0.0, answered_wait / (1 - m->p_abandon));
}

std::optional<double> erlang_a_occupancy(int agents, double calls, double interval_s, double aht_s,
                                         double patience_s) {
  auto m = erlang_a(agents, calls, interval_s, aht_s, 0, patience_s);
  if (!m) return std::nullopt;
  return std::min(1.0, calls / interval_s * (1 - m->p_abandon) * aht_s / agents);
}

}  // namespace dp::kpi
