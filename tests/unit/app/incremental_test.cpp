// Incremental partials (rollup/incremental.h, rebuilt as rollup/rebuild.h does): after any batch
// the stored partials equal a rebuild from all records, or say they are stale.

#include <gtest/gtest.h>

#include <climits>
#include <map>
#include <set>

#include "app/env.h"
#include "gen/generate.h"
#include "rollup/incremental.h"
#include "rollup/rebuild.h"

namespace dp::app {
namespace {

class Incremental : public ::testing::Test {
 protected:
  void SetUp() override {
    gen::GenOptions opt;
    opt.tickets = 400;
    opt.weeks = 4;
    all_ = gen::generate(opt);
    store_ = std::move(Store::open(":memory:").value());
    // Held back for later batches: the last 40 tickets with their events and surveys,
    // and the last 25 calls.
    Records first = all_;
    first.tickets.resize(all_.tickets.size() - 40);
    first.calls.resize(all_.calls.size() - 25);
    std::set<std::string> tickets, calls;
    for (const auto& t : first.tickets) tickets.insert(t.id);
    for (const auto& c : first.calls) calls.insert(c.id);
    std::erase_if(first.events, [&](const TicketEvent& e) { return !tickets.count(e.ticket); });
    std::erase_if(first.surveys, [&](const Survey& s) {
      return (s.ticket && !tickets.count(*s.ticket)) || (s.call && !calls.count(*s.call));
    });
    ASSERT_TRUE(store_->apply(first, "test", std::nullopt));
    Records agents;
    agents.agents = store_->agents().value();
    ctx_ = make_context(nullptr, agents);
    auto loaded = store_->load_all().value();
    ASSERT_TRUE(rollup::store_partials(*store_, loaded, make_context(nullptr, loaded)));
  }

  // Every stored ticket's facts as the engine computes them from all records.
  std::map<std::string, kpi::TicketFacts> all_facts() const {
    auto loaded = store_->load_all().value();
    std::map<std::string, kpi::TicketFacts> out;
    for (kpi::TicketFacts& f : kpi::ticket_facts(loaded, make_context(nullptr, loaded))) {
      f.index = 0;
      out.emplace(f.ticket, std::move(f));
    }
    return out;
  }

  // Applies a batch; the partials must stay current and equal a rebuild, and the facts
  // it hands back (for the write-back of ticket figures) hold every ticket whose facts
  // changed, as all records give them.
  void apply_and_compare(const Records& batch) {
    const auto before = all_facts();
    bool kept = false;
    std::vector<kpi::TicketFacts> facts;
    ASSERT_TRUE(
        rollup::apply_keeping_partials(*store_, batch, "test", std::nullopt, ctx_, &kept, &facts));
    ASSERT_TRUE(kept);
    const auto after = all_facts();
    std::map<std::string, kpi::TicketFacts> handed;
    for (kpi::TicketFacts& f : facts) {
      f.index = 0;
      handed.emplace(f.ticket, std::move(f));
    }
    for (const auto& [id, f] : after) {
      auto was = before.find(id);
      if (was != before.end() && was->second == f) continue;
      EXPECT_TRUE(handed.count(id)) << "facts of " << id << " changed but were not handed back";
    }
    for (const auto& [id, f] : handed) EXPECT_TRUE(after.at(id) == f) << id;
    auto loaded = store_->load_all().value();
    const kpi::Context full = make_context(nullptr, loaded);
    const kpi::Partials want = kpi::build_partials(kpi::Input(loaded, full));
    kpi::Partials have;
    ASSERT_TRUE(store_->each_partial_day(INT32_MIN, INT32_MAX, [&](int32_t d, std::string_view b) {
      return kpi::decode_day(b, d, have);
    }));
    EXPECT_TRUE(have.cells == want.cells);
    EXPECT_EQ(have.days(), want.days());
  }

  Records held_tickets() const {
    Records b;
    std::set<std::string> ids;
    for (size_t i = all_.tickets.size() - 40; i < all_.tickets.size(); ++i) {
      b.tickets.push_back(all_.tickets[i]);
      ids.insert(all_.tickets[i].id);
    }
    for (const auto& e : all_.events)
      if (ids.count(e.ticket)) b.events.push_back(e);
    for (const auto& s : all_.surveys)
      if (s.ticket && ids.count(*s.ticket)) b.surveys.push_back(s);
    return b;
  }

