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

std::optional<Interval> mean_ci(const std::vector<double>& xs) {
  if (xs.size() < 2) return std::nullopt;
  const double n = double(xs.size()), m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return t_interval((long long)xs.size(), m, std::sqrt(ss / (n - 1)));
}

std::optional<Interval> t_interval(long long n, double m, double sd) {
  if (n < 2) return std::nullopt;
  // docs/statistics.md, "Means: Student t interval".
  // t(n-1) depends on n only; many figures share an n.
  thread_local std::unordered_map<long long, double> t_of_n;
  auto [it, fresh] = t_of_n.try_emplace(n, 0.0);
  if (fresh) {
    boost::math::students_t dist(double(n - 1));
    it->second = boost::math::quantile(boost::math::complement(dist, 0.025));
  }
  const double t = it->second;
  const double half = t * sd / std::sqrt(double(n));
  return Interval{m - half, m + half};
}

std::optional<Interval> nps_ci(long long promoters, long long detractors, long long n) {
  if (n <= 0 || promoters < 0 || detractors < 0 || promoters + detractors > n) return std::nullopt;
  // docs/statistics.md, "NPS": multinomial variance of p - d.
  const double p = double(promoters) / double(n), d = double(detractors) / double(n);
  const double nps = p - d;
  const double var = (p + d - nps * nps) / double(n);
  const double half = kZ95 * std::sqrt(std::max(0.0, var));
  return Interval{std::max(-100.0, 100 * (nps - half)), std::min(100.0, 100 * (nps + half))};
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
