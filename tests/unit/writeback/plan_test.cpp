#include "writeback/plan.h"

#include <gtest/gtest.h>

#include <iterator>
#include <map>

#include "model/figures.h"

using namespace dp;
using namespace dp::writeback;

namespace {

struct FakeLedger {
  std::map<std::string, std::string> values;  // "kind|target|field" -> value
  LedgerLookup lookup() {
    return [this](TargetKind k, const std::string& t,
                  const std::string& f) -> std::optional<std::string> {
      auto it = values.find(key(k, t, f));
      if (it == values.end()) return std::nullopt;
      return it->second;
    };
  }
  static std::string key(TargetKind k, const std::string& t, const std::string& f) {
    return std::string(k == TargetKind::ticket ? "t" : "u") + "|" + t + "|" + f;
  }
};

kpi::TicketFacts resolved_ticket() {
  kpi::TicketFacts f;
  f.ticket = "rt:7";
  f.frt_business = Seconds(3600 + 5 * 60);
  f.frt_calendar = Seconds(2 * 86400 + 4 * 3600);
  f.resolved_at = Time{};
  f.resolution_business = Seconds(9 * 3600);
  f.fcr = true;
  f.sla_met = false;
  f.reopens = 0;
  return f;
}

const std::map<std::string, std::string> kFields{{"frt_business", "FRT (business)"},
                                                 {"frt_business_minutes", "FRT (business min)"},
                                                 {"frt_calendar", "FRT (calendar)"},
                                                 {"resolution_business", "Resolution"},
                                                 {"sla_met", "SLA met"},
                                                 {"fcr", "FCR"},
                                                 {"reopen_count", "Reopens"}};

}  // namespace

TEST(HumanDuration, ReadsLikeAPerson) {
  EXPECT_EQ(human_duration(Seconds(42)), "42s");
  EXPECT_EQ(human_duration(Seconds(45 * 60)), "45m");
  EXPECT_EQ(human_duration(Seconds(3 * 3600 + 5 * 60)), "3h 05m");
  EXPECT_EQ(human_duration(Seconds(2 * 86400 + 4 * 3600 + 59)), "2d 4h");
  EXPECT_EQ(human_duration(Seconds(-5)), "0s");
}

// 52 business hours are 52 hours, not "2d 4h" (which would read as two days).
TEST(BusinessDuration, InBusinessHoursNeverDays) {
  EXPECT_EQ(business_duration(Seconds(52 * 3600 + 5 * 60)), "52h 05m");
  EXPECT_EQ(business_duration(Seconds(45 * 60)), "45m");
  EXPECT_EQ(business_duration(Seconds(0)), "0m (outside business hours)");
  EXPECT_EQ(score_number(business_duration(Seconds(52 * 3600 + 5 * 60)), "s"), 52 * 3600 + 300);
}

// RT compares custom field values as text: only a fixed width compares right.
TEST(WholeMinutes, ZeroPaddedSoTicketSqlComparesThem) {
  EXPECT_EQ(whole_minutes(Seconds(65 * 60 + 59)), "000065");
  EXPECT_EQ(whole_minutes(Seconds(600 * 60)), "000600");
  EXPECT_LT(whole_minutes(Seconds(90 * 60)), whole_minutes(Seconds(600 * 60)));
  EXPECT_EQ(whole_minutes(Seconds(-1)), "000000");
}

