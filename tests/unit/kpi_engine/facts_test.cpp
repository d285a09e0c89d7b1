// docs/kpis.md, "Ticket facts": what is derived from a ticket's events.
#include "kpi/facts.h"

#include "fixtures.h"

namespace dp::kpi::test {
namespace {

TEST(Facts, CustomerReplyAndNoteAreNotResponses) {
  Data d;
  d.ticket("t", "2026-11-16T09:00:00Z");
  d.customer("t", "2026-11-16T09:05:00Z");
  d.note("t", "2026-11-16T09:06:00Z");
  d.event("t", "2026-11-16T09:07:00Z", EventType::agent_reply, "a1", false);  // private reply
  auto f = ticket_facts(d.r, d.ctx);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(f[0].first_response);
  EXPECT_FALSE(f[0].frt_business);
  EXPECT_EQ(f[0].public_agent_replies, 0);
  d.reply("t", "2026-11-16T09:20:00Z");
  f = ticket_facts(d.r, d.ctx);
  EXPECT_EQ(f[0].frt_calendar, Seconds{1200});
  EXPECT_EQ(f[0].public_agent_replies, 1);
}

TEST(Facts, ReopenExtendsResolutionAndIsCounted) {
  Data d;
  d.ticket("t", "2026-11-16T09:00:00Z");
  d.reply("t", "2026-11-16T09:30:00Z");
  d.status("t", "2026-11-16T10:00:00Z", "resolved");
  d.status("t", "2026-11-16T11:00:00Z", "open");
  auto f = ticket_facts(d.r, d.ctx);
  EXPECT_FALSE(f[0].resolved_at);  // reopened: not resolved any more
  EXPECT_EQ(f[0].reopens, 1);
  EXPECT_FALSE(f[0].fcr);
  d.status("t", "2026-11-16T12:00:00Z", "resolved");
  d.status("t", "2026-11-17T12:00:00Z", "closed");
  f = ticket_facts(d.r, d.ctx);
  EXPECT_EQ(f[0].resolved_at, T("2026-11-16T12:00:00Z"));
  EXPECT_EQ(f[0].resolution_calendar, Seconds{3 * 3600});
  EXPECT_EQ(f[0].fcr, false);  // reopened
}

TEST(Facts, MergedOrDeletedIsExcluded) {
  Data d;
  d.ticket("a", "2026-11-16T09:00:00Z");
  d.event("a", "2026-11-16T10:00:00Z", EventType::merged);
  d.ticket("b", "2026-11-16T09:00:00Z");
  d.status("b", "2026-11-16T10:00:00Z", "deleted");
  d.ticket("c", "2026-11-16T09:00:00Z");
  auto f = ticket_facts(d.r, d.ctx);
  EXPECT_TRUE(f[0].excluded);
  EXPECT_TRUE(f[1].excluded);
  EXPECT_FALSE(f[2].excluded);
}

TEST(Facts, OwnerAtResolutionOrAtFirstResponse) {
  Data d;
  d.ticket("t", "2026-11-16T09:00:00Z", "", "a3");  // the field shows today's owner
  d.owner("t", "2026-11-16T09:10:00Z", "a1");
  d.reply("t", "2026-11-16T09:20:00Z", "a1");
  d.owner("t", "2026-11-16T09:30:00Z", "a2");
  d.status("t", "2026-11-16T10:00:00Z", "resolved");
  d.owner("t", "2026-11-16T11:00:00Z", "a3");
  EXPECT_EQ(ticket_facts(d.r, d.ctx)[0].owner, "a2");
  d.ctx.options.ownership = Ownership::at_first_response;
  EXPECT_EQ(ticket_facts(d.r, d.ctx)[0].owner, "a1");
}

TEST(Facts, BotsAreNeverOwners) {
  Data d;
  d.agent("bot1", "bots", AgentKind::bot);
  d.ticket("t", "2026-11-16T09:00:00Z", "", "bot1");
  d.reply("t", "2026-11-16T09:01:00Z", "bot1");
  const auto f = ticket_facts(d.r, d.ctx);
  EXPECT_FALSE(f[0].owner);
  EXPECT_TRUE(f[0].first_response_by_bot);
  EXPECT_FALSE(f[0].first_human_response);
}

TEST(Facts, SlaMetAndTimeSpent) {
  Data d;
  d.ctx.options.targets.frt = Seconds{600};
  d.ticket("t", "2026-11-16T09:00:00Z");
  d.event("t", "2026-11-16T09:05:00Z", EventType::agent_reply, "a1").time_spent = Seconds{240};
  d.event("t", "2026-11-16T09:06:00Z", EventType::internal_note, "a1", false).time_spent =
      Seconds{60};
  d.status("t", "2026-11-16T10:00:00Z", "resolved");
  const auto f = ticket_facts(d.r, d.ctx);
  EXPECT_EQ(f[0].sla_met, true);
  EXPECT_EQ(f[0].time_spent, Seconds{300});
  EXPECT_EQ(f[0].fcr, true);
}

}  // namespace
}  // namespace dp::kpi::test
