#include "kpi/stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dp::kpi {
namespace {

constexpr double kTol = 1e-4;

// Expected values computed by hand from the formulas in docs/statistics.md.
TEST(Wilson, EightOfTen) {
  auto ci = wilson(8, 10);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 0.4902, kTol);
  EXPECT_NEAR(ci->second, 0.9433, kTol);
}

TEST(Wilson, ExtremesStayInsideZeroOne) {
  auto none = wilson(0, 10);
  ASSERT_TRUE(none);
  EXPECT_DOUBLE_EQ(none->first, 0.0);
  EXPECT_NEAR(none->second, 0.2775, kTol);
  auto all = wilson(10, 10);
  ASSERT_TRUE(all);
  EXPECT_NEAR(all->first, 0.7225, kTol);
  EXPECT_LE(all->second, 1.0);
  EXPECT_NEAR(all->second, 1.0, 1e-12);
}

TEST(Wilson, NoSampleOrImpossibleCounts) {
  EXPECT_FALSE(wilson(0, 0));
  EXPECT_FALSE(wilson(11, 10));
  EXPECT_FALSE(wilson(-1, 10));
}

// Issue 19: durations now get the log-scale interval (was Student t, 3.2125..6.7875).
TEST(MeanCi, LogScale) {
  // mean 5, s = sqrt(32/7) = 2.13809, t(7, 0.975) = 2.364624,
  // h = 2.364624 * (2.13809 / 5) / sqrt(8) * (1 + 1/8) = 0.402184 -> 5 e^-h, 5 e^h.
  auto ci = mean_ci({2, 4, 4, 4, 5, 5, 7, 9});
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 3.344286, 1e-5);
  EXPECT_NEAR(ci->second, 7.475438, 1e-5);
  auto t = t_interval(8, 5, std::sqrt(32.0 / 7));  // the textbook one, for comparison
  ASSERT_TRUE(t);
  EXPECT_NEAR(t->first, 3.212512, 1e-5);
  EXPECT_NEAR(t->second, 6.787488, 1e-5);
}

TEST(MeanCi, NeverBelowZero) {
  // The frt mean at n = 4 (mean 2814.25 s, sd 2239.69 s): t gave [-749.6, 6378.1].
  auto ci = duration_mean_ci(4, 2814.25, 2239.69);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 577.96, 0.01);
  EXPECT_NEAR(ci->second, 13703.38, 0.01);
  auto zeros = mean_ci({0, 0, 0});
  ASSERT_TRUE(zeros);
  EXPECT_EQ(*zeros, (Interval{0, 0}));
  auto with_zero = mean_ci({0, 0, 30});
  ASSERT_TRUE(with_zero);
  EXPECT_GT(with_zero->first, 0.0);
  EXPECT_FALSE(mean_ci({-1, 2}));  // not a duration
}

TEST(ScoreMeanCi, InsideTheScale) {
  // 1, 5, 5, 5 on 1-5: t gave [0.82, 7.18]. u = .75, var(u) = .1875 (divisor n):
  // effective n = 4 * .1875 / .1875 = 4, Wilson(.75, 4) on 1-5.
  auto ci = score_mean_ci({1, 5, 5, 5}, 1, 5);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 2.202567, 1e-5);
  EXPECT_NEAR(ci->second, 4.817651, 1e-5);
  auto top = score_mean_ci({5, 5, 5}, 1, 5);  // Wilson's 3 of 3, not a zero width
  ASSERT_TRUE(top);
  EXPECT_NEAR(top->first, 1 + 4 * 0.438503, 1e-5);
  EXPECT_DOUBLE_EQ(top->second, 5.0);
  EXPECT_FALSE(score_mean_ci({5.0}, 1, 5));
}

TEST(MeanCi, NeedsTwoValues) {
  EXPECT_FALSE(mean_ci({}));
  EXPECT_FALSE(mean_ci({3.0}));
  auto same = mean_ci({4, 4, 4});
  ASSERT_TRUE(same);
  EXPECT_DOUBLE_EQ(same->first, 4.0);
  EXPECT_DOUBLE_EQ(same->second, 4.0);
}

TEST(Mean, EmptyIsNaNNotZero) {
  EXPECT_TRUE(std::isnan(mean({})));
  EXPECT_DOUBLE_EQ(mean({1, 2, 6}), 3.0);
}