  Records all_;
  std::unique_ptr<Store> store_;
  kpi::Context ctx_;
};

TEST_F(Incremental, NewTicketsWithTheirEventsAndSurveys) {
  apply_and_compare(held_tickets());
}

TEST_F(Incremental, NewCalls) {
  Records b;
  b.calls.assign(all_.calls.end() - 25, all_.calls.end());
  std::set<std::string> ids;
  for (const auto& c : b.calls) ids.insert(c.id);
  for (const auto& s : all_.surveys)
    if (s.call && ids.count(*s.call)) b.surveys.push_back(s);
  apply_and_compare(b);
}

// Changes that move contributions between keys, days and requesters.
TEST_F(Incremental, ChangedTicketsEventsCallsAndCustomers) {
  apply_and_compare(held_tickets());
  const Records stored = store_->load_all().value();
  Records b;
  for (size_t i = 0; i < 60; i += 3) {
    Ticket t = stored.tickets[i * 5];
    t.requester = stored.tickets[i * 5 + 1].requester;  // now a repeat contact
    if (i % 2) t.owner = stored.tickets[i * 5 + 2].owner;
    b.tickets.push_back(t);
  }
  // A second public reply on some tickets: no longer one-touch or fcr, later resolution.
  for (size_t i = 0; i < 10; ++i) {
    TicketEvent e = stored.events[i * 17];
    e.id += ":again";
    e.at += std::chrono::hours(30);
    b.events.push_back(e);
  }
  for (size_t i = 0; i < 10; ++i) {
    Call c = stored.calls[i * 7];
    c.wait = c.wait + Seconds(40);
    c.caller = stored.calls[i * 7 + 1].caller;
    b.calls.push_back(c);
  }
  Customer moved = stored.customers[3];
  moved.phone = stored.calls[5].caller;  // this customer now owns that caller's calls
  b.customers.push_back(moved);
  // The customer base: a churn, a later first sighting, a new customer with revenue.
  Customer churned = stored.customers[4];
  churned.churned_at = churned.first_seen + std::chrono::hours(24 * 20);
  b.customers.push_back(churned);
  Customer later = stored.customers[5];
  later.first_seen += std::chrono::hours(24 * 9);
  later.revenue = 1234.56;
  b.customers.push_back(later);
  Customer fresh = stored.customers[6];
  fresh.id += ":new";
  fresh.phone.reset();
  fresh.acquired_via = "referral";
  b.customers.push_back(fresh);
  apply_and_compare(b);
}

long long fcr_total(const kpi::Partials& p) {
  long long n = 0;
  for (const auto& [_, days] : p.cells[size_t(kpi::GroupBy::overall)])
    for (const auto& [__, c] : days) n += c.outcomes.fcr;
  return n;
}

long long csat_responses(const kpi::Partials& p, kpi::GroupBy by) {
  long long n = 0;
  for (const auto& [_, days] : p.cells[size_t(by)])
    for (const auto& [__, c] : days)
      for (const auto& [___, count] : c.surveys.kinds[size_t(SurveyKind::csat)]) n += count;
  return n;
}

constexpr kpi::GroupBy kPeople[] = {kpi::GroupBy::overall, kpi::GroupBy::agent, kpi::GroupBy::team};

// Stored tickets with csat responses merged into another (by event) or deleted (by
// status) in a batch: their responses leave the partials, which equal a rebuild.
TEST_F(Incremental, TicketsWithSurveysMergedOrDeleted) {
  const Records stored = store_->load_all().value();
  std::map<std::string, long long> csat;  // ticket -> its csat responses
  for (const Survey& s : stored.surveys)
    if (s.ticket && s.kind == SurveyKind::csat) ++csat[*s.ticket];
  Records b;
  long long leaving = 0;
  for (const Ticket& t : stored.tickets) {
    if (!csat.count(t.id) || t.status == TicketStatus::merged ||
        t.status == TicketStatus::deleted || (b.tickets.size() + b.events.size()) >= 12)
      continue;
    leaving += csat[t.id];
    if (b.events.size() < 6) {
      TicketEvent e;
      e.id = t.id + ":merged";
      e.ticket = t.id;
      e.at = t.updated_at + std::chrono::hours(1);
      e.type = EventType::merged;
      e.actor = t.owner.value_or("");
      b.events.push_back(e);
    } else {
      Ticket gone = t;
      gone.status = TicketStatus::deleted;
      b.tickets.push_back(gone);
    }
  }
  ASSERT_EQ(b.tickets.size() + b.events.size(), 12u);
  auto partials = [&] {
    Records r = store_->load_all().value();
    return kpi::build_partials(kpi::Input(r, make_context(nullptr, r)));
  };
  const kpi::Partials before = partials();
  apply_and_compare(b);
  const kpi::Partials after = partials();
  for (kpi::GroupBy by : kPeople)
    EXPECT_EQ(csat_responses(after, by), csat_responses(before, by) - leaving) << int(by);
}

// Calls from customers' phones soon after their tickets were resolved are repeat
// contacts: fcr changes for tickets the batch does not name, found through the phone.
TEST_F(Incremental, ACallFromTheRequestersPhoneEndsFirstContactResolution) {
  const Records stored = store_->load_all().value();
  std::map<std::string, std::string> phone;
  for (const auto& c : stored.customers)
    if (c.phone) phone[c.id] = *c.phone;
  Records b;
  for (const auto& t : stored.tickets) {
    if (t.status != TicketStatus::resolved || !phone.count(t.requester) || b.calls.size() >= 30)
      continue;
    Call c;
    c.id = "test:call:" + t.id;
    c.queue = "billing";
    // Half the numbers written differently: they meet the customer's on the phone key.
    c.caller = phone[t.requester];
    if (b.calls.size() % 2) c.caller.insert(3, " ");
    c.offered_at = t.updated_at + std::chrono::hours(1);
    c.answered_at = c.offered_at + Seconds(10);
    c.ended_at = *c.answered_at + Seconds(100);
    c.wait = Seconds(10);
    c.talk = Seconds(100);
    b.calls.push_back(c);
  }
  ASSERT_EQ(b.calls.size(), 30u);
  Records before = stored;
  const long long fcr_before =
      fcr_total(kpi::build_partials(kpi::Input(before, make_context(nullptr, before))));
  apply_and_compare(b);
  Records after = store_->load_all().value();
  EXPECT_LT(fcr_total(kpi::build_partials(kpi::Input(after, make_context(nullptr, after)))),
            fcr_before);
}

// Hand-made cases: a customer "cust" with a phone and ticket t1 (billing), answered
// once and resolved two hours after creation.
class IncrementalCase : public ::testing::Test {
 protected:
  IncrementalCase() {
    Customer c;
    c.id = "cust";
    c.first_seen = t0 - days(30);
    c.phone = "+33123456789";
    r.customers = {c};
    r.agents = {{"ann", "support", std::nullopt, AgentKind::agent}};
    t1.id = "t1";
    t1.queue = "billing";
    t1.requester = "cust";
    t1.owner = "ann";
    t1.subject = "Invoice twice";
    t1.tags = {"billing"};
    t1.status = TicketStatus::resolved;
    t1.created_at = t0;
    t1.updated_at = resolved;
    r.tickets = {t1};
    r.events = {event("t1", "e1", t0, EventType::created, nullptr),
                event("t1", "e2", t0 + hours(1), EventType::agent_reply, nullptr),
                event("t1", "e3", resolved, EventType::status_change, "resolved")};
  }

