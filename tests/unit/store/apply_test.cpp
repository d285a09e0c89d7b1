// apply(): idempotent upserts, the change sequence, and all-or-nothing batches.
#include <gtest/gtest.h>

#include <map>

#include "store/sample_records.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

Records batch(int first, int n) {
  Records r;
  for (int i = first; i < first + n; ++i) {
    const auto id = "rt:" + std::to_string(i);
    r.tickets.push_back(test::full_ticket(id));
    r.events.push_back(test::full_event(id + ":e1", id, 1'763'800'100 + i));
    r.events.push_back(test::full_event(id + ":e2", id, 1'763'800'200 + i));
    r.calls.push_back(test::full_call("ast:" + std::to_string(i)));
  }
  return r;
}

std::vector<std::string> ids(const std::vector<Ticket>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.id);
  return out;
}

TEST(StoreApply, SameRecordsTwiceChangeNothing) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in = batch(1, 5);
  in.surveys.push_back(test::full_survey("sv:1"));
  in.customers.push_back(test::full_customer("c:1"));
  in.agents.push_back(test::full_agent("a:1"));
  in.sessions.push_back(test::full_session("s:1"));

  auto first = (*store)->apply(in, "rt", "c1");
  ASSERT_TRUE(first) << first.error().str();
  EXPECT_EQ(first->total().inserted, in.size());
  int64_t seq1 = -1;
  ASSERT_TRUE((*store)->load_tickets_changed_since(0, &seq1));
  EXPECT_EQ(seq1, 20);  // 5 tickets + 10 events + 5 calls, one sequence number each

  auto second = (*store)->apply(in, "rt", "c1");
  ASSERT_TRUE(second) << second.error().str();
  EXPECT_EQ(second->total().unchanged, in.size());
  EXPECT_EQ(second->total().changed(), 0u);

  int64_t seq2 = -1;
  auto changed = (*store)->load_tickets_changed_since(seq1, &seq2);
  ASSERT_TRUE(changed);
  EXPECT_EQ(seq2, seq1);
  EXPECT_EQ(changed->size(), 0u);
}

TEST(StoreApply, ChangedTicketTakesANewSequenceAndIsFoundWithAllItsEvents) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in = batch(1, 3);
  ASSERT_TRUE((*store)->apply(in, "rt", std::nullopt));
  int64_t seq1 = 0;
  ASSERT_TRUE((*store)->load_tickets_changed_since(0, &seq1));

  in.tickets[1].status = TicketStatus::resolved;
  in.tickets[1].tags.push_back("escalated");
  auto st = (*store)->apply(in, "rt", std::nullopt);
  ASSERT_TRUE(st) << st.error().str();
  EXPECT_EQ(st->tickets.updated, 1u);
  EXPECT_EQ(st->tickets.unchanged, 2u);
  EXPECT_EQ(st->events.unchanged, 6u);

  int64_t seq2 = 0;
  auto changed = (*store)->load_tickets_changed_since(seq1, &seq2);
  ASSERT_TRUE(changed) << changed.error().str();
  EXPECT_EQ(seq2, seq1 + 1);
  EXPECT_EQ(ids(changed->tickets), std::vector<std::string>{"rt:2"});
  EXPECT_EQ(changed->tickets[0].status, TicketStatus::resolved);
  EXPECT_EQ(changed->tickets[0].tags.back(), "escalated");
  ASSERT_EQ(changed->events.size(), 2u);
  EXPECT_EQ(changed->events[0].ticket, "rt:2");
  EXPECT_TRUE(changed->calls.empty());

  // A new event alone marks its ticket as changed; a changed call comes along.
  Records later;
  later.events.push_back(test::full_event("rt:3:e3", "rt:3", 1'763'900'000));
  later.calls.push_back(test::full_call("ast:1"));
  later.calls[0].talk = Seconds(999);
  ASSERT_TRUE((*store)->apply(later, "rt", std::nullopt));
  int64_t seq3 = 0;
  changed = (*store)->load_tickets_changed_since(seq2, &seq3);
  ASSERT_TRUE(changed);
  EXPECT_EQ(seq3, seq2 + 2);
  EXPECT_EQ(ids(changed->tickets), std::vector<std::string>{"rt:3"});
  EXPECT_EQ(changed->events.size(), 3u);
  ASSERT_EQ(changed->calls.size(), 1u);
  EXPECT_EQ(changed->calls[0].talk, Seconds(999));

  auto everything = (*store)->load_tickets_changed_since(0, nullptr);
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->tickets.size(), 3u);
}

TEST(StoreApply, SameIdTwiceInOneBatchKeepsTheLast) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in;
  in.tickets = {test::full_ticket("rt:1"), test::full_ticket("rt:1")};
  in.tickets[1].subject = "second";
  auto st = (*store)->apply(in, "rt", std::nullopt);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->tickets.inserted, 1u);
  EXPECT_EQ(st->tickets.updated, 1u);
  auto all = (*store)->load_all();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->tickets.size(), 1u);
  EXPECT_EQ(all->tickets[0].subject, "second");
}

