// docs/kpis.md, "fcr", "reopen_rate", "sla_compliance", "replies_per_ticket": the worked
// examples.
#include "fixtures.h"
#include "kpi/partials.h"

namespace dp::kpi::test {
namespace {

// f1 one reply; f2 two replies; f3 one reply but reopened; f4 one reply, then the same
// requester opens f6 on the same topic 3 days later; f5 one reply, then the requester
// calls 2 days later (matched through Customer.phone).
Data fcr_data() {
  Data d;
  for (const char* id : {"f1", "f2", "f3", "f4", "f5"}) {
    d.ticket(id, "2026-11-16T09:00:00Z").tags = {std::string("topic-") + id};
    d.reply(id, "2026-11-16T10:00:00Z");
  }
  d.reply("f2", "2026-11-16T11:00:00Z");
  d.status("f1", "2026-11-16T12:00:00Z", "resolved");
  d.status("f2", "2026-11-16T12:00:00Z", "resolved");
  d.status("f3", "2026-11-16T12:00:00Z", "resolved");
  d.customer("f3", "2026-11-17T09:00:00Z");
  d.status("f3", "2026-11-17T09:00:00Z", "open");
  d.status("f3", "2026-11-17T12:00:00Z", "resolved");
  d.status("f4", "2026-11-16T12:00:00Z", "resolved");
  d.ticket("f6", "2026-11-19T12:00:00Z", d.r.tickets[3].requester).tags = {"topic-f4"};
  d.status("f5", "2026-11-16T12:00:00Z", "resolved");
  Customer c;
  c.id = d.r.tickets[4].requester;
  c.phone = "+390655501";
  d.r.customers.push_back(c);
  d.call("k1", "2026-11-18T12:00:00Z", 5, CallOutcome::answered).caller = "+390655501";
  return d;
}

TEST(Fcr, DefaultAndVariants) {
  auto rows = fcr_data().run({GroupBy::overall}, {"fcr"});
  EXPECT_DOUBLE_EQ(value(rows, {"fcr"}), 20.0);                   // f1
  EXPECT_DOUBLE_EQ(value(rows, {"fcr", "", "one_touch"}), 80.0);  // f1 f3 f4 f5
  EXPECT_DOUBLE_EQ(value(rows, {"fcr", "", "no_reopen"}), 80.0);  // f1 f2 f4 f5
  EXPECT_EQ(find(rows, {"fcr"})->n, 5);
}

TEST(Fcr, RepeatOnAnotherTopicOrAfterFcrDaysDoesNotCount) {
  Data d = fcr_data();
  d.r.tickets.back().tags = {"something-else"};             // f6: another topic
  d.r.calls.back().offered_at = T("2026-11-24T12:00:01Z");  // 8 days after f5's resolve
  auto rows = d.run({GroupBy::overall}, {"fcr"});
  EXPECT_DOUBLE_EQ(value(rows, {"fcr"}), 60.0);  // f1 f4 f5
}

TEST(ReopenRate, ReopenAfterResolve) {
  auto rows = fcr_data().run({GroupBy::overall}, {"reopen_rate"});
  EXPECT_DOUBLE_EQ(value(rows, {"reopen_rate"}), 20.0);  // f3 of 5
}

// fcr's tickets (f1, f3, f4 one reply; f2 two) with a bot's reply on f5 besides its
// human one, an internal note on f1 and a customer reply on f2 (neither counts), and r0
// resolved without any reply: 1 + 2 + 1 + 1 + 2 + 0 = 7 replies over 6 tickets.
TEST(RepliesPerTicket, PublicAgentRepliesPerResolvedTicketInBothEngines) {
  Data d = fcr_data();
  d.agent("bot", "support", AgentKind::bot);
  d.reply("f5", "2026-11-16T10:30:00Z", "bot");
  d.note("f1", "2026-11-16T10:40:00Z");
  d.customer("f2", "2026-11-16T10:50:00Z");
  d.ticket("r0", "2026-11-16T09:00:00Z");
  d.status("r0", "2026-11-16T09:05:00Z", "resolved");
  const auto rows = d.run({GroupBy::overall}, {"replies_per_ticket"});
  const Row* r = find(rows, {"replies_per_ticket", "mean"});
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(*r->value, 7.0 / 6.0);
  EXPECT_EQ(r->n, 6);
  EXPECT_EQ(r->unit, "replies");
  ASSERT_TRUE(r->ci);  // log-scale interval of a mean, sd sqrt(17/30)
  EXPECT_LT(r->ci->first, 7.0 / 6.0);
  EXPECT_GT(r->ci->second, 7.0 / 6.0);
  EXPECT_GE(r->ci->first, 0.0);

  Request req;
  req.windows = {week()};
  req.kpis = {"replies_per_ticket"};
  const auto fast = compute_from_partials(build_partials(Input(d.r, d.ctx)), d.ctx.options, req);
  ASSERT_TRUE(fast);
  ASSERT_EQ(fast->size(), 1u);
  EXPECT_EQ((*fast)[0].value, r->value);
  EXPECT_EQ((*fast)[0].ci, r->ci);
  EXPECT_EQ((*fast)[0].n, r->n);
}

TEST(RepliesPerTicket, NoTicketResolvedIsUnavailable) {
  Data d;
  d.ticket("t1", "2026-11-16T09:00:00Z");
  d.reply("t1", "2026-11-16T10:00:00Z");
  const auto rows = d.run({GroupBy::overall}, {"replies_per_ticket"});
  const Row* r = find(rows, {"replies_per_ticket"});
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "no ticket resolved in the window");
}

Data sla_data() {
  Data d;
  auto add = [&](const char* id, const char* reply, const char* resolve) {
    d.ticket(id, "2026-11-16T09:00:00Z");
    d.reply(id, reply);
    d.status(id, resolve, "resolved");
  };
  add("s1", "2026-11-16T09:30:00Z", "2026-11-16T11:00:00Z");  // 30 min, 2 h: met
  add("s2", "2026-11-16T11:00:00Z", "2026-11-16T13:00:00Z");  // frt 2 h: missed
  add("s3", "2026-11-16T09:10:00Z", "2026-11-16T19:00:00Z");  // resolution 10 h: missed
  add("s4", "2026-11-16T09:15:00Z", "2026-11-16T10:00:00Z");  // met
  return d;
}

TEST(SlaCompliance, BothTargetsAndEach) {
  Data d = sla_data();
  d.ctx.options.targets.frt = Seconds{3600};
  d.ctx.options.targets.resolution = Seconds{8 * 3600};
  auto rows = d.run({GroupBy::overall}, {"sla_compliance"});
  EXPECT_DOUBLE_EQ(value(rows, {"sla_compliance"}), 50.0);
  EXPECT_DOUBLE_EQ(value(rows, {"sla_compliance", "", "frt"}), 75.0);
  EXPECT_DOUBLE_EQ(value(rows, {"sla_compliance", "", "resolution"}), 75.0);
}

TEST(SlaCompliance, NoTargetIsUnavailable) {
  auto rows = sla_data().run({GroupBy::overall}, {"sla_compliance"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].value);
  EXPECT_EQ(rows[0].reason, "no SLA target configured (targets.frt, targets.resolution)");
}

}  // namespace
}  // namespace dp::kpi::test
