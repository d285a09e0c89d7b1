// Every id of the catalog (KPIS.md) is listed and computed; none reads 0 for no data.
#include <set>

#include "fixtures.h"

namespace dp::kpi::test {
namespace {

const std::vector<std::string> kKpisMd{
    "csat", "nps", "ces", "iqs", "esat", "cli", "engagement", "churn_rate", "retention_rate",
    "referral_rate", "clv", "conversion_rate", "cac", "request_volume", "volume_by_channel",
    "open_cases", "backlog", "resolution_rate", "frt", "resolution_time", "ticket_handle_time",
    "fcr", "reopen_rate", "sla_compliance", "cost_per_resolution", "resolution_consistency",
    "top_topics", "calls_offered", "asa", "service_level", "abandonment_rate", "blocked_calls",
    "aht", "occupancy", "bot_share", "bot_containment_rate", "bot_csat", "agents_required",
    // Added after KPIS.md (docs/adding-a-kpi.md).
    "replies_per_ticket"};

TEST(Catalog, ListsEveryKpiOnce) {
  std::set<std::string> ids;
  for (const auto& e : catalog()) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    EXPECT_FALSE(e.name.empty() || e.unit.empty() || e.definition.empty() || e.inputs.empty())
        << e.id;
    EXPECT_TRUE(e.direction == "higher" || e.direction == "lower" || e.direction == "none");
  }
  EXPECT_EQ(ids, std::set<std::string>(kKpisMd.begin(), kKpisMd.end()));
  ASSERT_TRUE(find_kpi("service_level"));
  EXPECT_EQ(find_kpi("service_level")->variants,
            (std::vector<std::string>{"answered", "excl_short_abandon"}));
  EXPECT_EQ(find_kpi("nope"), nullptr);
}

TEST(Catalog, GroupByNames) {
  for (GroupBy g :
       {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue, GroupBy::channel})
    EXPECT_EQ(group_by_from_string(to_string(g)), g);
  EXPECT_FALSE(group_by_from_string("region"));
}

TEST(Engine, NoDataGivesReasonsNotZeros) {
  Data d;
  const auto rows = d.run();
  std::set<std::string> seen;
  for (const Row& r : rows) {
    seen.insert(r.kpi);
    EXPECT_FALSE(r.value) << r.kpi << " " << r.stat;
    EXPECT_FALSE(r.reason.empty()) << r.kpi << " " << r.stat;
    EXPECT_EQ(r.window.label, "2026-W47");
  }
  EXPECT_EQ(seen, std::set<std::string>(kKpisMd.begin(), kKpisMd.end()));
}

// A small helpdesk with every kind of record: each KPI gets a value overall.
Data everything() {
  Data d;
  d.agent("a1", "support");
  d.agent("bot1", "bots", AgentKind::bot);
  d.ctx.options.targets.frt = Seconds{3600};
  BusinessMonth& nov = d.ctx.options.business["2026-11"];
  nov = {3000.0, 1000.0, 1200.0, 30.0, 0.6};
  for (int i = 0; i < 4; ++i) {
    const std::string id = "t" + std::to_string(i);
    d.ticket(id, "2026-11-16T09:00:00Z", "", "a1").tags = {"billing"};
    d.reply(id, "2026-11-16T09:30:00Z", i == 0 ? "bot1" : "a1");
    d.event(id, "2026-11-16T09:30:00Z", EventType::internal_note, "a1", false).time_spent =
        Seconds{120};
    d.status(id, i == 3 ? "2026-11-18T09:00:00Z" : "2026-11-16T12:00:00Z", "resolved");
  }
  d.ticket("open", "2026-11-16T09:00:00Z");  // waiting, 6 days old
  d.ticket("old", "2026-11-02T09:00:00Z", "", "a1").tags = {"billing"};
  d.call("c1", "2026-11-16T09:00:00Z", 10, CallOutcome::answered, "a1", 300, 0, 60);
  d.call("c2", "2026-11-16T09:05:00Z", 30, CallOutcome::abandoned);
  d.call("c3", "2026-11-16T09:06:00Z", 0, CallOutcome::blocked);
  AgentSession s{"s1", "a1", "", T("2026-11-16T08:00:00Z"), T("2026-11-16T12:00:00Z"), {}};
  d.r.sessions.push_back(s);
  for (SurveyKind k :
       {SurveyKind::csat, SurveyKind::nps, SurveyKind::ces, SurveyKind::esat, SurveyKind::iqs,
        SurveyKind::loyalty_recommend, SurveyKind::loyalty_repurchase, SurveyKind::loyalty_upsell})
    d.survey(k, 5, 1, 5).ticket = "t0";
  d.survey(SurveyKind::csat, 4, 1, 5).ticket = "t1";
  Customer a, b, c;
  a.id = "A";
  a.first_seen = T("2026-01-01T00:00:00Z");
  a.revenue = 100;
  b = a;
  b.id = "B";
  b.churned_at = T("2026-11-10T00:00:00Z");
  c = a;
  c.id = "C";
  c.first_seen = T("2026-11-10T00:00:00Z");
  c.acquired_via = "referral";
  d.r.customers = {a, b, c};
  return d;
}

TEST(Engine, EveryKpiHasAValueOnAFullDataSet) {
  const auto rows = everything().run({GroupBy::overall}, {}, month());
  std::set<std::string> with_value;
  for (const Row& r : rows)
    if (r.value) with_value.insert(r.kpi);
  EXPECT_EQ(with_value, std::set<std::string>(kKpisMd.begin(), kKpisMd.end()));
}

TEST(Engine, RowsSayWhatTheyAre) {
  const auto rows = everything().run({GroupBy::overall, GroupBy::agent}, {}, month());
  for (const Row& r : rows) {
    EXPECT_FALSE(r.stat.empty()) << r.kpi;
    EXPECT_FALSE(r.unit.empty()) << r.kpi;
    EXPECT_FALSE(r.definition.empty()) << r.kpi;
    ASSERT_TRUE(find_kpi(r.kpi)) << r.kpi;
    if (r.variant) {
      const auto& v = find_kpi(r.kpi)->variants;
      EXPECT_NE(std::find(v.begin(), v.end(), *r.variant), v.end()) << r.kpi << " " << *r.variant;
    }
    if (r.value && r.unit == "%" && r.ci) {
      EXPECT_LE(r.ci->first, *r.value + 1e-9) << r.kpi;
      EXPECT_GE(r.ci->second, *r.value - 1e-9) << r.kpi;
    }
  }
}

TEST(Engine, KpiFilterAndBucketsKeepTheirWindows) {
  Request req;
  req.windows = {week(), {T("2026-11-23T00:00:00Z"), T("2026-11-30T00:00:00Z"), "2026-W48"}};
  req.kpis = {"request_volume"};
  Data d = everything();
  const auto rows = compute(d.r, d.ctx, req);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].window.label, "2026-W47");
  EXPECT_DOUBLE_EQ(*rows[0].value, 7.0);  // 5 tickets + 2 calls offered (c3 was blocked)
  EXPECT_EQ(rows[1].window.label, "2026-W48");
  EXPECT_DOUBLE_EQ(*rows[1].value, 0.0);
}

}  // namespace
}  // namespace dp::kpi::test
