// The forecast on seeded series with a known weekly profile and trend (docs/staffing.md,
// "Forecast" and "Validation"), with a missing week, and interval slots on DST days.
#include "staffing/forecast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "kpi/windows.h"

namespace dp::staffing {
namespace {

using namespace std::chrono;

kpi::Window week(const std::string& label, const std::string& zone = "UTC") {
  return *kpi::parse_period(label, zone);
}

// Expected calls in a half hour: weekdays 8:00-18:00 with a late-morning peak, quiet
// weekends; Monday busiest.
double profile(const Slot& s) {
  const double h = s.minute / 60.0;
  if (s.weekday >= 5) return (h >= 10 && h < 16) ? 3 : 0;
  if (h < 8 || h >= 18) return 0.5;
  const double peak = 20 * std::exp(-std::pow((h - 11) / 2.5, 2)) + 6;
  return peak * (s.weekday == 0 ? 1.3 : 1.0);
}

// `weeks` weeks of Poisson arrivals ending at `end` (exclusive), the expected level
// growing by `growth` per week, as offered times spread evenly in each slot.
std::vector<Time> series(const kpi::Window& end_week, int weeks, double growth, unsigned seed,
                         int skip_week = -1) {
  std::mt19937 rng(seed);
  std::vector<Time> out;
  kpi::Window w = end_week;
  for (int back = 1; back <= weeks; ++back) {
    w = kpi::previous(w, "UTC");
    if (back == skip_week) continue;
    const double level = std::pow(1 + growth, weeks - back);
    for (const Slot& s : week_slots(w.from, w.to, Seconds{1800}, "UTC")) {
      std::poisson_distribution<int> n(profile(s) * level);
      const int k = n(rng);
      for (int i = 0; i < k; ++i) out.push_back(s.start + Seconds{(1800 * i) / std::max(1, k)});
    }
  }
  return out;
}

// The forecast against the true expected counts of the target week.
double wape_vs_truth(const Forecast& f, double level) {
  double err = 0, total = 0;
  for (size_t i = 0; i < f.slots.size(); ++i) {
    const double truth = profile(f.slots[i]) * level;
    err += std::abs(f.value[i].value_or(0) - truth);
    total += truth;
  }
  return err / total;
}

double sum(const Forecast& f) {
  double s = 0;
  for (auto v : f.value) s += v.value_or(0);
  return s;
}

TEST(Forecast, RecoversAKnownWeeklyProfileAndTrend) {
  const auto target = week("2026-W50");
  const double growth = 0.03;  // 3% a week
  auto calls = series(target, 10, growth, 1);
  const Time from = target.from - weeks{10};
  Forecast f = forecast(calls, from, target.from, target, {});
  ASSERT_TRUE(f.reason.empty()) << f.reason;
  EXPECT_EQ(f.slots.size(), 7u * 48);
  EXPECT_EQ(f.weeks_used, 8);
  ASSERT_TRUE(f.trended);
  // The target week's level is (1.03)^10 of the oldest week's; the mean of the 8 weeks
  // looked at sits 4.5 weeks before it, so the trend should be about 1.03^4.5 = 1.14.
  const double level = std::pow(1 + growth, 10);
  EXPECT_NEAR(f.trend, std::pow(1 + growth, 4.5), 0.05);
  double truth_total = 0;
  for (const auto& s : f.slots) truth_total += profile(s) * level;
  EXPECT_NEAR(sum(f) / truth_total, 1.0, 0.05);  // weekly total within 5%
  // Per interval within 12% (WAPE against the true rates): the floor is the Poisson noise
  // of an 8-week mean, about 8% for this profile (nights at 0.5 calls per interval).
  EXPECT_LT(wape_vs_truth(f, level), 0.12);
  // Measured on held-back weeks: the Poisson noise of single weeks, about 15-25% here.
  ASSERT_TRUE(f.wape);
  EXPECT_EQ(f.backtest_weeks, 4);
  EXPECT_GT(*f.wape, 0.05);
  EXPECT_LT(*f.wape, 0.30);
}

TEST(Forecast, AMissingWeekIsAGapNotZeroCalls) {
  const auto target = week("2026-W50");
  auto calls = series(target, 10, 0.0, 2, /*skip_week=*/3);
  const Time from = target.from - weeks{10};
  Forecast f = forecast(calls, from, target.from, target, {});
  ASSERT_TRUE(f.reason.empty());
  ASSERT_EQ(f.weeks.size(), 8u);
  EXPECT_EQ(f.weeks[2].use, "gap");
  EXPECT_EQ(f.weeks[2].arrivals, 0);
  EXPECT_EQ(f.weeks_used, 7);
  double truth_total = 0;
  for (const auto& s : f.slots) truth_total += profile(s);
  EXPECT_NEAR(sum(f) / truth_total, 1.0, 0.05);  // a zero week would pull it down 1/8
  EXPECT_LT(wape_vs_truth(f, 1.0), 0.12);
}

TEST(Forecast, PartWeeksFeedTheProfileNotTheTrend) {
  const auto target = week("2026-W50");
  auto calls = series(target, 3, 0.0, 3);
  // The data starts on the Thursday of the oldest week.
  const Time from = target.from - weeks{3} + days{3};
  std::erase_if(calls, [&](Time t) { return t < from; });
  Forecast f = forecast(calls, from, target.from, target, {});
  ASSERT_EQ(f.weeks.size(), 3u);
  EXPECT_EQ(f.weeks[2].use, "part");
  EXPECT_FALSE(f.trended);  // two whole weeks: no trend
  EXPECT_EQ(f.backtest_weeks, 2);
  for (auto v : f.value) EXPECT_TRUE(v.has_value());
}

TEST(Forecast, NoHistoryHasAReason) {
  const auto target = week("2026-W50");
  Forecast f = forecast({}, target.to, target.to + weeks{1}, target, {});
  EXPECT_FALSE(f.reason.empty());
  for (auto v : f.value) EXPECT_FALSE(v.has_value());
  // Data only on Mondays: other weekdays were never observed, so no number for them.
  const Time monday = target.from - weeks{1};
  Forecast g = forecast({monday + hours{9}}, monday, monday + days{1}, target, {});
  ASSERT_TRUE(g.reason.empty());
  EXPECT_TRUE(g.value[18].has_value());        // Monday 09:00
  EXPECT_FALSE(g.value[48 + 18].has_value());  // Tuesday 09:00
}

// A DST day has 23 or 25 hours: 46 or 50 half-hour intervals, on local edges.
TEST(Slots, DstDaysHave23Or25Hours) {
  const std::string rome = "Europe/Rome";
  const auto autumn = week("2026-W43", rome);  // Sunday 25 October: clocks go back
  auto slots = week_slots(autumn.from, autumn.to, Seconds{1800}, rome);
  EXPECT_EQ(slots.size(), 7u * 48 + 2);
  int sunday_0100 = 0;
  for (const auto& s : slots) sunday_0100 += s.weekday == 6 && s.minute == 60;
  EXPECT_EQ(sunday_0100, 1);  // 02:00-03:00 repeats in Rome, not 01:00
  int sunday_0200 = 0;
  for (const auto& s : slots) sunday_0200 += s.weekday == 6 && s.minute == 120;
  EXPECT_EQ(sunday_0200, 2);
  const auto spring = week("2027-W12", rome);  // Sunday 28 March 2027: clocks go forward
  auto spring_slots = week_slots(spring.from, spring.to, Seconds{3600}, rome);
  EXPECT_EQ(spring_slots.size(), 7u * 24 - 1);
  for (const auto& s : spring_slots) EXPECT_EQ(s.minute % 60, 0);
  auto days = week_slots(autumn.from, autumn.to, std::chrono::days{1}, rome);
  ASSERT_EQ(days.size(), 7u);
  EXPECT_EQ(days[6].length, hours{25});
  EXPECT_EQ(days[0].length, hours{24});
}

TEST(Wape, IsAbsoluteErrorOverActual) {
  EXPECT_DOUBLE_EQ(*wape({10.0, 0.0, std::nullopt}, {8, 2, 100}), 4.0 / 10);
  EXPECT_FALSE(wape({1.0}, {0}));
}

}  // namespace
}  // namespace dp::staffing
