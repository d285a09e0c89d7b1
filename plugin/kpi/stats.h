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

// 95% interval for the mean of a non-negative duration, on the log scale
// (docs/statistics.md, "Means of durations"): mean * exp(+-h) with
// h = t(0.975; n-1) * (sd / mean) / sqrt(n) * (1 + 1/n). Never below 0, longer upwards.
// nullopt when n < 2 or a value is negative; [0, 0] when every value is 0.
std::optional<Interval> mean_ci(const std::vector<double>& xs);
// The same from a sample's summary (sd with divisor n - 1); nullopt when n < 2 or mean < 0.
std::optional<Interval> duration_mean_ci(long long n, double mean, double sd);

// 95% interval for a mean score on the scale [lo, hi] (docs/statistics.md, "Mean
// scores"): the Wilson interval of the rescaled mean with the effective sample size
// n * u(1-u) / var (at most n^2). Inside [lo, hi]. nullopt when n < 2 or lo >= hi.
std::optional<Interval> score_mean_ci(long long n, double mean, double sd, double lo, double hi);
std::optional<Interval> score_mean_ci(const std::vector<double>& xs, double lo, double hi);

// NPS interval (in NPS points, -100..100): Newcombe's square-and-add (MOVER) on the
// difference of the promoter and detractor shares, from their Wilson intervals and
// their multinomial correlation. nullopt if n == 0. `n` counts every response.
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

// mean +- t(n-1) * sd / sqrt(n): the textbook interval, no longer used for a figure
// (it leaves the possible range on skewed or bounded data); kept for comparison.
std::optional<Interval> t_interval(long long n, double mean, double sd);
// t(0.975; n-1), n >= 2.
double t975(long long n);
// Sample standard deviation (divisor n - 1) of xs; 0 when fewer than 2 values.
double sample_sd(const std::vector<double>& xs);

// Arithmetic mean; NaN when empty (a missing value must not read as 0).
double mean(const std::vector<double>& xs);

}  // namespace dp::kpi
