#include "rt/normalize.h"

#include <gtest/gtest.h>

#include "fake_rt.h"

namespace dp::rt {
namespace {

// Shapes as RT 5.0.3 sends them (ids as strings in searches, numbers in fields[]).
const char* kTickets = R"({"page":1,"per_page":100,"count":2,"total":null,"items":[
 {"id":"5","type":"ticket","Subject":"Printer","Status":"resolved","Priority":"0",
  "Created":"2026-10-01T09:45:38Z","LastUpdated":"2026-10-02T10:00:00Z",
  "Queue":{"type":"queue","id":"3","Name":"Support"},
  "Owner":{"type":"user","id":37,"Name":"alice","EmailAddress":"alice@example.com"},
  "Requestor":[{"type":"user","id":40,"Name":"c1@example.org","EmailAddress":"c1@example.org"}],
  "CustomFields":[{"id":"2","name":"CSAT","values":["4"]},{"id":"3","name":"Topic","values":["login"]}]},
 {"id":"9","type":"ticket","Subject":"Report","Status":"new","Priority":"0",
  "Created":"2026-10-01T09:45:38Z","LastUpdated":"2026-10-01T09:45:38Z",
  "Queue":{"id":"5","Name":"KPI Reports"},"Owner":{"id":6,"Name":"Nobody"},"Requestor":[]}]})";

std::string txn(int id, int ticket, const char* type, const char* field, const char* oldv,
                const char* newv, int creator, const char* name, long long taken = 0) {
  return "{\"id\":\"" + std::to_string(id) + "\",\"ObjectId\":\"" + std::to_string(ticket) +
         "\",\"Type\":\"" + type + "\",\"Field\":\"" + field + "\",\"OldValue\":\"" + oldv +
         "\",\"NewValue\":\"" + newv + "\",\"TimeTaken\":\"" + std::to_string(taken) +
         "\",\"Created\":\"2026-10-01T1" + std::to_string(id % 10) +
         ":00:00Z\",\"Creator\":{\"id\":" + std::to_string(creator) + ",\"Name\":\"" + name +
         "\",\"EmailAddress\":\"" + name +
         (std::string(name).find('@') == std::string::npos ? "@x" : "") + "\"}}";
}

struct NormalizeTest : ::testing::Test {
  RtOptions o = test::test_options();
  Directory dir;
  std::vector<RtTicket> tickets;
  void SetUp() override {
    dir.privileged = {37, 38, 50};
    dir.names = {{6, "Nobody"}, {37, "alice"}, {38, "bob"}};
    tickets = parse_tickets(kTickets).value().items;
    o.own_user = "deskpulse";
  }
  Normalized run(const std::vector<std::string>& txns) {
    std::string body = "{\"items\":[";
    for (size_t i = 0; i < txns.size(); ++i) body += (i ? "," : "") + txns[i];
    body += "]}";
    return normalize(o, tickets, parse_transactions(body).value().items, dir);
  }
};

TEST_F(NormalizeTest, TicketFields) {
  auto n = run({});
  ASSERT_EQ(n.records.tickets.size(), 1u);  // the report ticket is not support work
  const Ticket& t = n.records.tickets[0];
  EXPECT_EQ(t.id, "rt:5");
  EXPECT_EQ(t.queue, "Support");
  EXPECT_EQ(t.owner, "alice");
  EXPECT_EQ(t.requester, "c1@example.org");
  EXPECT_EQ(t.status, TicketStatus::resolved);
  EXPECT_EQ(t.channel, Channel::email);
  EXPECT_EQ(format_rfc3339(t.created_at), "2026-10-01T09:45:38Z");
  EXPECT_NE(t.extra.find("\"topic\":\"login\""), std::string::npos);
  ASSERT_EQ(n.records.customers.size(), 1u);
  ASSERT_EQ(n.records.agents.size(), 1u);
  EXPECT_EQ(n.records.agents[0].id, "alice");
  EXPECT_EQ(n.records.agents[0].name, "");  // RT gave no RealName: the store keeps any
}

TEST_F(NormalizeTest, OwnerIsNamedByTheirRealName) {
  dir.real_names = {{37, "Alice Archer"}};
  auto n = run({});
  ASSERT_EQ(n.records.agents.size(), 1u);
  EXPECT_EQ(n.records.agents[0].id, "alice");
  EXPECT_EQ(n.records.agents[0].name, "Alice Archer");
}

TEST_F(NormalizeTest, TransactionTypes) {
  auto n = run({txn(1, 5, "Create", "", "", "", 40, "c1@example.org"),
                txn(2, 5, "Set", "Owner", "6", "37", 37, "alice"),
                txn(3, 5, "SetWatcher", "Owner", "6", "37", 37, "alice"),
                txn(4, 5, "Correspond", "", "", "", 37, "alice", 10),
                txn(5, 5, "EmailRecord", "", "", "", 1, "RT_System"),
                txn(6, 5, "Status", "Status", "new", "open", 1, "RT_System"),
                txn(7, 5, "Correspond", "", "", "", 40, "c1@example.org"),
                txn(8, 5, "Comment", "", "", "", 38, "bob", 3),
                txn(9, 5, "Status", "Status", "resolved", "open", 40, "c1@example.org"),
                txn(11, 5, "Status", "Status", "open", "stalled", 37, "alice")});
  const auto& e = n.records.events;
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[0].type, EventType::created);
  EXPECT_EQ(e[0].actor, "c1@example.org");
  EXPECT_EQ(e[0].id, "rt:txn:1");
  EXPECT_EQ(e[1].type, EventType::owner_change);
  EXPECT_EQ(e[1].from, std::nullopt);  // Nobody
  EXPECT_EQ(e[1].to, "alice");
  EXPECT_EQ(e[2].type, EventType::agent_reply);
  EXPECT_EQ(e[2].time_spent, Seconds{600});
  EXPECT_TRUE(e[2].is_public);
  EXPECT_EQ(e[3].type, EventType::status_change);
  EXPECT_EQ(e[4].type, EventType::customer_reply);
  EXPECT_EQ(e[5].type, EventType::internal_note);
  EXPECT_FALSE(e[5].is_public);
  EXPECT_EQ(e[6].from, "resolved");
  EXPECT_EQ(e[6].to, "open");
  EXPECT_EQ(e[7].to, "pending");
}