TEST(StoreApply, FailingBatchStoresNothingAndKeepsTheCursor) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  Records before;
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->apply(batch(1, 2), "rt", "c1"));
    auto loaded = (*store)->load_all();
    ASSERT_TRUE(loaded);
    before = std::move(*loaded);

    // New and changed records first, then one the store refuses (no id).
    Records bad = batch(3, 2);
    bad.tickets.push_back(test::full_ticket("rt:1"));
    bad.tickets.back().subject = "changed";
    bad.tickets.push_back(test::bare_ticket(""));
    auto st = (*store)->apply(bad, "rt", "c2");
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().str().find("tickets"), std::string::npos) << st.error().str();

    auto cur = (*store)->cursor("rt");
    ASSERT_TRUE(cur);
    EXPECT_EQ(*cur, "c1");
    auto after = (*store)->load_all();
    ASSERT_TRUE(after);
    EXPECT_TRUE(test::same(*after, before));

    // The store is still usable after the failed batch.
    ASSERT_TRUE((*store)->apply(batch(3, 1), "rt", "c3"));
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store);
  auto cur = (*store)->cursor("rt");
  ASSERT_TRUE(cur);
  EXPECT_EQ(*cur, "c3");
  auto after = (*store)->load_all();
  ASSERT_TRUE(after);
  EXPECT_EQ(ids(after->tickets), (std::vector<std::string>{"rt:1", "rt:2", "rt:3"}));
  EXPECT_EQ(after->tickets[0].subject, before.tickets[0].subject);
}

TEST(StoreApply, EventWithoutTicketFailsTheWholeBatch) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records bad = batch(1, 1);
  bad.events.push_back(test::full_event("e:orphan", "", 5));
  ASSERT_FALSE((*store)->apply(bad, "rt", "c1"));
  auto cur = (*store)->cursor("rt");
  ASSERT_TRUE(cur);
  EXPECT_EQ(*cur, std::nullopt);
  auto counts = (*store)->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tickets + counts->events + counts->calls, 0);
}

// Batches larger than one multi-row INSERT (64 records): the chunks that go in whole,
// and the ones redone row by row because some of their records were stored before,
// come twice, or are refused.
TEST(StoreApply, LargeBatchesCountAndSequenceLikeRowByRow) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records first = batch(0, 100);  // 100 tickets, 200 events, 100 calls
  for (int i = 0; i < 150; ++i)
    first.customers.push_back(test::full_customer("c:" + std::to_string(i)));
  auto st = (*store)->apply(first, "rt", std::nullopt);
  ASSERT_TRUE(st) << st.error().str();
  EXPECT_EQ(st->total().inserted, first.size());
  int64_t seq1 = 0;
  ASSERT_TRUE((*store)->load_tickets_changed_since(0, &seq1));
  EXPECT_EQ(seq1, 400);  // dense: one number per changed record

  // Tickets 50..149: 50 stored and unchanged, 10 of them changed, 50 new. Customers
  // 100..249 the same way, without a sequence.
  Records next = batch(50, 100);
  for (int i = 50; i < 60; ++i) next.tickets[size_t(i - 50)].subject = "changed";
  for (int i = 100; i < 250; ++i)
    next.customers.push_back(test::full_customer("c:" + std::to_string(i)));
  for (int i = 100; i < 110; ++i) next.customers[size_t(i - 100)].revenue = 1.5;
  st = (*store)->apply(next, "rt", std::nullopt);
  ASSERT_TRUE(st) << st.error().str();
  EXPECT_EQ(st->tickets.inserted, 50u);
  EXPECT_EQ(st->tickets.updated, 10u);
  EXPECT_EQ(st->tickets.unchanged, 40u);
  EXPECT_EQ(st->events.inserted, 100u);
  EXPECT_EQ(st->events.unchanged, 100u);
  EXPECT_EQ(st->customers.inserted, 100u);
  EXPECT_EQ(st->customers.updated, 10u);
  EXPECT_EQ(st->customers.unchanged, 40u);

  int64_t seq2 = 0;
  auto changed = (*store)->load_tickets_changed_since(seq1, &seq2);
  ASSERT_TRUE(changed) << changed.error().str();
  EXPECT_EQ(seq2, seq1 + 50 + 10 + 100 + 50);  // new and changed tickets, new events and calls
  EXPECT_EQ(changed->tickets.size(), 60u);
  auto all = (*store)->load_all();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->tickets.size(), 150u);
  EXPECT_EQ(all->customers.size(), 250u);
  for (const auto& t : all->tickets)
    EXPECT_EQ(t.subject == "changed", t.id >= "rt:50" && t.id <= "rt:59") << t.id;

  auto again = (*store)->apply(next, "rt", std::nullopt);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->total().changed(), 0u);
  EXPECT_EQ(again->total().unchanged, next.size());
}

