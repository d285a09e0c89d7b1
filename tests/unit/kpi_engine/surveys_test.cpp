// docs/kpis.md, "Customer experience": the worked examples.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

TEST(Csat, TopTwoOfFiveAndMean) {
  Data d;
  for (double s : {5, 4, 3, 5, 2}) d.survey(SurveyKind::csat, s, 1, 5);
  auto rows = d.run({GroupBy::overall}, {"csat"});
  const Row* r = find(rows, {"csat"});
  ASSERT_TRUE(r && r->value);
  EXPECT_DOUBLE_EQ(*r->value, 60.0);
  EXPECT_EQ(r->n, 5);
  EXPECT_EQ(r->unit, "%");
  ASSERT_TRUE(r->ci);
  EXPECT_NEAR(r->ci->first, 23.07, 0.01);
  EXPECT_NEAR(r->ci->second, 88.24, 0.01);
  EXPECT_EQ(r->flags, std::vector<std::string>{"low_sample"});  // 5 < min_sample 10
  EXPECT_FALSE(r->variant);
  EXPECT_DOUBLE_EQ(value(rows, {"csat", "mean", "mean"}), 3.8);
}

TEST(Csat, ZeroToTenScaleUsesItsOwnTopTwo) {
  Data d;
  for (double s : {9, 8, 10}) d.survey(SurveyKind::csat, s, 0, 10);
  auto rows = d.run({GroupBy::overall}, {"csat"});
  EXPECT_NEAR(value(rows, {"csat"}), 200.0 / 3, 1e-9);  // 9 and 10 are the top two of 0-10
}

TEST(Csat, NoResponsesIsUnavailableNotZero) {
  Data d;
  d.survey(SurveyKind::nps, 10, 0, 10);
  auto rows = d.run({GroupBy::overall}, {"csat"});
  const Row* r = find(rows, {"csat"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "no survey responses of kind csat");
  EXPECT_TRUE(r->flags.empty());
}

TEST(Csat, MinSampleFlagOnlyBelowThreshold) {
  Data d;
  d.ctx.options.min_sample = 3;
  for (double s : {5, 4, 1}) d.survey(SurveyKind::csat, s, 1, 5);
  auto rows = d.run({GroupBy::overall}, {"csat"});
  EXPECT_TRUE(find(rows, {"csat"})->flags.empty());
  d.r.surveys.pop_back();
  rows = d.run({GroupBy::overall}, {"csat"});
  EXPECT_EQ(find(rows, {"csat"})->flags, std::vector<std::string>{"low_sample"});
}

TEST(Nps, PromotersMinusDetractors) {
  Data d;
  for (double s : {10, 10, 9, 9, 8, 7, 6, 5, 3, 10}) d.survey(SurveyKind::nps, s, 0, 10);
  auto rows = d.run({GroupBy::overall}, {"nps"});
  const Row* r = find(rows, {"nps"});
  ASSERT_TRUE(r && r->value);
  EXPECT_DOUBLE_EQ(*r->value, 20.0);  // 5 promoters (50%) - 3 detractors (30%)
  EXPECT_EQ(r->n, 10);
  ASSERT_TRUE(r->ci);
  EXPECT_LT(r->ci->first, 20.0);
  EXPECT_GT(r->ci->second, 20.0);
}

TEST(Ces, MeanAndShareFiveToSeven) {
  Data d;
  for (double s : {7, 6, 5, 3, 4}) d.survey(SurveyKind::ces, s, 1, 7);
  auto rows = d.run({GroupBy::overall}, {"ces"});
  EXPECT_DOUBLE_EQ(value(rows, {"ces", "mean"}), 5.0);
  EXPECT_DOUBLE_EQ(value(rows, {"ces", "rate", "pct_5_7"}), 60.0);
}

TEST(Iqs, MeanAsPercentOfScaleMax) {
  Data d;
  for (double s : {4, 5, 3}) d.survey(SurveyKind::iqs, s, 1, 5);
  auto rows = d.run({GroupBy::overall}, {"iqs"});
  EXPECT_DOUBLE_EQ(value(rows, {"iqs"}), 80.0);  // 80, 100, 60
}

TEST(Esat, TopTwoAndMean) {
  Data d;
  for (double s : {5, 4, 4, 2}) d.survey(SurveyKind::esat, s, 1, 5);
  auto rows = d.run({GroupBy::overall}, {"esat"});
  EXPECT_DOUBLE_EQ(value(rows, {"esat", "rate"}), 75.0);
  EXPECT_DOUBLE_EQ(value(rows, {"esat", "mean", "mean"}), 3.75);
}

TEST(Cli, MeanOfTheThreeMeans) {
  Data d;
  for (double s : {8, 10}) d.survey(SurveyKind::loyalty_recommend, s, 0, 10);
  for (double s : {6, 8}) d.survey(SurveyKind::loyalty_repurchase, s, 0, 10);
  d.survey(SurveyKind::loyalty_upsell, 5, 0, 10);
  auto rows = d.run({GroupBy::overall}, {"cli"});
  EXPECT_DOUBLE_EQ(value(rows, {"cli"}), 7.0);  // (9 + 7 + 5) / 3
  EXPECT_EQ(find(rows, {"cli"})->n, 5);
  d.r.surveys.pop_back();
  rows = d.run({GroupBy::overall}, {"cli"});
  EXPECT_EQ(find(rows, {"cli"})->reason, "no survey responses of kind loyalty_upsell");
}

TEST(Surveys, CountInTheWindowOfTheirAnswer) {
  Data d;
  d.survey(SurveyKind::csat, 5, 1, 5, "2026-11-15T23:59:59Z");  // week before
  d.survey(SurveyKind::csat, 1, 1, 5, "2026-11-16T00:00:00Z");  // first second: in
  d.survey(SurveyKind::csat, 5, 1, 5, "2026-11-23T00:00:00Z");  // window end: out
  auto rows = d.run({GroupBy::overall}, {"csat"});
  EXPECT_DOUBLE_EQ(value(rows, {"csat"}), 0.0);
  EXPECT_EQ(find(rows, {"csat"})->n, 1);
}

}  // namespace
}  // namespace dp::kpi::test
