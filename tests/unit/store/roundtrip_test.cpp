// Every record kind comes back exactly as it went in, also after closing the file.
#include <gtest/gtest.h>

#include "store/raw_sql.h"
#include "store/sample_records.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

Records every_kind() {
  Records r;
  r.tickets = {test::full_ticket("rt:1"), test::bare_ticket("rt:2")};
  TicketEvent bare;
  bare.id = "rt:txn:2";
  bare.ticket = "rt:2";
  bare.at = test::at(1'763'800'000);
  r.events = {test::full_event("rt:txn:1", "rt:1", 1'763'801'000), bare};
  Call unanswered;
  unanswered.id = "ast:2";
  unanswered.offered_at = test::at(1'763'800'000);
  unanswered.outcome = CallOutcome::abandoned;
  r.calls = {test::full_call("ast:1"), unanswered};
  Survey plain;
  plain.id = "sv:plain";
  r.surveys = {test::full_survey("sv:1"), plain};
  Customer quiet;
  quiet.id = "cust:2";
  r.customers = {test::full_customer("cust:1"), quiet};
  r.agents = {test::full_agent("bot:1"), Agent{"carol", "tier2", std::nullopt, AgentKind::agent}};
  r.sessions = {test::full_session("as:1"),
                AgentSession{"as:2", "dave", "", test::at(5), test::at(10), Seconds(0)}};
  return r;
}

TEST(StoreRoundTrip, EveryKindWithAndWithoutOptionalFieldsSurvivesReopen) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  const Records in = every_kind();
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().str();
    auto stats = (*store)->apply(in, "files", "line:14");
    ASSERT_TRUE(stats) << stats.error().str();
    EXPECT_EQ(stats->total().inserted, in.size());
    auto back = (*store)->load_all();
    ASSERT_TRUE(back) << back.error().str();
    EXPECT_TRUE(test::same(*back, in));
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().str();
  auto back = (*store)->load_all();
  ASSERT_TRUE(back) << back.error().str();
  EXPECT_TRUE(test::same(*back, in));
  auto cur = (*store)->cursor("files");
  ASSERT_TRUE(cur);
  EXPECT_EQ(*cur, "line:14");
  auto counts = (*store)->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tickets, 2);
  EXPECT_EQ(counts->events, 2);
  EXPECT_EQ(counts->calls, 2);
  EXPECT_EQ(counts->surveys, 2);
  EXPECT_EQ(counts->customers, 2);
  EXPECT_EQ(counts->agents, 2);
  EXPECT_EQ(counts->sessions, 2);
  EXPECT_EQ(counts->cursors, 1);
}

TEST(StoreRoundTrip, LoadAllIsOrderedByIdAndEventsByTicketAndTime) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in;
  in.tickets = {test::bare_ticket("rt:3"), test::bare_ticket("rt:1"), test::bare_ticket("rt:2")};
  in.events = {test::full_event("e:a", "rt:2", 300), test::full_event("e:b", "rt:1", 200),
               test::full_event("e:c", "rt:2", 100)};
  ASSERT_TRUE((*store)->apply(in, "s", std::nullopt));
  auto back = (*store)->load_all();
  ASSERT_TRUE(back);
  ASSERT_EQ(back->tickets.size(), 3u);
  EXPECT_EQ(back->tickets[0].id, "rt:1");
  EXPECT_EQ(back->tickets[2].id, "rt:3");
  ASSERT_EQ(back->events.size(), 3u);
  EXPECT_EQ(back->events[0].id, "e:b");
  EXPECT_EQ(back->events[1].id, "e:c");
  EXPECT_EQ(back->events[2].id, "e:a");
}

TEST(StoreRoundTrip, RecordsWithoutIdAreKeyedByContent) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  Records in;
  in.events.push_back(test::full_event("", "rt:1", 1000));
  in.surveys.push_back(test::full_survey(""));
  ASSERT_TRUE((*store)->apply(in, "s", std::nullopt));
  auto again = (*store)->apply(in, "s", std::nullopt);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->events.unchanged, 1u);
  EXPECT_EQ(again->surveys.unchanged, 1u);

  auto back = (*store)->load_all();
  ASSERT_TRUE(back);
  ASSERT_EQ(back->events.size(), 1u);
  EXPECT_EQ(back->events[0].id, event_key(in.events[0]));
  ASSERT_EQ(back->surveys.size(), 1u);
  EXPECT_EQ(back->surveys[0].id, survey_key(in.surveys[0]));
}

TEST(StoreRoundTrip, ValueTheModelDoesNotKnowIsAnErrorNamingTheRow) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  Records in;
  in.tickets = {test::full_ticket("rt:1"), test::full_ticket("rt:2")};
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->apply(in, "rt", std::nullopt));
  }
  test::write_raw(path, "UPDATE tickets SET channel = 'fax' WHERE id = 'rt:2'");
  auto store = Store::open(path);
  ASSERT_TRUE(store);
  auto all = (*store)->load_all();
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().str().find("tickets 'rt:2'"), std::string::npos) << all.error().str();
  EXPECT_NE(all.error().str().find("fax"), std::string::npos) << all.error().str();

  test::write_raw(path, "UPDATE tickets SET channel = 'web', tags = '{oops' WHERE id = 'rt:2'");
  all = (*store)->load_all();
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().str().find("JSON"), std::string::npos) << all.error().str();
}

TEST(StoreRoundTrip, TwoConnectionsOnOneFileSeeEachOthersCommits) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  auto writer = Store::open(path);
  auto reader = Store::open(path);
  ASSERT_TRUE(writer && reader);
  Records in;
  in.tickets = {test::full_ticket("rt:1")};
  ASSERT_TRUE((*writer)->apply(in, "rt", "c1"));
  auto cur = (*reader)->cursor("rt");
  ASSERT_TRUE(cur);
  EXPECT_EQ(*cur, "c1");
  auto all = (*reader)->load_all();
  ASSERT_TRUE(all);
  EXPECT_TRUE(test::same(*all, in));
}

}  // namespace
}  // namespace dp