TEST(StoreApply, SameIdTwiceInALargeBatchKeepsTheLast) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in = batch(0, 100);
  in.tickets[70] = test::full_ticket("rt:5");  // rt:5 again, in another chunk
  in.tickets[70].subject = "second";
  in.tickets[10] = test::full_ticket("rt:3");  // rt:3 again, in the same chunk
  in.tickets[10].subject = "second";
  for (int i = 0; i < 80; ++i)
    in.customers.push_back(test::full_customer("c:" + std::to_string(i % 70)));
  in.customers[75].phone = "+1555";  // c:5 again, changed
  auto st = (*store)->apply(in, "rt", std::nullopt);
  ASSERT_TRUE(st) << st.error().str();
  EXPECT_EQ(st->tickets.inserted, 98u);
  EXPECT_EQ(st->tickets.updated, 2u);
  EXPECT_EQ(st->customers.inserted, 70u);
  EXPECT_EQ(st->customers.updated, 1u);
  EXPECT_EQ(st->customers.unchanged, 9u);
  int64_t seq = 0;
  ASSERT_TRUE((*store)->load_tickets_changed_since(0, &seq));
  EXPECT_EQ(seq, 100 + 200 + 100);
  auto all = (*store)->load_all();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->tickets.size(), 98u);
  for (const auto& t : all->tickets)
    EXPECT_EQ(t.subject == "second", t.id == "rt:3" || t.id == "rt:5") << t.id;
  for (const auto& c : all->customers) EXPECT_EQ(c.phone == "+1555", c.id == "c:5") << c.id;
}

TEST(StoreApply, RefusedRecordInALargeBatchIsNamedAndNothingIsStored) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->apply(batch(0, 1), "rt", "c1"));
  Records bad = batch(1, 100);
  bad.events[140].ticket = "";  // third chunk of events
  auto st = (*store)->apply(bad, "rt", "c2");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().str().find("ticket_events '" + bad.events[140].id + "'"), std::string::npos)
      << st.error().str();
  auto cur = (*store)->cursor("rt");
  ASSERT_TRUE(cur);
  EXPECT_EQ(*cur, "c1");
  auto counts = (*store)->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tickets, 1);
  EXPECT_EQ(counts->events, 2);
}

TEST(StoreApply, CursorMovesOnlyWhenGivenAndIsPerSource) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->apply({}, "rt", "7"));
  ASSERT_TRUE((*store)->apply({}, "asterisk", "queue_log:10"));
  ASSERT_TRUE((*store)->apply(batch(1, 1), "rt", std::nullopt));
  auto rt = (*store)->cursor("rt");
  auto ast = (*store)->cursor("asterisk");
  auto none = (*store)->cursor("zammad");
  ASSERT_TRUE(rt && ast && none);
  EXPECT_EQ(*rt, "7");
  EXPECT_EQ(*ast, "queue_log:10");
  EXPECT_EQ(*none, std::nullopt);
}

std::map<std::string, std::string> agent_names(Store& store) {
  std::map<std::string, std::string> out;
  const std::vector<Agent> agents = store.agents().value();
  for (const Agent& a : agents) out[a.id] = a.name;
  return out;
}

// RT sends some agents by id only: a record without a name keeps the stored name, one
// with a name replaces it; row by row and in a multi-row chunk alike.
TEST(StoreApply, AgentWithoutANameKeepsTheStoredName) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records named;
  for (int i = 0; i < 70; ++i)
    named.agents.push_back(Agent{"a" + std::to_string(i), "t", std::nullopt, AgentKind::agent,
                                 "Name " + std::to_string(i)});
  ASSERT_TRUE((*store)->apply(named, "files", std::nullopt));

  Records unnamed = named;
  for (Agent& a : unnamed.agents) a.name = "";
  auto kept = (*store)->apply(unnamed, "rt", std::nullopt);
  ASSERT_TRUE(kept) << kept.error().str();
  EXPECT_EQ(kept->agents.unchanged, 70u);
  EXPECT_EQ(agent_names(**store)["a3"], "Name 3");
  EXPECT_EQ(agent_names(**store)["a69"], "Name 69");

  Records renamed;
  renamed.agents = {Agent{"a3", "t", std::nullopt, AgentKind::agent, "Alice Archer"},
                    Agent{"a4", "u", std::nullopt, AgentKind::agent, ""}};  // team changed
  auto st = (*store)->apply(renamed, "rt", std::nullopt);
  ASSERT_TRUE(st) << st.error().str();
  EXPECT_EQ(st->agents.updated, 2u);
  const auto names = agent_names(**store);
  EXPECT_EQ(names.at("a3"), "Alice Archer");
  EXPECT_EQ(names.at("a4"), "Name 4");

  Records fresh;
  fresh.agents = {Agent{"new", "t", std::nullopt, AgentKind::agent}};
  ASSERT_TRUE((*store)->apply(fresh, "rt", std::nullopt));
  EXPECT_EQ(agent_names(**store).at("new"), "");
}

}  // namespace
}  // namespace dp