TEST(PlanTicketFields, WritesKnownFiguresOnceAndSkipsUnknownOnes) {
  FakeLedger ledger;
  Plan plan;
  auto facts = resolved_ticket();
  plan_ticket_fields({facts}, kFields, ledger.lookup(), plan);
  std::map<std::string, std::string> got;
  for (const auto& w : plan.ticket_writes) got[w.field] = w.value;
  EXPECT_EQ(got["FRT (business)"], "1h 05m");
  EXPECT_EQ(got["FRT (business min)"], "000065");
  EXPECT_EQ(got["FRT (calendar)"], "2d 4h");
  EXPECT_EQ(got["Resolution"], "9h 00m");
  EXPECT_EQ(got["SLA met"], "no");
  EXPECT_EQ(got["FCR"], "yes");
  EXPECT_EQ(got["Reopens"], "0");
  EXPECT_EQ(plan.ticket_writes.size(), 7u);

  // Once the ledger holds these values nothing is due; a reopen changes two figures.
  for (const auto& w : plan.ticket_writes)
    ledger.values[FakeLedger::key(TargetKind::ticket, w.ticket, w.field)] = w.value;
  Plan again;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), again);
  EXPECT_TRUE(again.ticket_writes.empty());
  EXPECT_EQ(again.unchanged, 7u);

  facts.reopens = 1;
  facts.fcr = false;
  Plan after_reopen;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), after_reopen);
  ASSERT_EQ(after_reopen.ticket_writes.size(), 2u);
}

TEST(PlanTicketFields, UnresolvedAndExcludedTicketsGetOnlyWhatIsKnown) {
  FakeLedger ledger;
  kpi::TicketFacts open;
  open.ticket = "rt:8";
  open.frt_business = Seconds(600);
  kpi::TicketFacts merged = resolved_ticket();
  merged.ticket = "rt:9";
  merged.excluded = true;
  Plan plan;
  plan_ticket_fields({open, merged}, kFields, ledger.lookup(), plan);
  ASSERT_EQ(plan.ticket_writes.size(), 2u);
  EXPECT_EQ(plan.ticket_writes[0].ticket, "rt:8");
  EXPECT_EQ(plan.ticket_writes[0].value, "10m");
  EXPECT_EQ(plan.ticket_writes[1].value, "000010");
}

TEST(AgentScores, TakesDefaultRowsPerAgentAndCarriesN) {
  kpi::Row csat;
  csat.kpi = "csat";
  csat.by = kpi::GroupBy::agent;
  csat.key = "alice";
  csat.value = 87.5;
  csat.n = 24;
  csat.unit = "%";
  csat.stat = "rate";
  kpi::Row csat_mean = csat;
  csat_mean.variant = "mean";
  csat_mean.value = 4.4;
  kpi::Row frt;
  frt.kpi = "frt";
  frt.by = kpi::GroupBy::agent;
  frt.key = "alice";
  frt.stat = "median";
  frt.basis = "business";
  frt.value = 5400;
  frt.n = 30;
  frt.unit = "s";
  kpi::Row frt_cal = frt;
  frt_cal.basis = "calendar";
  kpi::Row team = csat;
  team.by = kpi::GroupBy::team;
  auto scores = agent_scores({csat, csat_mean, frt, frt_cal, team});
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(score_text(scores[0]), "87.5% (n=24)");
  EXPECT_EQ(score_text(scores[1]), "1h 30m (n=30)");
  EXPECT_EQ(score_number("1h 30m (n=30)", "s"), 5400);
  EXPECT_EQ(score_number("87.5% (n=24)", "%"), 87.5);
}

