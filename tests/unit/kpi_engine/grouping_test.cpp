// Property: every item has exactly one key per grouping, so per-agent, per-team,
// per-queue and per-channel counts add up to the overall count (docs/kpis.md,
// "Windows and groups"). Randomized over bounded generated helpdesks.
#include <map>
#include <random>

#include "fixtures.h"

namespace dp::kpi::test {
namespace {

Data random_helpdesk(std::mt19937& rng) {
  auto pick = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  Data d;
  d.agent("a1", "red");
  d.agent("a2", "red");
  d.agent("a3", "blue");
  d.agent("bot", "bots", AgentKind::bot);  // a4 stays out of the directory
  const std::vector<std::optional<std::string>> owners{std::nullopt, "a1", "a2", "a3", "a4", "bot"};
  const Time start = T("2026-11-14T00:00:00Z");
  const int tickets = 5 + pick(40);
  for (int i = 0; i < tickets; ++i) {
    const std::string id = "t" + std::to_string(i);
    Ticket t;
    t.id = id;
    t.requester = "r" + std::to_string(pick(8));
    t.owner = owners[size_t(pick(6))];
    t.channel = static_cast<Channel>(pick(6));
    t.queue = "q" + std::to_string(pick(3));
    t.created_at = start + Seconds{pick(9 * 86400)};
    t.tags = {"tag" + std::to_string(pick(4))};
    d.r.tickets.push_back(t);
    Time at = t.created_at;
    for (int k = pick(5); k > 0; --k) {
      at += Seconds{1 + pick(40000)};
      TicketEvent e;
      e.ticket = id;
      e.at = at;
      const int kind = pick(5);
      e.type = kind == 0   ? EventType::customer_reply
               : kind == 1 ? EventType::internal_note
               : kind == 2 ? EventType::status_change
               : kind == 3 ? EventType::owner_change
                           : EventType::agent_reply;
      e.actor = owners[size_t(1 + pick(5))].value();
      e.is_public = e.type != EventType::internal_note;
      if (e.type == EventType::status_change)
        e.to = std::vector<std::string>{"open", "resolved", "closed", "pending",
                                        "merged"}[size_t(pick(5))];
      if (e.type == EventType::owner_change) e.to = owners[size_t(pick(6))];
      e.time_spent = Seconds{pick(3) * 60};
      d.r.events.push_back(e);
    }
  }
  for (int i = pick(30); i > 0; --i) {
    Call c;
    c.id = "c" + std::to_string(i);
    c.queue = "q" + std::to_string(pick(3));
    c.agent = owners[size_t(pick(5))];
    c.offered_at = start + Seconds{pick(9 * 86400)};
    c.outcome = static_cast<CallOutcome>(pick(6));
    if (c.outcome == CallOutcome::answered) c.answered_at = c.offered_at;
    c.wait = Seconds{pick(60)};
    c.talk = Seconds{pick(600)};
    c.caller = "r" + std::to_string(pick(8));
    d.r.calls.push_back(c);
  }
  for (int i = pick(20); i > 0; --i) {
    d.survey(SurveyKind::csat, 1 + pick(5), 1, 5);
    d.r.surveys.back().at = start + Seconds{pick(9 * 86400)};
    if (pick(2)) d.r.surveys.back().ticket = "t" + std::to_string(pick(tickets));
    if (pick(3) == 0) d.r.surveys.back().agent = owners[size_t(pick(6))];
  }
  return d;
}

// Sum of n (counts: value) per (kpi, stat, variant, basis, item) for one grouping.
std::map<std::string, long long> totals(const std::vector<Row>& rows, GroupBy by) {
  std::map<std::string, long long> sum;
  for (const Row& r : rows) {
    if (r.by != by) continue;
    const std::string id = r.kpi + "/" + r.stat + "/" + r.variant.value_or("") + "/" +
                           r.basis.value_or("") + "/" + r.item;
    sum[id] += r.n;
  }
  return sum;
}

TEST(Grouping, GroupCountsAddUpToOverall) {
  std::mt19937 rng(20261123);
  const std::vector<std::string> additive{"request_volume",
                                          "open_cases",
                                          "backlog",
                                          "frt",
                                          "resolution_time",
                                          "fcr",
                                          "reopen_rate",
                                          "csat",
                                          "calls_offered",
                                          "blocked_calls",
                                          "asa",
                                          "aht",
                                          "bot_share",
                                          "service_level",
                                          "abandonment_rate"};
  for (int round = 0; round < 60; ++round) {
    Data d = random_helpdesk(rng);
    const auto rows =
        d.run({GroupBy::overall, GroupBy::agent, GroupBy::team, GroupBy::queue, GroupBy::channel},
              additive);
    const auto overall = totals(rows, GroupBy::overall);
    for (GroupBy by : {GroupBy::agent, GroupBy::team, GroupBy::queue, GroupBy::channel}) {
      auto grouped = totals(rows, by);
      for (const auto& [id, n] : overall) {
        if (id.rfind("volume_by_channel", 0) == 0) continue;
        EXPECT_EQ(grouped[id], n) << "round " << round << " " << to_string(by) << " " << id;
      }
    }
  }
}

TEST(Grouping, TeamsAndUnassigned) {
  Data d;
  d.agent("a1", "red");
  d.ticket("t1", "2026-11-16T09:00:00Z", "", "a1");
  d.ticket("t2", "2026-11-16T09:00:00Z", "", "stranger");
  d.ticket("t3", "2026-11-16T09:00:00Z");
  auto rows = d.run({GroupBy::team}, {"request_volume"});
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume", "", {}, {}, "red"}), 1.0);
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume", "", {}, {}, "(no team)"}), 1.0);
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume", "", {}, {}, "(unassigned)"}), 1.0);
  rows = d.run({GroupBy::agent}, {"request_volume"});
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume", "", {}, {}, "stranger"}), 1.0);
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume", "", {}, {}, "(unassigned)"}), 1.0);
}

}  // namespace
}  // namespace dp::kpi::test
