// Statistics with honest uncertainty (docs/statistics.md).
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace dp::kpi {

using Interval = std::pair<double, double>;

// Two-sided 95% normal quantile, used by every interval here.
inline constexpr double kZ95 = 1.959964;

// Wilson score interval (95%) for k successes of n, as proportions 0..1. nullopt if n == 0
// (or k outside 0..n).
std::optional<Interval> wilson(long long k, long long n);

// 95% interval for a mean: Student t with n-1 degrees of freedom (Boost.Math).
// nullopt when n < 2.
std::optional<Interval> mean_ci(const std::vector<double>& xs);

// NPS interval (in NPS points, -100..100): normal approximation on the difference of
// the promoter and detractor proportions (multinomial variance). nullopt if n == 0.
// `n` counts every response (passives too).
std::optional<Interval> nps_ci(long long promoters, long long detractors, long long n);

// Exact quantile with linear interpolation (type 7). q in [0,1]. `xs` is reordered.
// nullopt when empty.
std::optional<double> quantile(std::vector<double>& xs, double q);

// 95% distribution-free interval for a quantile from order statistics (binomial);
// nullopt when n is too small to give one (a rank would fall outside 1..n) or q is not
// strictly inside (0,1). `sorted` must be ascending.
std::optional<Interval> quantile_ci(const std::vector<double>& sorted, double q);
// The 1-based ranks (j, k) of that interval among n values; nullopt as above.
std::optional<std::pair<long long, long long>> quantile_ci_ranks(long long n, double q);

// mean +- t(n-1) * sd / sqrt(n), the interval of mean_ci(), from a sample's summary.
std::optional<Interval> t_interval(long long n, double mean, double sd);

// Arithmetic mean; NaN when empty (a missing value must not read as 0).
double mean(const std::vector<double>& xs);

}  // namespace dp::kpi