// The figure table (model/figures.h) alone decides which agent row feeds a figure and
// how its score reads: each figure from its KPI, statistic and basis, in its format.
TEST(AgentScores, EachFigureOfTheTableFromItsRowInItsFormat) {
  std::vector<kpi::Row> rows;
  for (const auto& f : figures::kAgentFigures) {
    kpi::Row r;
    r.kpi = f.kpi;
    r.stat = f.stat;
    if (*f.basis) r.basis = f.basis;
    r.by = kpi::GroupBy::agent;
    r.key = "alice";
    r.value = f.format == figures::Format::percent ? 87.5 : 50 * 3600.0;
    r.n = 3;
    r.unit = f.format == figures::Format::percent ? "%" : "s";
    rows.push_back(r);
    kpi::Row other_stat = r;  // a statistic the figure does not take
    other_stat.stat = "p90";
    rows.push_back(other_stat);
  }
  auto scores = agent_scores(rows);
  ASSERT_EQ(scores.size(), std::size(figures::kAgentFigures));
  std::map<std::string, std::string> text;
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(scores[i].figure, figures::kAgentFigures[i].id);
    text[scores[i].figure] = score_text(scores[i]);
  }
  EXPECT_EQ(text["csat"], "87.5% (n=3)");
  EXPECT_EQ(text["fcr"], "87.5% (n=3)");
  EXPECT_EQ(text["frt_median"], "50h 00m (n=3)");  // business hours, never days
  EXPECT_EQ(text["resolution_median"], "50h 00m (n=3)");
  EXPECT_EQ(text["aht"], "2d 2h (n=3)");  // calendar time
}

TEST(PlanAgentTicketFields, RewritesOpenTicketsOnlyPastTheStep) {
  FakeLedger ledger;
  AgentScore s{"alice", "csat", 87.5, 24, "%"};
  std::map<std::string, std::vector<std::string>> open{{"alice", {"rt:1", "rt:2"}}};
  std::map<std::string, std::string> fields{{"csat", "Agent CSAT"}};
  std::map<std::string, double> step{{"csat", 2.0}};
  Plan first;
  plan_agent_ticket_fields({s}, open, fields, step, ledger.lookup(), first);
  ASSERT_EQ(first.ticket_writes.size(), 2u);
  for (const auto& w : first.ticket_writes)
    ledger.values[FakeLedger::key(TargetKind::ticket, w.ticket, w.field)] = w.value;

  s.value = 88.9;  // moved 1.4 points: within the step
  s.n = 25;
  Plan small;
  plan_agent_ticket_fields({s}, open, fields, step, ledger.lookup(), small);
  EXPECT_TRUE(small.ticket_writes.empty());
  EXPECT_EQ(small.unchanged, 2u);

  s.value = 84.0;  // moved 3.5 points
  Plan big;
  plan_agent_ticket_fields({s}, open, fields, step, ledger.lookup(), big);
  EXPECT_EQ(big.ticket_writes.size(), 2u);
}

// A reopened ticket keeps no "Resolution", "SLA met" or "FCR: yes" from before: each is
// cleared once, and once the ledger holds the clearing nothing more is due.
TEST(PlanTicketFields, AFigureThatNoLongerAppliesIsClearedOnce) {
  FakeLedger ledger;
  auto facts = resolved_ticket();
  Plan first;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), first);
  for (const auto& w : first.ticket_writes)
    ledger.values[FakeLedger::key(TargetKind::ticket, w.ticket, w.field)] = w.value;

  facts.resolved_at.reset();  // reopened: unresolved again
  facts.resolution_business.reset();
  facts.fcr.reset();
  facts.sla_met.reset();
  facts.reopens = 1;
  Plan reopened;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), reopened);
  std::map<std::string, std::string> got;
  for (const auto& w : reopened.ticket_writes) got[w.field] = w.value;
  EXPECT_EQ(got, (std::map<std::string, std::string>{
                     {"Resolution", ""}, {"SLA met", ""}, {"FCR", ""}, {"Reopens", "1"}}));
  for (const auto& w : reopened.ticket_writes)
    ledger.values[FakeLedger::key(TargetKind::ticket, w.ticket, w.field)] = w.value;
  Plan again;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), again);
  EXPECT_TRUE(again.ticket_writes.empty());

  // Merged away: every figure it had is cleared.
  facts.excluded = true;
  Plan merged;
  plan_ticket_fields({facts}, kFields, ledger.lookup(), merged);
  EXPECT_EQ(merged.ticket_writes.size(), 4u);  // the FRTs and the reopen count
  for (const auto& w : merged.ticket_writes) EXPECT_EQ(w.value, "") << w.field;
}
