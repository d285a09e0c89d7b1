#include "report/change.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>

namespace dp::report {
namespace {

double two_sided_normal(double z) {
  return std::erfc(std::abs(z) / std::sqrt(2.0));
}

constexpr double kZ95 = 1.959963984540054;

}  // namespace

Change test_change(const kpi::Row& now, const kpi::Row& before) {
  Change c;
  if (!now.value || !before.value) return c;
  const double delta = *now.value - *before.value;
  if (now.unit == "%" && now.stat == "rate") {
    if (now.n <= 0 || before.n <= 0) return c;
    const double n1 = double(now.n), n2 = double(before.n);
    const double x1 = *now.value / 100 * n1, x2 = *before.value / 100 * n2;
    const double pooled = (x1 + x2) / (n1 + n2);
    c.tested = true;
    c.method = "two-proportion z";
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    c.p = se > 0 ? two_sided_normal((x1 / n1 - x2 / n2) / se) : (delta == 0 ? 1 : 0);
    return c;
  }
  if (now.stat == "count") {
    const auto x1 = static_cast<long long>(std::llround(*now.value));
    const auto x2 = static_cast<long long>(std::llround(*before.value));
    if (x1 < 0 || x2 < 0 || x1 + x2 == 0) return c;
    const double t1 = double((now.window.to - now.window.from).count());
    const double t2 = double((before.window.to - before.window.from).count());
    c.tested = true;
    c.method = "conditional binomial";
    c.p = count_change_p(x1, x2, t1 > 0 && t2 > 0 ? t1 / (t1 + t2) : 0.5);
    return c;
  }
  if (now.ci && before.ci) {
    const double se1 = (now.ci->second - now.ci->first) / (2 * kZ95);
    const double se2 = (before.ci->second - before.ci->first) / (2 * kZ95);
    const double se = std::sqrt(se1 * se1 + se2 * se2);
    if (!(se > 0)) return c;
    c.tested = true;
    c.method = "interval z";
    c.p = two_sided_normal(delta / se);
  }
  return c;
}

double count_change_p(long long now, long long before, double share) {
  if (now < 0 || before < 0 || now + before == 0) return 1;
  // Given now + before events, now ~ Binomial(now + before, share) when nothing changed.
  boost::math::binomial_distribution<double> b(double(now + before), share);
  const double lower = boost::math::cdf(b, double(now));
  const double upper =
      now == 0 ? 1.0 : boost::math::cdf(boost::math::complement(b, double(now - 1)));
  return std::min(1.0, 2 * std::min(lower, upper));
}

bool beyond_spread(double now, double previous, const std::vector<std::optional<double>>& trend) {
  std::vector<double> moves;
  std::optional<double> last;
  for (const auto& v : trend) {
    if (!v) continue;
    if (last) moves.push_back(*v - *last);
    last = v;
  }
  if (moves.size() < 3) return true;
  double mean = 0;
  for (double m : moves) mean += m;
  mean /= double(moves.size());
  double ss = 0;
  for (double m : moves) ss += (m - mean) * (m - mean);
  const double sd = std::sqrt(ss / double(moves.size() - 1));
  return std::abs(now - previous) > 2 * sd;
}

void control_false_discoveries(std::vector<Change*>& changes, double q) {
  std::vector<Change*> tested;
  for (Change* c : changes)
    if (c->tested) tested.push_back(c);
  std::stable_sort(tested.begin(), tested.end(),
                   [](const Change* a, const Change* b) { return a->p < b->p; });
  // The largest rank k with p(k) <= k/m * q; every change up to it is a discovery.
  size_t kept = 0;
  const double m = double(tested.size());
  for (size_t k = 1; k <= tested.size(); ++k)
    if (tested[k - 1]->p <= double(k) / m * q) kept = k;
  for (size_t i = 0; i < tested.size(); ++i)
    tested[i]->significant = i < kept && tested[i]->beyond_spread;
}

}  // namespace dp::report