// Issue 19: MOVER with Wilson limits (was Wald, [14.6922, 45.3078]).
TEST(NpsCi, SquareAndAdd) {
  // p = .5, d = .2: Wilson [.4038, .5962] and [.1333, .2888], correlation -.3333.
  auto ci = nps_ci(50, 20, 100);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 13.9745, kTol);
  EXPECT_NEAR(ci->second, 44.1762, kTol);
}

TEST(NpsCi, InsideTheScale) {
  // 9 promoters and a passive of 10: Wald gave [71.4, 100] (clamped); the detractor
  // share may be up to Wilson's 27.8%, the promoters' at most 98.2%.
  auto ci = nps_ci(9, 0, 10);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->first, 48.8258, kTol);
  EXPECT_NEAR(ci->second, 98.2124, kTol);
  auto all = nps_ci(10, 0, 10);
  ASSERT_TRUE(all);
  EXPECT_DOUBLE_EQ(all->second, 100.0);
  EXPECT_LT(all->first, 100.0);  // no zero width at 10 of 10
  auto low = nps_ci(0, 9, 10);
  ASSERT_TRUE(low);
  EXPECT_NEAR(low->first, -98.2124, kTol);
  EXPECT_FALSE(nps_ci(0, 0, 0));
  EXPECT_FALSE(nps_ci(6, 5, 10));
}

TEST(Quantile, Type7) {
  std::vector<double> xs{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(*quantile(xs, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(*quantile(xs, 0.9), 3.7);  // h = 2.7: 3 + .7 * (4 - 3)
  EXPECT_DOUBLE_EQ(*quantile(xs, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(*quantile(xs, 1.0), 4.0);
  std::vector<double> one{5};
  EXPECT_DOUBLE_EQ(*quantile(one, 0.9), 5.0);
  std::vector<double> none;
  EXPECT_FALSE(quantile(none, 0.5));
  EXPECT_FALSE(quantile(xs, 1.5));
}

std::vector<double> one_to(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

TEST(QuantileCi, OrderStatistics) {
  // Median of 100: 50 -+ 1.959964 * 5 = 40.2 .. 59.8 -> ranks 40 and 60.
  auto med = quantile_ci(one_to(100), 0.5);
  ASSERT_TRUE(med);
  EXPECT_DOUBLE_EQ(med->first, 40);
  EXPECT_DOUBLE_EQ(med->second, 60);
  // p90 of 100: 90 -+ 1.959964 * 3 = 84.12 .. 95.88 -> ranks 84 and 96.
  auto p90 = quantile_ci(one_to(100), 0.9);
  ASSERT_TRUE(p90);
  EXPECT_DOUBLE_EQ(p90->first, 84);
  EXPECT_DOUBLE_EQ(p90->second, 96);
  // Median of 10: 5 -+ 3.099 -> ranks 1 and 9.
  auto small = quantile_ci(one_to(10), 0.5);
  ASSERT_TRUE(small);
  EXPECT_DOUBLE_EQ(small->first, 1);
  EXPECT_DOUBLE_EQ(small->second, 9);
}

TEST(QuantileCi, TooFewForAnInterval) {
  EXPECT_FALSE(quantile_ci(one_to(10), 0.9));  // upper rank 11 > 10
  EXPECT_FALSE(quantile_ci(one_to(5), 0.5));   // lower rank 0
  EXPECT_FALSE(quantile_ci({}, 0.5));
}

TEST(QuantileCi, SmallestSamples) {
  // Median: n = 7 gives rank 0; n = 8 gives 4 -+ 2.77 -> ranks 1 and 7.
  EXPECT_FALSE(quantile_ci(one_to(7), 0.5));
  auto med = quantile_ci(one_to(8), 0.5);
  ASSERT_TRUE(med);
  EXPECT_DOUBLE_EQ(med->first, 1);
  EXPECT_DOUBLE_EQ(med->second, 7);
  // p90: n = 34 gives rank 35; n = 35 gives 31.5 -+ 3.48 -> ranks 28 and 35.
  EXPECT_FALSE(quantile_ci(one_to(34), 0.9));
  auto p90 = quantile_ci(one_to(35), 0.9);
  ASSERT_TRUE(p90);
  EXPECT_DOUBLE_EQ(p90->first, 28);
  EXPECT_DOUBLE_EQ(p90->second, 35);
}

}  // namespace
}  // namespace dp::kpi