  static TicketEvent event(const char* ticket, std::string id, Time at, EventType type,
                           const char* to) {
    TicketEvent e;
    e.id = std::move(id);
    e.ticket = ticket;
    e.at = at;
    e.type = type;
    e.actor = type == EventType::created ? "cust" : "ann";
    e.is_public = type == EventType::created || type == EventType::agent_reply;
    if (to) e.to = to;
    return e;
  }

  // Stores `r` with its partials, then `batch` keeping them; they must equal a rebuild.
  // Returns the partials before and after.
  std::pair<kpi::Partials, kpi::Partials> partials_around(const Records& batch) {
    auto store = std::move(Store::open(":memory:").value());
    EXPECT_TRUE(store->apply(r, "test", std::nullopt));
    auto loaded = store->load_all().value();
    EXPECT_TRUE(rollup::store_partials(*store, loaded, make_context(nullptr, loaded)));
    Records directory;
    directory.agents = store->agents().value();
    bool kept = false;
    EXPECT_TRUE(rollup::apply_keeping_partials(*store, batch, "test", std::nullopt,
                                               make_context(nullptr, directory), &kept));
    EXPECT_TRUE(kept);
    auto after = store->load_all().value();
    const kpi::Partials want = kpi::build_partials(kpi::Input(after, make_context(nullptr, after)));
    kpi::Partials have;
    EXPECT_TRUE(store->each_partial_day(INT32_MIN, INT32_MAX, [&](int32_t d, std::string_view b) {
      return kpi::decode_day(b, d, have);
    }));
    EXPECT_TRUE(have.cells == want.cells);
    return {kpi::build_partials(kpi::Input(loaded, make_context(nullptr, loaded))),
            std::move(have)};
  }

  // The fcr count before and after `batch`.
  std::pair<long long, long long> store_then(const Records& batch) {
    const auto [before, after] = partials_around(batch);
    return {fcr_total(before), fcr_total(after)};
  }

