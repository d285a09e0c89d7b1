#include "rt/source.h"

#include <gtest/gtest.h>

#include "fake_rt.h"

namespace dp::rt {
namespace {

const char* kTxnPage1 =
    R"({"page":1,"per_page":2,"next_page":"http://rt.test/REST/2.0/transactions?page=2","items":[
 {"id":"10","ObjectId":"5","Type":"Create","Created":"2026-10-01T09:00:00Z","TimeTaken":"0",
  "Creator":{"id":40,"Name":"c1@example.org","EmailAddress":"c1@example.org"}},
 {"id":"12","ObjectId":"5","Type":"Set","Field":"Owner","OldValue":"6","NewValue":"37",
  "Created":"2026-10-01T09:05:00Z","TimeTaken":"0","Creator":{"id":38,"Name":"bob"}}]})";
const char* kTickets = R"({"items":[{"id":"5","Subject":"s","Status":"open",
 "Created":"2026-10-01T09:00:00Z","LastUpdated":"2026-10-01T09:05:00Z",
 "Queue":{"id":"3","Name":"Support"},"Owner":{"id":37,"Name":"alice"},
 "Requestor":[{"id":40,"Name":"c1@example.org","EmailAddress":"c1@example.org"}]}]})";

struct SourceTest : ::testing::Test {
  std::unique_ptr<RtSource> src;
  test::FakeRt* fake = nullptr;
  void SetUp() override {
    auto [api, f] = test::fake_api();
    fake = f;
    fake->reply("user/6", R"({"id":6,"Name":"Nobody","Privileged":0})");
    fake->reply("user/37", R"({"id":37,"Name":"alice","RealName":"Alice Archer","Privileged":1})");
    fake->reply("user/38", R"({"id":38,"Name":"bob","Privileged":1})");
    fake->reply("tickets", kTickets);
    fake->reply("queues/all", R"({"items":[]})");  // no queue visible: nothing to check
    src = std::make_unique<RtSource>(std::move(api));
  }
};

TEST_F(SourceTest, PollFollowsCursorAndBatchesTickets) {
  fake->reply("transactions", kTxnPage1);
  auto b = src->poll("");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->cursor, "txn:12");
  EXPECT_TRUE(b->more);  // a page with items is never taken for the end
  ASSERT_EQ(b->records.events.size(), 2u);
  EXPECT_EQ(b->records.events[1].from, std::nullopt);
  EXPECT_EQ(b->records.events[1].to, "alice");
  // the fields it sees (once per sync), transactions, tickets, then each user once: 37
  // (owner), 6 (Nobody), 38 (actor)
  EXPECT_EQ(src->http_counts().requests, 6u);
  EXPECT_NE(fake->sent[1].body.find(R"("value":0)"), std::string::npos);
  EXPECT_EQ(b->records.events[1].actor, "bob");
  // The owner is an agent, named by their RealName.
  ASSERT_EQ(b->records.agents.size(), 1u);
  EXPECT_EQ(b->records.agents[0].id, "alice");
  EXPECT_EQ(b->records.agents[0].name, "Alice Archer");

  // The end: an empty page, and the newest visible transaction is the cursor's.
  fake->routes["transactions"] = [](const http::Request& r) {
    if (r.url.find("order=DESC") != std::string::npos)
      return http::Response{200, {}, R"({"items":[{"id":"12","ObjectId":"5","Type":"Set",
        "Created":"2026-10-01T09:05:00Z"}]})"};
    return http::Response{200, {}, R"({"items":[],"total":null})"};
  };
  auto c = src->poll(b->cursor);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->more);
  EXPECT_EQ(c->cursor, "txn:12");
  EXPECT_NE(fake->sent[6].body.find(R"("value":12)"), std::string::npos);
  EXPECT_EQ(src->http_counts().requests, 8u);  // empty page + probe, no ticket search
}

