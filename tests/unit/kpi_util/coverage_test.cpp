// Coverage of the 95% intervals (docs/statistics.md, "Measured coverage"): Monte Carlo
// for durations and scores (seeded, 2,000 replications per cell), exact enumeration of
// the binomial and trinomial outcomes for rates and NPS. Every interval must stay in the
// figure's possible range; coverage must stay in the bands stated below. The test
// prints the table of docs/statistics.md (`test_kpi_coverage` prints it on stdout).
#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "kpi/sample.h"
#include "kpi/stats.h"

namespace dp::kpi {
namespace {

constexpr int kReps = 2000;
const std::vector<int> kNs{3, 5, 10, 30, 100, 500};

struct Tally {
  int covered = 0, total = 0;
  double rate() const { return total ? double(covered) / double(total) : NAN; }
};

std::string pct(const Tally& t) {
  if (t.total == 0) return "—";
  char b[16];
  std::snprintf(b, sizeof b, "%.1f", 100 * t.rate());
  return b;
}

bool covers(const std::optional<Interval>& ci, double truth, Tally& t) {
  if (!ci) return false;
  ++t.total;
  t.covered += ci->first <= truth && truth <= ci->second;
  return true;
}

// Bands held (docs/statistics.md, "Measured coverage"): at least lo_large from n = 10,
// lo_small at n = 3 and 5; at most 0.985 from n = hi_from (below it an interval may be
// conservative: ranks and counts are whole numbers).
void expect_band(const Tally& t, int n, double lo_large, double lo_small, const std::string& what,
                 int hi_from = 3) {
  ASSERT_GT(t.total, 0) << what;
  const double lo = n >= 10 ? lo_large : lo_small;
  EXPECT_GE(t.rate(), lo) << what << " n=" << n;
  if (n >= hi_from) {
    EXPECT_LE(t.rate(), 0.985) << what << " n=" << n;
  }
}

// --- durations: mean (exact and sketched), median and p90 --------------------------------

struct Dist {
  const char* name;
  double mean, median, p90;
  std::function<double(std::mt19937_64&)> draw;
};

std::vector<Dist> dists() {
  const double scale = 600;  // seconds
  return {
      {"lognormal(σ=1)", scale * std::exp(0.5), scale, scale * std::exp(1.2815516),
       [scale](std::mt19937_64& g) {
         return scale * std::exp(std::normal_distribution<double>(0, 1)(g));
       }},
      {"exponential", scale, scale * std::log(2.0), scale * std::log(10.0),
       [scale](std::mt19937_64& g) { return std::exponential_distribution<double>(1 / scale)(g); }},
  };
}

TEST(Coverage, DurationsStayNonNegativeAndCover) {
  std::printf(
      "\n| durations | n | mean: t (before) | mean: log-scale | mean, sketched | median | p90 |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const Dist& d : dists()) {
    for (int n : kNs) {
      std::mt19937_64 g(1000 * uint64_t(n) + (d.name[0] == 'e'));
      Tally t_old, t_new, t_sketch, med, p90;
      for (int r = 0; r < kReps; ++r) {
        std::vector<double> xs(size_t(n), 0.0);
        Sample exact, sketch(Sample::Mode::sketch);
        for (auto& x : xs) {
          x = d.draw(g);
          exact.add(x);
          sketch.add(x);
        }
        covers(t_interval(n, mean(xs), sample_sd(xs)), d.mean, t_old);
        const auto ci = exact.mean_ci();
        ASSERT_TRUE(ci);
        ASSERT_GE(ci->first, 0.0);
        ASSERT_LE(ci->first, *exact.mean());
        ASSERT_GE(ci->second, *exact.mean());
        covers(ci, d.mean, t_new);
        const auto sci = sketch.mean_ci();
        ASSERT_TRUE(sci);
        ASSERT_GE(sci->first, 0.0);
        covers(sci, d.mean, t_sketch);
        for (auto [q, truth, tally] : {std::tuple{0.5, d.median, &med}, {0.9, d.p90, &p90}}) {
          if (auto qc = exact.quantile_ci(q)) {
            ASSERT_GE(qc->first, 0.0);
            covers(qc, truth, *tally);
          }
        }
      }
      std::printf("| %s | %d | %s | %s | %s | %s | %s |\n", d.name, n, pct(t_old).c_str(),
                  pct(t_new).c_str(), pct(t_sketch).c_str(), pct(med).c_str(), pct(p90).c_str());
      const std::string what = std::string(d.name) + " mean";
      // Lognormal(σ=1) is the hard case: no interval from n, sum and sum of squares
      // reaches 95% at n 10-30 (the sample sd misses the tail); 0.87 is held there.
      const bool lognormal = d.name[0] == 'l';
      expect_band(t_new, n, lognormal ? 0.87 : 0.90, 0.85, what);
      expect_band(t_sketch, n, lognormal ? 0.87 : 0.90, 0.85, what + " sketched");
      // Order statistics: exact ranks, so at least ~95% wherever an interval exists.
      if (med.total) expect_band(med, n, 0.93, 0.93, std::string(d.name) + " median", 30);
      if (p90.total) expect_band(p90, n, 0.93, 0.93, std::string(d.name) + " p90", 30);
    }
  }
}

// --- rates: exact binomial coverage of Wilson --------------------------------------------

TEST(Coverage, RatesStayIn0To100AndCover) {
  std::printf("\n| rate | n | Wilson |\n|---|---|---|\n");
  for (double p : {0.1, 0.5, 0.9}) {
    for (int n : kNs) {
      boost::math::binomial_distribution<double> b(n, p);
      double cov = 0;
      for (int k = 0; k <= n; ++k) {
        const auto ci = wilson(k, n);
        ASSERT_TRUE(ci);
        ASSERT_GE(ci->first, 0.0);
        ASSERT_LE(ci->second, 1.0);
        if (ci->first <= p && p <= ci->second) cov += boost::math::pdf(b, k);
      }
      std::printf("| p = %.1f | %d | %.1f |\n", p, n, 100 * cov);
      // Wilson's coverage oscillates with n and p; its known dips stay above 0.90 from
      // n = 10 and above 0.85 below (0.729 + 0.243 = 0.972 at p = 0.1, n = 3).
      EXPECT_GE(cov, n >= 10 ? 0.90 : 0.85) << p << " " << n;
      if (n >= 10) {
        EXPECT_LE(cov, 0.985) << p << " " << n;
      }
    }
  }
}

// --- NPS: exact trinomial coverage -------------------------------------------------------

// The interval before issue 19: Wald on p - d, clamped.
Interval nps_wald(long long pr, long long de, long long n) {
  const double p = double(pr) / double(n), d = double(de) / double(n), v = p - d;
  const double half = kZ95 * std::sqrt(std::max(0.0, (p + d - v * v) / double(n)));
  return {std::max(-100.0, 100 * (v - half)), std::min(100.0, 100 * (v + half))};
}

TEST(Coverage, NpsStaysWithin100AndCovers) {
  std::printf(
      "\n| NPS (promoters/passives/detractors) | n | Wald, clamped (before) | MOVER-Wilson |\n");
  std::printf("|---|---|---|---|\n");
  for (auto [p, d] : {std::pair{0.5, 0.2}, {0.3, 0.3}, {0.8, 0.05}, {0.15, 0.05}, {0.1, 0.7}}) {
    const double truth = 100 * (p - d);
    for (int n : kNs) {
      // log pmf of the trinomial, every (promoters, detractors).
      double cov = 0, cov_old = 0;
      for (int a = 0; a <= n; ++a) {
        for (int c = 0; a + c <= n; ++c) {
          const double lp = std::lgamma(n + 1.0) - std::lgamma(a + 1.0) - std::lgamma(c + 1.0) -
                            std::lgamma(n - a - c + 1.0) + a * std::log(p) + c * std::log(d) +
                            (n - a - c) * std::log(1 - p - d);
          const double w = std::exp(lp);
          const auto ci = nps_ci(a, c, n);
          ASSERT_TRUE(ci);
          ASSERT_GE(ci->first, -100.0);
          ASSERT_LE(ci->second, 100.0);
          const double v = 100.0 * (a - c) / n;
          ASSERT_LE(ci->first, v + 1e-9);
          ASSERT_GE(ci->second, v - 1e-9);
          if (ci->first <= truth && truth <= ci->second) cov += w;
          const auto old = nps_wald(a, c, n);
          if (old.first <= truth && truth <= old.second) cov_old += w;
        }
      }
      std::printf("| %.0f/%.0f/%.0f %% | %d | %.1f | %.1f |\n", 100 * p, 100 * (1 - p - d), 100 * d,
                  n, 100 * cov_old, 100 * cov);
      // Mostly passives (15/80/5) is conservative up to n = 30: the Wilson limits of two
      // small shares add up.
      EXPECT_GE(cov, n >= 10 ? 0.90 : 0.85) << p << " " << d << " " << n;
      if (n >= 10) {
        EXPECT_LE(cov, 0.99) << p << " " << d << " " << n;
      }
    }
  }
}

// --- mean scores (CES 1-7) ---------------------------------------------------------------

TEST(Coverage, ScoresStayOnTheirScaleAndCover) {
  std::printf("\n| CES 1-7 | n | t (before) | Wilson, effective n |\n|---|---|---|---|\n");
  const std::vector<std::vector<double>> shapes{{2, 3, 5, 10, 20, 30, 30}, {1, 1, 2, 4, 8, 24, 60}};
  for (size_t s = 0; s < shapes.size(); ++s) {
    std::discrete_distribution<int> pick(shapes[s].begin(), shapes[s].end());
    double truth = 0, total = 0;
    for (size_t i = 0; i < 7; ++i) truth += double(i + 1) * shapes[s][i], total += shapes[s][i];
    truth /= total;
    for (int n : kNs) {
      std::mt19937_64 g(77 * uint64_t(n) + s);
      Tally old, now;
      for (int r = 0; r < kReps; ++r) {
        std::vector<double> xs(static_cast<size_t>(n), 0.0);
        for (auto& x : xs) x = 1 + pick(g);
        covers(t_interval(n, mean(xs), sample_sd(xs)), truth, old);
        const auto ci = score_mean_ci(xs, 1, 7);
        ASSERT_TRUE(ci);
        ASSERT_GE(ci->first, 1.0);
        ASSERT_LE(ci->second, 7.0);
        covers(ci, truth, now);
      }
      std::printf("| mean %.2f | %d | %s | %s |\n", truth, n, pct(old).c_str(), pct(now).c_str());
      // 60% of answers on the top point: 0.87 held from n = 10 (t gave 0.865).
      expect_band(now, n, 0.87, 0.85, "ces");
    }
  }
}

}  // namespace
}  // namespace dp::kpi