  // A csat response on `ticket` (with no agent of its own: it is its owner's).
  Survey csat_on(const char* ticket) const {
    Survey s;
    s.id = std::string("sv:") + ticket;
    s.kind = SurveyKind::csat;
    s.score = 5;
    s.at = resolved + hours(1);
    s.ticket = ticket;
    return s;
  }

  using days = std::chrono::days;
  using hours = std::chrono::hours;
  using minutes = std::chrono::minutes;
  const Time t0 = Time{std::chrono::sys_days{std::chrono::year{2026} / 9 / 7}} + hours(10);
  const Time resolved = t0 + hours(2);
  Records r;
  Ticket t1;
};

// A new ticket relinks a call made near its creation: the call no longer counts as a
// repeat contact for an earlier ticket on another topic, whose fcr changes although the
// new ticket was created after that ticket's fcr window.
TEST_F(IncrementalCase, ANewTicketThatTakesOverACallChangesAnEarlierTicketsFcr) {
  // A call 20 minutes before t1's fcr window ends: a repeat contact while unlinked.
  Call k;
  k.id = "k";
  k.queue = "billing";
  k.caller = "+33123456789";
  k.offered_at = resolved + days(7) - minutes(20);
  k.answered_at = k.offered_at + Seconds(10);
  k.ended_at = *k.answered_at + Seconds(60);
  k.wait = Seconds(10);
  k.talk = Seconds(60);
  r.calls = {k};
  // Another topic, created 30 minutes after the call and after t1's fcr window.
  Records batch;
  Ticket x = t1;
  x.id = "x";
  x.subject = "Cannot log in";
  x.tags = {"login"};
  x.status = TicketStatus::open;
  x.created_at = k.offered_at + minutes(30);
  x.updated_at = x.created_at;
  batch.tickets = {x};
  // The case is the one meant: t1 was not fcr before and is now.
  EXPECT_EQ(store_then(batch), std::make_pair(0LL, 1LL));
}

// The requester's other tickets are read as contacts only (their status, merge and
// delete events): a ticket on the same topic that was merged away is no repeat contact,
// before or after t1's resolution moves.
TEST_F(IncrementalCase, AMergedTicketOfTheRequesterIsNoRepeatContact) {
  Ticket t2 = t1;
  t2.id = "t2";
  t2.status = TicketStatus::open;  // merged by its event only
  t2.created_at = t0 + days(2);
  t2.updated_at = t2.created_at + hours(1);
  r.tickets.push_back(t2);
  r.events.push_back(event("t2", "f1", t2.created_at, EventType::created, nullptr));
  r.events.push_back(event("t2", "f2", t2.updated_at, EventType::merged, nullptr));
  Records batch;
  batch.events = {event("t1", "e3", resolved + days(1), EventType::status_change, "resolved")};
  EXPECT_EQ(store_then(batch), std::make_pair(1LL, 1LL));
}

// t1's csat response is stored with it; a later batch merges t1 into another ticket or
// deletes it (by event, status change or status): the response leaves the partials.
TEST_F(IncrementalCase, AResponseLeavesThePartialsWhenItsTicketIsMergedOrDeletedLater) {
  r.surveys = {csat_on("t1")};
  Ticket deleted = t1;
  deleted.status = TicketStatus::deleted;
  std::vector<Records> batches(3);
  batches[0].events = {event("t1", "e4", resolved + hours(3), EventType::merged, nullptr)};
  batches[1].events = {event("t1", "e4", resolved + hours(3), EventType::status_change, "deleted")};
  batches[2].tickets = {deleted};
  for (const Records& batch : batches) {
    const auto [before, after] = partials_around(batch);
    for (kpi::GroupBy by : kPeople) {
      EXPECT_EQ(csat_responses(before, by), 1) << int(by);
      EXPECT_EQ(csat_responses(after, by), 0) << int(by);
    }
  }
}

// A response that arrives for a ticket merged away already never enters; one whose
// ticket is not stored does, as ever.
TEST_F(IncrementalCase, AResponseOnAMergedTicketNeverEnters) {
  r.events.push_back(event("t1", "e4", resolved + hours(3), EventType::merged, nullptr));
  Records batch;
  batch.surveys = {csat_on("t1"), csat_on("not-stored")};
  const auto [before, after] = partials_around(batch);
  for (kpi::GroupBy by : kPeople) {
    EXPECT_EQ(csat_responses(before, by), 0) << int(by);
    EXPECT_EQ(csat_responses(after, by), 1) << int(by);
  }
}

// A contact resolved shortly before a changed ticket of its requester was created is
// read in full: its fcr changes with that ticket's topic.
TEST_F(IncrementalCase, AContactWhoseFcrChangesIsReadInFull) {
  Ticket t2 = t1;
  t2.id = "t2";
  t2.tags = {"login"};
  t2.status = TicketStatus::open;
  t2.created_at = t0 + days(2);
  t2.updated_at = t2.created_at;
  r.tickets.push_back(t2);
  r.events.push_back(event("t2", "f1", t2.created_at, EventType::created, nullptr));
  Records batch;
  t2.tags = {"billing"};  // now a repeat contact for t1
  batch.tickets = {t2};
  EXPECT_EQ(store_then(batch), std::make_pair(1LL, 0LL));
}

// The rebuild a chunk of requesters at a time equals the one over all records, at any
// chunk size, whether the partials held go to the store once or after every few records,
// and leaves the phone-key index that later batches read.
TEST_F(Incremental, RebuildInChunksEqualsTheWholeBuild) {
  // Tickets of no known requester ("") are rebuilt too.
  Records nobody = held_tickets();
  for (auto& t : nobody.tickets) t.requester = "";
  ASSERT_TRUE(store_->apply(nobody, "test", std::nullopt));
  Records loaded = store_->load_all().value();
  const kpi::Partials want = kpi::build_partials(kpi::Input(loaded, make_context(nullptr, loaded)));
  ASSERT_GT(want.totals.calls, 0);
  for (const rollup::Chunks size :
       {rollup::Chunks{1, 7, 1}, rollup::Chunks{13, 50, 97}, rollup::Chunks{}}) {
    auto built = rollup::rebuild_partials(*store_, ctx_, size);
    ASSERT_TRUE(built);
    ASSERT_TRUE(*built);
    EXPECT_EQ(**built, want.totals);
    auto tag = store_->partials_tag();
    ASSERT_TRUE(tag && *tag);
    EXPECT_NE(
        (*tag)->find(std::to_string(want.totals.calls) + ',' + std::to_string(want.totals.tickets) +
                     ',' + std::to_string(want.totals.sessions) + ',' +
                     std::to_string(want.totals.customers) + ":-"),
        std::string::npos)
        << **tag;
    kpi::Partials stored;
    ASSERT_TRUE(store_->each_partial_day(INT32_MIN, INT32_MAX, [&](int32_t d, std::string_view b) {
      return kpi::decode_day(b, d, stored);
    }));
    EXPECT_TRUE(stored.cells == want.cells) << size.requesters << ' ' << size.spill;
  }
  Records back = held_tickets();
  for (auto& t : back.tickets) t.requester = t.requester + "-again";
  apply_and_compare(back);
}

// A plan of every ticket's figures reads them a chunk of requesters at a time: the
// facts are those of all records at once, each ticket once.
TEST_F(Incremental, TicketFactsInChunksEqualTheWholeLoad) {
  apply_and_compare(held_tickets());
  const auto want = all_facts();
  for (size_t requesters : {size_t(1), size_t(13), size_t(5000)}) {
    std::map<std::string, kpi::TicketFacts> got;
    size_t handed = 0;
    auto done = rollup::each_ticket_facts(*store_, ctx_, {requesters, 50},
                                          [&](std::vector<kpi::TicketFacts>& facts) {
                                            for (kpi::TicketFacts& f : facts) {
                                              f.index = 0;
                                              got.emplace(f.ticket, f);
                                              ++handed;
                                            }
                                          });
    ASSERT_TRUE(done);
    ASSERT_TRUE(*done);
    EXPECT_EQ(handed, want.size()) << requesters;
    EXPECT_TRUE(got == want) << requesters;
  }
}

TEST_F(Incremental, UnchangedBatchKeepsThePartialsAndTheVersion) {
  const auto version = store_->data_version().value();
  Records b;
  b.tickets.assign(all_.tickets.begin(), all_.tickets.begin() + 5);
  apply_and_compare(b);
  EXPECT_EQ(store_->data_version().value(), version);
}

// A changed agent directory changes the context: the partials are left stale.
TEST_F(Incremental, ChangedAgentsLeaveThePartialsStale) {
  Records b;
  Agent a = all_.agents.front();
  a.team = "elsewhere";
  b.agents.push_back(a);
  bool kept = true;
  ASSERT_TRUE(rollup::apply_keeping_partials(*store_, b, "test", std::nullopt, ctx_, &kept));
  EXPECT_FALSE(kept);
}

}  // namespace
}  // namespace dp::app
