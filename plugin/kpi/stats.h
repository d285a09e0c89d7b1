// Statistics with honest uncertainty (docs/kpis.md, "Intervals").
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace dp::kpi {

using Interval = std::pair<double, double>;

// Wilson score interval (95%) for k successes of n, as proportions 0..1. nullopt if n == 0.
std::optional<Interval> wilson(long long k, long long n);

// 95% interval for a mean: Student t with n-1 degrees of freedom (Boost.Math).
// nullopt when n < 2.
std::optional<Interval> mean_ci(const std::vector<double>& xs);

// NPS interval (in NPS points, -100..100): normal approximation on the difference of
// the promoter and detractor proportions (multinomial variance). nullopt if n == 0.
std::optional<Interval> nps_ci(long long promoters, long long detractors, long long n);

// Exact quantile with linear interpolation (type 7). q in [0,1]. `xs` is reordered.
// nullopt when empty.
std::optional<double> quantile(std::vector<double>& xs, double q);

// 95% distribution-free interval for a quantile from order statistics (binomial);
// nullopt when n is too small to give one. `sorted` must be ascending.
std::optional<Interval> quantile_ci(const std::vector<double>& sorted, double q);

double mean(const std::vector<double>& xs);

}  // namespace dp::kpi
