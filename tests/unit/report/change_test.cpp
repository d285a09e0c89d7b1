// A change is called a change only when it is larger than the figure's normal
// variation: the tests per statistic, the false-discovery control, the trend's spread,
// and what a lead reads on the demo data and on a real step change.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "report/change.h"
#include "report/highlights.h"
#include "report/model.h"

namespace dp::report::test {
namespace {

kpi::Row rate(double percent, long long n) {
  kpi::Row r;
  r.kpi = "csat";
  r.stat = "rate";
  r.unit = "%";
  r.value = percent;
  r.n = n;
  return r;
}

kpi::Row count(double v, int days = 7) {
  kpi::Row r;
  r.kpi = "request_volume";
  r.stat = "count";
  r.unit = "count";
  r.value = v;
  r.n = static_cast<long long>(v);
  r.window.to = r.window.from + std::chrono::days(days);
  return r;
}

// The report's own example: CSAT 11/22 then 14/22 is p = 0.36 (two-proportion z), not
// news; 50/100 then 80/100 is.
TEST(Change, RatesByTwoProportions) {
  const Change noise = test_change(rate(100.0 * 14 / 22, 22), rate(50, 22));
  EXPECT_TRUE(noise.tested);
  EXPECT_NEAR(noise.p, 0.36, 0.01);
  const Change real = test_change(rate(80, 100), rate(50, 100));
  EXPECT_LT(real.p, 0.001);
  EXPECT_STREQ(real.method, "two-proportion z");
}

// Counts by the conditional binomial test: 155 requests then 0 is a change; 100 then
// 110 is not; 0 and 0 cannot be tested.
TEST(Change, CountsByTheConditionalBinomial) {
  EXPECT_LT(test_change(count(0), count(155)).p, 1e-9);
  EXPECT_GT(test_change(count(110), count(100)).p, 0.4);
  EXPECT_FALSE(test_change(count(0), count(0)).tested);
  // Exact: 10 vs 2 events in equal windows, P = 2 * P(X >= 10 | n=12, 1/2) = 0.0386.
  EXPECT_NEAR(count_change_p(10, 2), 0.0386, 0.0005);
  // A month of 31 days against one of 30 expects a little more.
  EXPECT_GT(test_change(count(310, 31), count(300, 30)).p, 0.9);
}

TEST(Change, OtherFiguresByTheirIntervals) {
  kpi::Row now, before;
  now.value = 600;
  now.n = before.n = 40;
  now.ci = {{500, 700}};
  before.value = 300;
  before.ci = {{250, 350}};
  before.stat = now.stat = "median";
  const Change c = test_change(now, before);
  EXPECT_TRUE(c.tested);
  EXPECT_LT(c.p, 0.001);
  before.ci.reset();
  EXPECT_FALSE(test_change(now, before).tested);  // no interval: never called a change
}

// Benjamini-Hochberg at 0.05 over four tests: 0.001 and 0.01 are kept (0.01 <= 2/4 *
// 0.05), 0.04 is not (> 3/4 * 0.05); a kept change inside the trend's spread is not
// significant.
TEST(Change, FalseDiscoveryControlAndSpread) {
  std::vector<Change> c(5);
  const double p[] = {0.04, 0.001, 0.2, 0.01};
  for (int i = 0; i < 4; ++i) c[i].tested = true, c[i].p = p[i];
  c[3].beyond_spread = false;
  std::vector<Change*> all;
  for (auto& x : c) all.push_back(&x);
  control_false_discoveries(all);
  EXPECT_FALSE(c[0].significant);
  EXPECT_TRUE(c[1].significant);
  EXPECT_FALSE(c[2].significant);
  EXPECT_FALSE(c[3].significant);  // kept by BH, but within the spread
  EXPECT_FALSE(c[4].significant);  // not tested

  // Weekly values moving by about +-10: a move of 12 is normal, 30 is not.
  const std::vector<std::optional<double>> trend{60, 70, 61, 72, std::nullopt, 63, 70};
  EXPECT_FALSE(beyond_spread(82, 70, trend));
  EXPECT_TRUE(beyond_spread(100, 70, trend));
  EXPECT_TRUE(beyond_spread(71, 70, {70, 71}));  // too few moves to judge by
}

// On the demo data every change a highlight names is significant, and every "vs"
// change the report colours is one of them.
TEST(Change, DemoHighlightsNameOnlySignificantChanges) {
  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  const auto ctx = context_for(data);
  const Model m = build_model(data, ctx, "billing", last_week(opt), 8);
  const auto lines = highlights(m);
  ASSERT_FALSE(lines.empty());
  for (const Section* s : {&m.tickets, &m.calls, &m.customers})
    for (const Figure& f : s->figures)
      for (const auto& l : lines)
        if (l.rfind(f.label + " ", 0) == 0) {
          EXPECT_TRUE(f.change.significant) << l;
        }
}

// A real step change: the billing team's requests in the report week cut to a fifth.
// The highlight names the drop; the same data without the cut says the figures moved
// within normal variation or names only significant changes.
TEST(Change, AStepChangeIsCalledAndNamed) {
  gen::GenOptions opt;
  Records data = gen::generate(opt);
  const auto ctx = context_for(data);
  const kpi::Window week = last_week(opt);
  std::vector<Ticket> kept;
  size_t i = 0;
  for (auto& t : data.tickets)
    if (!(t.created_at >= week.from && t.created_at < week.to && t.queue == "billing" &&
          i++ % 5 != 0))
      kept.push_back(t);
  data.tickets = kept;
  const Model m = build_model(data, ctx, "billing", week, 8);
  const Figure* volume = nullptr;
  for (const Figure& f : m.tickets.figures)
    if (f.row.kpi == "request_volume") volume = &f;
  ASSERT_TRUE(volume);
  EXPECT_TRUE(volume->change.significant) << volume->change.p;
  const auto lines = highlights(m);
  bool named = false;
  for (const auto& l : lines) named = named || l.rfind(volume->label + " fell", 0) == 0;
  EXPECT_TRUE(named) << lines.front();
}

// Target status: met or missed only when the interval is clear of the target.
TEST(Change, TargetStatusNeedsTheIntervalClearOfTheTarget) {
  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  kpi::Context ctx = context_for(data);
  const kpi::Window week = last_week(opt);
  auto csat = [&](double target) {
    ctx.options.targets.kpi["csat"] = target;
    const Model m = build_model(data, ctx, "billing", week, 1);
    for (const Figure& f : m.headline)
      if (f.row.kpi == "csat") return f;
    return Figure{};
  };
  const Figure f = csat(85);
  ASSERT_TRUE(f.row.value && f.row.ci);
  const auto [lo, hi] = *f.row.ci;
  EXPECT_EQ(csat(lo - 1).status, Status::met);
  EXPECT_EQ(csat(hi + 1).status, Status::missed);
  EXPECT_EQ(csat(*f.row.value).status, Status::close);
  EXPECT_EQ(csat((lo + hi) / 2).status, Status::close);
}

}  // namespace
}  // namespace dp::report::test
