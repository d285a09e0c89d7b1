// The RT connector against a real RT 5: seed, init, sync, write back, post a report,
// sync again. Prints requests per sync and tickets per second for a first full sync.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "model/json.h"
#include "rt/doctor.h"
#include "rt/encode.h"
#include "rt/init.h"
#include "rt/sink.h"
#include "rt/source.h"
#include "rt_server.h"
#include "store/store.h"

namespace dp::rt {
namespace {

constexpr int kTickets = 200;

struct Synced {
  Records records;
  std::string cursor;
  size_t requests = 0;
  size_t polls = 0;
  double seconds = 0;
};

Synced sync_all(RtSource& src, std::string cursor) {
  Synced s;
  size_t before = src.http_counts().requests;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {  // bounded: a few hundred pages at most
    auto b = src.poll(cursor);
    EXPECT_TRUE(b.ok()) << b.error().str();
    if (!b) break;
    for (const auto& r : b->rejected) ADD_FAILURE() << r.str();
    s.records.append(std::move(b->records));
    cursor = b->cursor;
    ++s.polls;
    if (!b->more) break;
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  s.cursor = cursor;
  s.requests = src.http_counts().requests - before;
  return s;
}

std::map<EventType, int> by_type(const Records& r) {
  std::map<EventType, int> m;
  for (const auto& e : r.events) ++m[e.type];
  return m;
}

RtOptions options(const test::RtServer& rt) {
  RtOptions o;
  o.url = rt.url();
  o.queues = {"Support", "Billing"};
  o.own_user = "deskpulse";
  o.csat_field = "CSAT";
  o.topic_field = "Topic";
  o.site_config_dir = rt.site_config_dir();
  o.ticket_fields = {"KPI First Response", "KPI SLA Met"};
  o.user_fields = {"KPI CSAT (30d)"};
  return o;
}

std::string field_value(RtApi& api, int64_t ticket, const std::string& field) {
  auto r = api.send_ok(ticket_request(api.options(), ticket));
  if (!r) return "error: " + r.error().str();
  auto t = parse_tickets("{\"items\":[" + r->body + "]}");
  if (!t || t->items.empty()) return "unparsable";
  auto it = t->items[0].fields.find(field);
  return it == t->items[0].fields.end() ? "" : it->second;
}

// Phase timings on stdout: the machine is shared, so slow runs can be told apart.
void phase(const char* what) {
  static auto last = std::chrono::steady_clock::now();
  auto now = std::chrono::steady_clock::now();
  std::cout << "[rt] " << what << " after " << std::chrono::duration<double>(now - last).count()
            << " s\n"
            << std::flush;
  last = now;
}

TEST(RtIntegration, SeedInitSyncWriteBackResync) {
  phase("test start");
  auto started = test::RtServer::start();
  ASSERT_TRUE(started.ok()) << started.error().str();
  auto& rt = **started;
  phase("RT up");

  auto seeded = rt.perl(DP_SOURCE_DIR "/tests/integration/rt/seed.pl", {std::to_string(kTickets)});
  ASSERT_TRUE(seeded.ok()) << seeded.error().str();
  auto seed = json::parse(*seeded);
  ASSERT_TRUE(seed.ok()) << *seeded;
  phase("seeded");
  auto count = [&](const char* k) { return int(json::get_int(*seed, k).value_or(-1)); };
  auto sample = [&](const char* k) { return json::get_int((*seed)["sample"], k).value_or(0); };

  // init as root: plans, applies through rt-setup-database, then has nothing left to do.
  RtOptions admin = options(rt);
  admin.user = "root";
  admin.password = "password";
  RtApi root_api(admin, http::make_curl_transport(admin.http));
  auto init = rt_init(root_api);
  ASSERT_TRUE(init.ok()) << init.error().str();
  EXPECT_TRUE(init->applied) << init->output;
  auto again = plan_init(root_api);
  ASSERT_TRUE(again.ok()) << again.error().str();
  EXPECT_TRUE(again->empty()) << initialdata(admin);

  phase("init");
  // From here on deskpulse's own user with an auth token.
  auto token = rt.create_token("deskpulse");
  ASSERT_TRUE(token.ok()) << token.error().str();
  RtOptions o = options(rt);
  o.token = *token;
  auto doctor =
      rt_doctor(*make_api(o), std::chrono::floor<Seconds>(std::chrono::system_clock::now()));
  ASSERT_TRUE(doctor.ok()) << doctor.error().str();
  for (const auto& c : *doctor) EXPECT_TRUE(c.ok) << c.name << ": " << c.detail << " -> " << c.fix;

  RtSource source(make_api(o));
  auto first = sync_all(source, "");
  const auto types = by_type(first.records);
  // A ticket touched on several pages comes once per page (the store upserts by id).
  std::set<std::string> ticket_ids;
  for (const auto& t : first.records.tickets) ticket_ids.insert(t.id);
  EXPECT_EQ(int(ticket_ids.size()), count("tickets"));
  EXPECT_EQ(types.at(EventType::created), count("created"));
  EXPECT_EQ(types.at(EventType::agent_reply), count("agent_reply"));
  EXPECT_EQ(types.at(EventType::customer_reply), count("customer_reply"));
  EXPECT_EQ(types.at(EventType::internal_note), count("internal_note"));
  EXPECT_EQ(types.at(EventType::owner_change), count("owner_change"));
  EXPECT_EQ(types.at(EventType::status_change), count("status_change"));
  EXPECT_EQ(types.at(EventType::merged), count("merged"));
  EXPECT_EQ(int(first.records.surveys.size()), count("surveys"));
  auto has_event = [&](int64_t ticket, EventType type, std::optional<std::string> from = {}) {
    for (const auto& e : first.records.events)
      if (e.ticket == "rt:" + std::to_string(ticket) && e.type == type && (!from || e.from == from))
        return true;
    return false;
  };
  EXPECT_TRUE(has_event(sample("customer_reply"), EventType::customer_reply));
  EXPECT_TRUE(has_event(sample("internal_note"), EventType::internal_note));
  EXPECT_TRUE(has_event(sample("reopened"), EventType::status_change, "resolved"));
  for (const auto& t : first.records.tickets)
    if (t.id == "rt:" + std::to_string(sample("merged"))) {
      EXPECT_EQ(t.status, TicketStatus::merged);
    }
  // Owners arrive in the agent directory with their RealName, read with deskpulse's own
  // token (no AdminUsers): seed.pl gives alice one and bob none.
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store) << store.error().str();
  Records agents;
  agents.agents = first.records.agents;
  ASSERT_TRUE((*store)->apply(agents, "rt", std::nullopt));
  auto stored = (*store)->agents();
  ASSERT_TRUE(stored) << stored.error().str();
  std::map<std::string, std::string> names;
  for (const Agent& a : *stored) names[a.id] = a.name;
  EXPECT_EQ(names["alice"], "Alice Archer");
  EXPECT_EQ(names["bob"], "");
  const double per_second = ticket_ids.size() / first.seconds;
  std::cout << "[rt] first full sync: " << ticket_ids.size() << " tickets, "
            << first.records.events.size() << " events, " << first.requests << " requests in "
            << first.polls << " polls, " << first.seconds << " s = " << per_second
            << " tickets/s\n";
  ::testing::Test::RecordProperty("first_sync_tickets_per_second", std::to_string(per_second));
  ::testing::Test::RecordProperty("first_sync_requests", std::to_string(first.requests));

  // Write back as deskpulse: ticket fields, a user field, one report.
  RtSink sink(make_api(o));
  std::vector<int64_t> written;
  for (const auto& t : first.records.tickets) {
    if (t.status == TicketStatus::merged || written.size() >= 10) continue;
    written.push_back(*rt_ticket_number(t.id));
    auto r = sink.write_ticket_fields(t.id, {{"KPI SLA Met", "yes"}});
    EXPECT_TRUE(r.ok()) << r.message;
    EXPECT_TRUE(r.message.empty()) << r.message;
  }
  EXPECT_EQ(field_value(root_api, written[0], "KPI SLA Met"), "yes");
  auto u = sink.write_user_fields("alice", {{"KPI CSAT (30d)", "4.4 (n=12)"}});
  EXPECT_TRUE(u.ok()) << u.message;
  auto alice = root_api.send_ok(user_request(o, "alice"));
  ASSERT_TRUE(alice.ok());
  EXPECT_NE(alice->body.find("4.4 (n=12)"), std::string::npos);
  ReportPost report;
  report.period = "2026-W47";
  report.subject = "deskpulse KPIs, Support, 2026-W47";
  report.html = "<h1>Support, week 47</h1><p>First response median 42 min</p>";
  report.attachments.push_back(
      {"frt.png", "image/png", std::string("\x89PNG\r\n\x1a\n", 8), "FRT"});
  auto posted = sink.post_report(report);
  ASSERT_TRUE(posted.ok()) << posted.message;
  auto report_ticket = root_api.send_ok(ticket_request(o, *rt_ticket_number(posted.ref)));
  ASSERT_TRUE(report_ticket.ok());
  http::Request list_atts;
  list_atts.url = http::with_query(
      rest_url(o, "ticket/" + std::to_string(*rt_ticket_number(posted.ref)) + "/attachments"),
      {{"fields", "Filename,ContentType"}});
  auto atts = root_api.send_ok(list_atts);
  ASSERT_TRUE(atts.ok());
  EXPECT_NE(atts->body.find("frt.png"), std::string::npos);
  EXPECT_NE(atts->body.find("text/html"), std::string::npos);

  // Re-sync: our own field writes and the report are not activity.
  auto second = sync_all(source, first.cursor);
  EXPECT_TRUE(second.records.events.empty());
  EXPECT_EQ(source.own_writes_skipped(), written.size());
  std::cout << "[rt] re-sync after " << written.size()
            << " own field writes: " << second.records.events.size() << " events, "
            << second.requests << " requests\n";

  auto third = sync_all(source, second.cursor);
  EXPECT_EQ(third.records.size(), 0u);
  EXPECT_EQ(third.cursor, second.cursor);
  std::cout << "[rt] sync with no changes: " << third.requests << " requests\n";

  // N changed tickets: one reply each, through REST2 as an agent would.
  const size_t n = 40;
  std::vector<int64_t> open;
  for (const auto& t : first.records.tickets)
    if (t.status != TicketStatus::merged && open.size() < n)
      open.push_back(*rt_ticket_number(t.id));
  for (size_t i = 0; i < n; ++i) {
    http::Request r;
    r.method = "POST";
    r.url = rest_url(o, "ticket/" + std::to_string(open[i]) + "/correspond");
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"Content":"follow-up","ContentType":"text/plain"})";
    auto res = root_api.send(r);
    ASSERT_TRUE(res.ok());
  }
  auto fourth = sync_all(source, third.cursor);
  std::cout << "[rt] sync of " << n << " changed tickets: " << fourth.records.tickets.size()
            << " tickets, " << fourth.records.events.size() << " events, " << fourth.requests
            << " requests\n";
  ::testing::Test::RecordProperty("requests_per_sync_40_changed", std::to_string(fourth.requests));
  EXPECT_LE(fourth.requests, 8u);
}

}  // namespace
}  // namespace dp::rt