// A survey field deskpulse may not see is left out of RT's answers without a marker:
// each sync says so, naming the queue, the field and the right to grant.
TEST_F(SourceTest, EachSyncWarnsOfAReadFieldItCannotSee) {
  fake->routes["queues/all"] = [](const http::Request& r) {
    if (r.url.find("page=1") == std::string::npos)
      return http::Response{200, {}, R"({"items":[]})"};
    return http::Response{
        200, {}, R"({"items":[{"id":"1","Name":"Support"},{"id":"2","Name":"Billing"}]})"};
  };
  fake->routes["queue/1/customfields"] = [](const http::Request& r) {
    if (r.url.find("page=1") == std::string::npos)
      return http::Response{200, {}, R"({"items":[]})"};
    return http::Response{
        200, {}, R"({"items":[{"id":"3","Name":"CSAT"},{"id":"4","Name":"Topic"}]})"};
  };
  fake->routes["queue/2/customfields"] = [](const http::Request& r) {
    if (r.url.find("page=1") == std::string::npos)
      return http::Response{200, {}, R"({"items":[]})"};
    return http::Response{200, {}, R"({"items":[{"id":"4","Name":"Topic"}]})"};
  };
  fake->reply("transactions", R"({"items":[]})");
  auto b = src->poll("txn:12");
  ASSERT_TRUE(b.ok()) << b.error().str();
  ASSERT_EQ(b->warnings.size(), 1u);
  EXPECT_NE(b->warnings[0].find("'CSAT'"), std::string::npos) << b->warnings[0];
  EXPECT_NE(b->warnings[0].find("'Billing'"), std::string::npos) << b->warnings[0];
  EXPECT_NE(b->warnings[0].find("SeeCustomField"), std::string::npos) << b->warnings[0];
  EXPECT_NE(b->warnings[0].find("--resync"), std::string::npos) << b->warnings[0];
}

// deskpulse's own field writes are not activity: a page of nothing else fetches no
// ticket and stores nothing (the next sync after a write-back stays small).
TEST_F(SourceTest, OwnFieldWritesAloneFetchNoTicket) {
  fake->reply("transactions", R"({"items":[
 {"id":"20","ObjectId":"5","Type":"CustomField","Field":"7","NewValue":"42m",
  "Created":"2026-10-02T09:00:00Z","Creator":{"id":50,"Name":"deskpulse"}},
 {"id":"21","ObjectId":"6","Type":"CustomField","Field":"7","NewValue":"1h 05m",
  "Created":"2026-10-02T09:00:01Z","Creator":{"id":50,"Name":"deskpulse"}}]})");
  auto b = src->poll("txn:12");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->cursor, "txn:21");
  EXPECT_TRUE(b->records.tickets.empty());
  EXPECT_EQ(src->own_writes_skipped(), 2u);
  for (const auto& r : fake->sent) EXPECT_EQ(r.url.find("/REST/2.0/tickets?"), std::string::npos);
}

TEST_F(SourceTest, StepsOverInvisibleTransactions) {
  // RT drops transactions deskpulse may not see after the LIMIT: page 1 is empty
  // although newer ones exist; page 2 has them.
  fake->routes["transactions"] = [](const http::Request& r) {
    if (r.url.find("order=DESC") != std::string::npos)
      return http::Response{200, {}, R"({"items":[{"id":"300","ObjectId":"5","Type":"Create",
        "Created":"2026-10-01T09:05:00Z"}]})"};
    if (r.url.find("page=2") != std::string::npos) return http::Response{200, {}, kTxnPage1};
    return http::Response{200, {}, R"({"items":[]})"};
  };
  auto b = src->poll("txn:5");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->cursor, "txn:12");
  EXPECT_TRUE(b->more);
}

TEST_F(SourceTest, MergedTicketAskedOnce) {
  fake->reply("transactions", R"({"items":[{"id":"20","ObjectId":"6","Type":"Create",
    "Created":"2026-10-01T09:00:00Z","Creator":{"id":40,"Name":"c1@example.org"}}]})");
  fake->reply("ticket/6", R"({"id":5,"Subject":"s"})");
  auto b = src->poll("txn:19");
  ASSERT_TRUE(b.ok()) << b.error().str();
  ASSERT_EQ(b->records.tickets.size(), 2u);
  EXPECT_EQ(b->records.tickets[1].id, "rt:6");
  EXPECT_EQ(b->records.tickets[1].status, TicketStatus::merged);
}

TEST(RtCursor, Parse) {
  EXPECT_EQ(parse_cursor(""), 0);
  EXPECT_EQ(parse_cursor("txn:77"), 77);
  EXPECT_EQ(parse_cursor("77"), std::nullopt);
  EXPECT_EQ(parse_cursor("txn:"), std::nullopt);
  EXPECT_EQ(make_cursor(5), "txn:5");
}

}  // namespace
}  // namespace dp::rt
