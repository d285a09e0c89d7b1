// docs/kpis.md, "Customer base" and "Business figures": the worked examples.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

Customer cust(const char* id, const char* first, std::optional<const char*> churned,
              std::optional<const char*> active, std::optional<double> revenue,
              const char* via = "") {
  Customer c;
  c.id = id;
  c.first_seen = T(first);
  if (churned) c.churned_at = T(*churned);
  if (active) c.last_active = T(*active);
  c.revenue = revenue;
  if (*via) c.acquired_via = via;
  return c;
}

// November 2026: S = 4 (A, B, F, G), B churns, D and E are new (D via referral),
// E = 5 (A, D, E, F, G); active = A, B, D, E, G (F last active in September).
Data base() {
  Data d;
  d.r.customers = {
      cust("A", "2026-01-10T00:00:00Z", {}, "2026-11-20T00:00:00Z", 100),
      cust("B", "2026-03-01T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-10T00:00:00Z", 50),
      cust("C", "2026-05-01T00:00:00Z", "2026-10-20T00:00:00Z", {}, {}),
      cust("D", "2026-11-05T00:00:00Z", {}, "2026-11-25T00:00:00Z", 30, "referral"),
      cust("E", "2026-11-12T00:00:00Z", {}, {}, {}, "ads"),
      cust("F", "2026-06-01T00:00:00Z", {}, "2026-09-01T00:00:00Z", 20),
      cust("G", "2026-02-01T00:00:00Z", {}, "2026-11-03T00:00:00Z", 40),
  };
  return d;
}

TEST(CustomerBase, ChurnRetentionReferral) {
  const auto rows = base().run({GroupBy::overall}, {}, month());
  EXPECT_DOUBLE_EQ(value(rows, {"churn_rate"}), 25.0);      // 1 / 4
  EXPECT_DOUBLE_EQ(value(rows, {"retention_rate"}), 75.0);  // (5 - 2) / 4
  EXPECT_DOUBLE_EQ(value(rows, {"referral_rate"}), 50.0);   // 1 / 2
}

TEST(CustomerBase, EngagementIsInteractionsPerActiveCustomer) {
  Data d = base();
  for (int i = 0; i < 6; ++i) d.ticket("t" + std::to_string(i), "2026-11-10T10:00:00Z");
  for (int i = 0; i < 3; ++i)
    d.call("c" + std::to_string(i), "2026-11-11T10:00:00Z", 5, CallOutcome::answered);
  d.survey(SurveyKind::csat, 5, 1, 5);
  const auto rows = d.run({GroupBy::overall}, {"engagement"}, month());
  EXPECT_DOUBLE_EQ(value(rows, {"engagement"}), 2.0);  // 10 interactions / 5 active
  EXPECT_EQ(find(rows, {"engagement"})->n, 5);
}

TEST(CustomerBase, OverallOnly) {
  const auto rows = base().run({GroupBy::team, GroupBy::agent}, {"churn_rate"}, month());
  EXPECT_TRUE(rows.empty());
}

TEST(CustomerBase, NoCustomerRecordsIsUnavailable) {
  Data d;
  const auto rows = d.run({GroupBy::overall}, {"churn_rate", "engagement"}, month());
  ASSERT_EQ(rows.size(), 2u);
  for (const Row& r : rows) {
    EXPECT_FALSE(r.value);
    EXPECT_EQ(r.reason, "no customer records");
  }
}

TEST(Business, ClvCacConversion) {
  Data d = base();
  BusinessMonth& nov = d.ctx.options.business["2026-11"];
  nov.gross_margin = 0.6;
  nov.acquisition_spend = 1000;
  nov.sales = 30;
  nov.visits = 1200;
  const auto rows = d.run({GroupBy::overall}, {}, month());
  // (100 + 50 + 30 + 40) / 4 = 55 a month x 0.6 / 0.25 monthly churn.
  EXPECT_NEAR(value(rows, {"clv"}), 132.0, 1e-9);
  EXPECT_DOUBLE_EQ(value(rows, {"cac"}), 500.0);            // 1000 / 2 new customers
  EXPECT_DOUBLE_EQ(value(rows, {"conversion_rate"}), 2.5);  // 30 / 1200
}

Data resolved_tickets(int n, const char* at) {
  Data d;
  for (int i = 0; i < n; ++i) {
    const std::string id = "t" + std::to_string(i);
    d.ticket(id, "2026-11-02T09:00:00Z");
    d.status(id, at, "resolved");
  }
  return d;
}

TEST(Business, CostPerResolutionAndPerContact) {
  Data d = resolved_tickets(12, "2026-11-10T12:00:00Z");
  for (int i = 0; i < 18; ++i)
    d.call("c" + std::to_string(i), "2026-11-11T10:00:00Z", 5, CallOutcome::answered);
  d.ctx.options.business["2026-11"].support_cost = 3000;
  const auto rows = d.run({GroupBy::overall}, {"cost_per_resolution"}, month());
  EXPECT_DOUBLE_EQ(value(rows, {"cost_per_resolution"}), 250.0);                     // 3000 / 12
  EXPECT_DOUBLE_EQ(value(rows, {"cost_per_resolution", "", "per_contact"}), 100.0);  // / 30
}

TEST(Business, WindowAcrossMonthsIsProrated) {
  Data d = resolved_tickets(7, "2026-11-25T12:00:00Z");
  d.ctx.options.business["2026-11"].support_cost = 3000;  // 8 of 30 days: 800
  d.ctx.options.business["2026-12"].support_cost = 3100;  // 6 of 31 days: 600
  const Window w{T("2026-11-23T00:00:00Z"), T("2026-12-07T00:00:00Z"), "2026-11-23..2026-12-07"};
  auto rows = d.run({GroupBy::overall}, {"cost_per_resolution"}, w);
  EXPECT_NEAR(value(rows, {"cost_per_resolution"}), 200.0, 1e-9);  // 1400 / 7
  d.ctx.options.business.erase("2026-12");
  rows = d.run({GroupBy::overall}, {"cost_per_resolution"}, w);
  EXPECT_EQ(find(rows, {"cost_per_resolution"})->reason,
            "no business figure support_cost for 2026-12");
  EXPECT_FALSE(find(rows, {"cost_per_resolution"})->value);
}

}  // namespace
}  // namespace dp::kpi::test
