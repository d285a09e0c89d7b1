// Charts that do not exaggerate: axes from zero, durations scaled to the data with a far
// target named off the scale, intervals and n on the points, and no label outside the
// image, for the demo's reports and for shapes unlike the demo's.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures.h"
#include "report/charts.h"
#include "report/model.h"
#include "report/plots.h"

namespace dp::report::test {
namespace {

constexpr double kHour = 3600;

void expect_inside(const std::vector<TextBox>& texts, int width, int height,
                   const std::string& what) {
  ASSERT_FALSE(texts.empty()) << what;
  for (const TextBox& t : texts) {
    EXPECT_GE(t.x, 0) << what << ": '" << t.text << "'";
    EXPECT_GE(t.y, 0) << what << ": '" << t.text << "'";
    EXPECT_LE(t.x + t.w, width) << what << ": '" << t.text << "'";
    EXPECT_LE(t.y + t.h, height) << what << ": '" << t.text << "'";
  }
}

bool has_text(const std::vector<TextBox>& texts, const std::string& s) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const TextBox& t) { return t.text.find(s) != std::string::npos; });
}

TEST(ValueScale, RatesAndCountsStartAtZero) {
  // CSAT between 50% and 90%: the axis shows 0 to 100, not 50 to 90.
  const Scale csat =
      value_scale({50.0, 90.0, 68.2}, {Interval{30, 70}, Interval{75, 97}, {}}, 85.0, "%");
  EXPECT_EQ(csat.lo, 0);
  EXPECT_LE(csat.hi, 100);
  EXPECT_GE(csat.hi, 97);
  EXPECT_TRUE(csat.target_inside);
  const Scale count = value_scale({155.0, 160.0}, {}, std::nullopt, "count");
  EXPECT_EQ(count.lo, 0);
  EXPECT_EQ(count.hi, 160);
}

TEST(ValueScale, DurationsFollowTheDataAndAFarTargetIsLeftOut) {
  // First response around 40 minutes against a 4 h target: scaling to the target would
  // put the data in the bottom sixth.
  const Scale far = value_scale({0.6 * kHour, 0.7 * kHour}, {}, 4 * kHour, "s");
  EXPECT_EQ(far.lo, 0);
  EXPECT_DOUBLE_EQ(far.hi, 0.7 * kHour);
  EXPECT_FALSE(far.target_inside);
  // A target just above the data is drawn.
  const Scale near = value_scale({3 * kHour, 3.5 * kHour}, {}, 4 * kHour, "s");
  EXPECT_TRUE(near.target_inside);
  EXPECT_DOUBLE_EQ(near.hi, 4 * kHour);
  // A wide interval (n=3) pulls the axis to at most twice the largest value.
  const Scale wide = value_scale({1 * kHour}, {Interval{0.1 * kHour, 30 * kHour}}, {}, "s");
  EXPECT_DOUBLE_EQ(wide.hi, 2 * kHour);
  // NPS can be negative: the axis goes below zero, not further than twice the data.
  const Scale nps =
      value_scale({-20.0, 10.0}, {Interval{-100, 40}, Interval{-30, 50}}, {}, "score");
  EXPECT_DOUBLE_EQ(nps.lo, -40);
  EXPECT_DOUBLE_EQ(nps.hi, 20);
  // No data at all: a target still gives the axis a range.
  const Scale none = value_scale({std::nullopt}, {}, 80.0, "%");
  EXPECT_TRUE(none.target_inside);
  EXPECT_GT(none.hi, none.lo);
}

