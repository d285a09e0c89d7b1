// Intervals and quantiles: docs/statistics.md ("Intervals", "Quantiles").
#include "kpi/stats.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace dp::kpi {

std::optional<Interval> wilson(long long k, long long n) {
  if (n <= 0 || k < 0 || k > n) return std::nullopt;
  // docs/statistics.md, "Proportions: Wilson score interval".
  const double nn = double(n), p = double(k) / nn, z2 = kZ95 * kZ95;
  const double denom = 1 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denom;
  const double half = kZ95 / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return Interval{std::max(0.0, center - half), std::min(1.0, center + half)};
}

double mean(const std::vector<double>& xs) {
  if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (double x : xs) sum += x;
  return sum / double(xs.size());
}

double sample_sd(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / double(xs.size() - 1));
}

double t975(long long n) {
  // t(n-1) depends on n only; many figures share an n.
  thread_local std::unordered_map<long long, double> t_of_n;
  auto [it, fresh] = t_of_n.try_emplace(n, 0.0);
  if (fresh) {
    boost::math::students_t dist(double(n - 1));
    it->second = boost::math::quantile(boost::math::complement(dist, 0.025));
  }
  return it->second;
}

std::optional<Interval> mean_ci(const std::vector<double>& xs) {
  if (xs.size() < 2) return std::nullopt;
  for (double x : xs)
    if (x < 0) return std::nullopt;
  return duration_mean_ci((long long)xs.size(), mean(xs), sample_sd(xs));
}

std::optional<Interval> duration_mean_ci(long long n, double m, double sd) {
  if (n < 2 || !(m >= 0) || !(sd >= 0)) return std::nullopt;
  // docs/statistics.md, "Means of durations": the delta-method interval of log(mean),
  // widened by (1 + 1/n) for small samples, whose sd underestimates a skewed spread.
  if (m == 0) return Interval{0.0, 0.0};  // every value 0
  const double nn = double(n);
  const double h = t975(n) * (sd / m) / std::sqrt(nn) * (1 + 1 / nn);
  return Interval{m * std::exp(-h), m * std::exp(h)};
}

std::optional<Interval> t_interval(long long n, double m, double sd) {
  if (n < 2) return std::nullopt;
  const double half = t975(n) * sd / std::sqrt(double(n));
  return Interval{m - half, m + half};
}

namespace {

// Wilson's interval for a share p of a (possibly fractional) sample size n > 0.
Interval wilson_share(double p, double n) {
  const double z2 = kZ95 * kZ95;
  const double denom = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denom;
  const double half = kZ95 / denom * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return Interval{std::max(0.0, center - half), std::min(1.0, center + half)};
}

}  // namespace

std::optional<Interval> score_mean_ci(long long n, double m, double sd, double lo, double hi) {
  if (n < 2 || !(hi > lo) || !(sd >= 0)) return std::nullopt;
  // docs/statistics.md, "Mean scores": Wilson on u = (mean - lo) / (hi - lo) with the
  // effective sample size n u(1-u) / var(u); 0/1 scores give Wilson's interval itself.
  const double nn = double(n), w = hi - lo;
  const double u = std::clamp((m - lo) / w, 0.0, 1.0);
  const double bern = u * (1 - u);
  const double var = (sd / w) * (sd / w) * (nn - 1) / nn;  // divisor n, as p(1-p)
  const double n_eff = bern <= 0 ? nn : nn * bern / std::max(var, bern / nn);
  const Interval c = wilson_share(u, n_eff);
  return Interval{lo + c.first * w, lo + c.second * w};
}

std::optional<Interval> score_mean_ci(const std::vector<double>& xs, double lo, double hi) {
  if (xs.size() < 2) return std::nullopt;
  return score_mean_ci((long long)xs.size(), mean(xs), sample_sd(xs), lo, hi);
}

std::optional<Interval> nps_ci(long long promoters, long long detractors, long long n) {
  if (n <= 0 || promoters < 0 || detractors < 0 || promoters + detractors > n) return std::nullopt;
  // docs/statistics.md, "NPS": Newcombe's square-and-add (MOVER) for p - d from the
  // Wilson limits of p and d and the correlation of their estimates in a multinomial.
  const double nn = double(n), p = double(promoters) / nn, d = double(detractors) / nn;
  const auto [lp, up] = wilson_share(p, nn);
  const auto [ld, ud] = wilson_share(d, nn);
  const double den = (1 - p) * (1 - d);
  const double phi = den > 0 ? -std::sqrt(p * d / den) : 0.0;
  auto spread = [phi](double a, double b) {
    return std::sqrt(std::max(0.0, a * a - 2 * phi * a * b + b * b));
  };
  const double low = (p - d) - spread(p - lp, ud - d);
  const double high = (p - d) + spread(up - p, d - ld);
  return Interval{std::max(-100.0, 100 * low), std::min(100.0, 100 * high)};
}

std::optional<double> quantile(std::vector<double>& xs, double q) {
  if (xs.empty() || !(q >= 0 && q <= 1)) return std::nullopt;
  // Type 7 (R's default, numpy's "linear"): h = (n-1)q between ranks floor(h) and +1.
  const double h = double(xs.size() - 1) * q;
  const size_t lo = size_t(std::floor(h));
  std::nth_element(xs.begin(), xs.begin() + lo, xs.end());
  const double x_lo = xs[lo];
  if (lo + 1 >= xs.size()) return x_lo;
  const double x_hi = *std::min_element(xs.begin() + lo + 1, xs.end());
  return x_lo + (h - double(lo)) * (x_hi - x_lo);
}

std::optional<std::pair<long long, long long>> quantile_ci_ranks(long long count, double q) {
  const double n = double(count);
  if (count <= 0 || !(q > 0 && q < 1)) return std::nullopt;
  // docs/statistics.md, "Quantiles": ranks from the normal approximation to the
  // binomial count of observations below the quantile, widened outwards.
  const double spread = kZ95 * std::sqrt(n * q * (1 - q));
  const long long j = (long long)std::floor(n * q - spread);
  const long long k = (long long)std::ceil(n * q + spread);
  if (j < 1 || k > count) return std::nullopt;
  return std::pair{j, k};
}

std::optional<Interval> quantile_ci(const std::vector<double>& sorted, double q) {
  auto r = quantile_ci_ranks((long long)sorted.size(), q);
  if (!r) return std::nullopt;
  return Interval{sorted[size_t(r->first - 1)], sorted[size_t(r->second - 1)]};
}

}  // namespace dp::kpi
