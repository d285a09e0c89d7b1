// docs/kpis.md, "top_topics" and "resolution_consistency": the worked examples.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

TEST(TopTopics, CountsAndChangeVsPreviousWindow) {
  Data d;
  d.ctx.options.top_topics = 2;
  d.ticket("n1", "2026-11-16T09:00:00Z").tags = {"billing"};
  d.ticket("n2", "2026-11-17T09:00:00Z").tags = {"billing", "refund"};
  d.ticket("n3", "2026-11-18T09:00:00Z").tags = {"login"};
  d.ticket("n4", "2026-11-19T09:00:00Z").tags = {"billing"};
  d.ticket("p1", "2026-11-10T09:00:00Z").tags = {"login"};
  d.ticket("p2", "2026-11-11T09:00:00Z").tags = {"login"};
  d.ticket("p3", "2026-11-12T09:00:00Z").tags = {"billing"};
  auto rows = d.run({GroupBy::overall}, {"top_topics"});
  ASSERT_EQ(rows.size(), 4u);  // 2 topics x (count, change)
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "count", {}, {}, "", "billing"}), 3.0);
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "change", {}, {}, "", "billing"}), 2.0);
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "count", {}, {}, "", "login"}), 1.0);
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "change", {}, {}, "", "login"}), -1.0);
}

TEST(TopTopics, SubjectKeywordsWhenNoTags) {
  Data d;
  d.ticket("s1", "2026-11-16T09:00:00Z").subject = "Password reset not working";
  d.ticket("s2", "2026-11-17T09:00:00Z").subject = "Cannot reset my password";
  d.ticket("s3", "2026-11-17T09:00:00Z").subject = "Invoice missing";
  auto rows = d.run({GroupBy::overall}, {"top_topics"});
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "count", {}, {}, "", "password"}), 2.0);
  EXPECT_DOUBLE_EQ(value(rows, {"top_topics", "count", {}, {}, "", "reset"}), 2.0);
}

TEST(ResolutionConsistency, WeightedCoefficientOfVariation) {
  Data d;
  auto add = [&](const std::string& id, const char* tag, const char* resolved) {
    d.ticket(id, "2026-11-16T09:00:00Z").tags = {tag};
    d.status(id, resolved, "resolved");
  };
  add("a1", "A", "2026-11-16T10:00:00Z");  // 1 h
  add("a2", "A", "2026-11-16T11:00:00Z");  // 2 h
  add("b1", "B", "2026-11-16T10:00:00Z");
  add("b2", "B", "2026-11-16T10:00:00Z");
  add("b3", "B", "2026-11-16T10:00:00Z");
  add("c1", "C", "2026-11-16T15:00:00Z");  // alone: no spread to measure
  auto rows = d.run({GroupBy::overall}, {"resolution_consistency"});
  // A: cv = 2545.58 / 5400 = 0.4714; B: 0; weighted (2 x 0.4714 + 3 x 0) / 5.
  EXPECT_NEAR(value(rows, {"resolution_consistency", "", {}, "calendar"}), 0.188562, 1e-6);
  EXPECT_EQ(find(rows, {"resolution_consistency", "", {}, "calendar"})->n, 5);
}

}  // namespace
}  // namespace dp::kpi::test