TEST_F(NormalizeTest, OwnCustomFieldWritesAreNotActivity) {
  auto n = run({txn(1, 5, "CustomField", "7", "", "42", 50, "deskpulse"),
                txn(2, 5, "CustomField", "2", "", "4", 40, "c1@example.org")});
  EXPECT_TRUE(n.records.events.empty());
  EXPECT_EQ(n.own_writes, 1u);
  ASSERT_EQ(n.records.surveys.size(), 1u);
  const Survey& s = n.records.surveys[0];
  EXPECT_EQ(s.kind, SurveyKind::csat);
  EXPECT_EQ(s.score, 4);
  EXPECT_EQ(s.ticket, "rt:5");
  EXPECT_EQ(s.agent, "alice");
  EXPECT_EQ(s.customer, "c1@example.org");
}

TEST_F(NormalizeTest, BadSurveyScoreIsRejected) {
  auto n = run({txn(2, 5, "CustomField", "2", "", "9", 40, "c1@example.org")});
  EXPECT_TRUE(n.records.surveys.empty());
  ASSERT_EQ(n.rejected.size(), 1u);
  EXPECT_EQ(n.rejected[0].field, "CSAT");
}

// Out of the bounds every record keeps (docs/reliability.md): found by fuzzing.
TEST_F(NormalizeTest, TimeTakenBeyondTenYearsIsRejectedAndCountedAsZero) {
  auto n = run({txn(2, 5, "Correspond", "", "", "", 37, "alice", 9'000'000'000'000'000'000LL),
                txn(3, 5, "Correspond", "", "", "", 37, "alice", -30)});
  ASSERT_EQ(n.records.events.size(), 2u);
  EXPECT_EQ(n.records.events[0].time_spent, Seconds{0});
  EXPECT_EQ(n.records.events[1].time_spent, Seconds{-1800});  // a correction
  ASSERT_EQ(n.rejected.size(), 1u);
  EXPECT_EQ(n.rejected[0].field, "TimeTaken");
}

TEST_F(NormalizeTest, MergedTicketDerivedFromSurvivor) {
  dir.merged_into[6] = 5;
  auto n = run(
      {txn(1, 6, "Create", "", "", "", 40, "c1@example.org"),
       txn(2, 6, "AddLink", "MergedInto", "", "fsck.com-rt://example.com/ticket/5", 37, "alice")});
  ASSERT_EQ(n.records.tickets.size(), 2u);
  const Ticket& m = n.records.tickets[1];
  EXPECT_EQ(m.id, "rt:6");
  EXPECT_EQ(m.status, TicketStatus::merged);
  EXPECT_EQ(format_rfc3339(m.created_at), "2026-10-01T11:00:00Z");
  ASSERT_EQ(n.records.events.size(), 2u);
  EXPECT_EQ(n.records.events[1].type, EventType::merged);
  EXPECT_EQ(n.records.events[1].to, "rt:5");
}

TEST_F(NormalizeTest, InvisibleTicketIsRejected) {
  auto n = run({txn(1, 77, "Create", "", "", "", 40, "c1@example.org")});
  ASSERT_EQ(n.rejected.size(), 1u);
  EXPECT_EQ(n.rejected[0].field, "ObjectId");
}

TEST_F(NormalizeTest, QueueFilterAndChannelField) {
  o.channel_field = "Channel";
  tickets[0].fields["Channel"] = "Chat";
  auto n = run({});
  EXPECT_EQ(n.records.tickets[0].channel, Channel::chat);
  o.queues = {"Billing"};
  EXPECT_TRUE(run({txn(1, 5, "Create", "", "", "", 40, "c1@example.org")}).records.events.empty());
}

TEST(RtDates, UnsetDateIsNull) {
  EXPECT_EQ(rt_date(std::string("1970-01-01T00:00:00Z")), std::nullopt);
  EXPECT_EQ(rt_date(std::string("1013-05-01T00:00:00Z")), std::nullopt);  // not a real date
  EXPECT_TRUE(rt_date(std::string("2026-01-01T00:00:00Z")).has_value());
}

TEST(RtIds, TicketNumber) {
  EXPECT_EQ(rt_ticket_number("rt:123"), 123);
  EXPECT_EQ(rt_ticket_number("helpdesk:7"), 7);
  EXPECT_EQ(rt_ticket_number("rt:x"), std::nullopt);
  EXPECT_EQ(map_status("stalled"), TicketStatus::pending);
  EXPECT_EQ(map_status("rejected"), TicketStatus::closed);
  EXPECT_EQ(map_status("weird"), std::nullopt);
}

}  // namespace
}  // namespace dp::rt