TEST(LineChart, ShowsZeroTheTargetOffScaleAndNUnderEachPeriod) {
  LinePlot p{"First response, median (business hours), per week",
             "Whiskers: 95% interval.",
             "ISO week",
             {"W45", "W46", "W47"},
             {0.6 * kHour, 0.7 * kHour, 0.5 * kHour},
             {Interval{0.4 * kHour, 0.9 * kHour}, std::nullopt, Interval{0.2 * kHour, 2 * kHour}},
             {40, 38, 4},
             {false, false, true},
             4 * kHour,
             "s"};
  const Picture pic = render(p, kChartWidth, kChartHeight);
  expect_inside(pic.texts, pic.width, pic.height, "frt chart");
  EXPECT_TRUE(has_text(pic.texts, "0m") || has_text(pic.texts, "0h")) << "axis from zero";
  EXPECT_TRUE(has_text(pic.texts, "target 4h \u2191 (off the scale)"));
  for (const char* n : {"n=40", "n=38", "n=4"}) EXPECT_TRUE(has_text(pic.texts, n)) << n;
  // The last period's label is whole and inside the image (it was clipped at the edge).
  EXPECT_TRUE(has_text(pic.texts, "W47"));
  EXPECT_TRUE(decode_png(pic.png).ok);
}

TEST(Charts, LongNamesManyAgentsAndAYearOfWeeksStayInsideTheImage) {
  Model m;
  m.period_kind = "week";
  m.min_sample = 10;
  for (int i = 1; i <= 53; ++i) {
    kpi::Window w;
    w.label = "2026-W" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    m.windows.push_back(w);
  }
  m.period = m.windows.back();
  Series& s = m.frt_trend;
  s.label = "First response, median (business hours) for a team with a very long name indeed";
  s.unit = "s";
  for (int i = 0; i < 53; ++i) {
    s.values.push_back(kHour * (1 + i % 5));
    s.ci.push_back(std::make_pair(0.0, kHour * 40));
    s.n.push_back(100000 + i);
    s.low_sample.push_back(i % 7 == 0);
  }
  s.target = 0.25 * kHour;
  m.channels = {{"a channel whose name goes on and on and on", std::vector<double>(53, 5)},
                {"email", std::vector<double>(53, 7)}};
  for (int i = 0; i < 300; ++i) {
    AgentLine a;
    a.id = "rt:" + std::string(60, 'x') + std::to_string(i);
    a.name = std::string(60, 'N') + std::to_string(i);
    a.frt.value = kHour * (i % 9);
    a.frt.ci = std::make_pair(0.0, kHour * 90);
    a.frt.n = 5 + i;
    m.agents.push_back(a);
  }
  const std::vector<Chart> charts = drawn_charts(m);
  ASSERT_EQ(charts.size(), 3u);
  for (const Chart& c : charts) {
    expect_inside(c.texts, c.width, c.height, c.file.filename);
    const Png png = decode_png(c.file.bytes);
    EXPECT_TRUE(png.ok);
    EXPECT_EQ(png.width, c.width);
    EXPECT_EQ(png.height, c.height);
  }
  // The agent chart shows the busiest, and says so; the table lists everyone.
  EXPECT_EQ(charts[2].height, bar_plot_height(kChartAgents));
  EXPECT_NE(charts[2].file.alt.find("(the busiest of 300)"), std::string::npos);
}

TEST(Charts, DemoReportsChartsStartAtZeroAndKeepTheirLabelsInside) {
  gen::GenOptions opt;
  const Records d = gen::generate(opt);
  const kpi::Context ctx = context_for(d);
  for (const std::string team : {"", "billing", "tech", "onboarding"}) {
    const Model m = build_model(d, ctx, team, last_week(opt), 8);
    const std::vector<Chart> charts = drawn_charts(m);
    ASSERT_FALSE(charts.empty()) << team;
    for (const Chart& c : charts) {
      const std::string what = (team.empty() ? "overall" : team) + "/" + c.file.filename;
      expect_inside(c.texts, c.width, c.height, what);
      if (c.file.filename == "trend-csat.png" || c.file.filename == "trend-service-level.png") {
        EXPECT_TRUE(has_text(c.texts, "0%")) << what << ": a rate axis starts at zero";
      }
      if (c.file.filename.rfind("trend-", 0) == 0) {
        EXPECT_TRUE(has_text(c.texts, "n=")) << what;
      }
    }
  }
}

}  // namespace
}  // namespace dp::report::test
