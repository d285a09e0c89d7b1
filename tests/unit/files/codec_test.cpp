// Encode -> decode gives back the same record, for every kind; decoding names the
// field that is wrong.
#include <gtest/gtest.h>

#include <tuple>

#include "files/codec.h"

namespace dp::files {
namespace {

Time at(const char* s) {
  return *parse_rfc3339(s);
}

auto fields(const Ticket& v) {
  return std::tie(v.id, v.queue, v.channel, v.requester, v.owner, v.subject, v.tags, v.priority,
                  v.status, v.created_at, v.updated_at, v.extra);
}
auto fields(const TicketEvent& v) {
  return std::tie(v.id, v.ticket, v.at, v.type, v.actor, v.is_public, v.time_spent, v.from, v.to,
                  v.extra);
}
auto fields(const Call& v) {
  return std::tie(v.id, v.queue, v.caller, v.agent, v.direction, v.offered_at, v.answered_at,
                  v.ended_at, v.wait, v.talk, v.hold, v.wrap, v.outcome, v.ticket, v.extra);
}
auto fields(const Survey& v) {
  return std::tie(v.id, v.kind, v.score, v.scale_min, v.scale_max, v.at, v.ticket, v.call, v.agent,
                  v.customer, v.extra);
}
auto fields(const Customer& v) {
  return std::tie(v.id, v.first_seen, v.last_active, v.churned_at, v.acquired_via, v.revenue,
                  v.phone, v.extra);
}
auto fields(const Agent& v) {
  return std::tie(v.id, v.team, v.calendar, v.kind, v.name);
}
auto fields(const AgentSession& v) {
  return std::tie(v.id, v.agent, v.queue, v.start, v.end, v.paused);
}

template <class T, class Decode>
void expect_round_trip(const T& v, Decode decode) {
  std::string text = encode(v);
  auto doc = json::parse(text);
  ASSERT_TRUE(doc.ok()) << text;
  auto back = decode(*doc);
  ASSERT_TRUE(back.ok()) << back.error().str() << " in " << text;
  EXPECT_TRUE(fields(*back) == fields(v)) << text << "\nvs\n" << encode(*back);
}

TEST(Codec, TicketRoundTrip) {
  Ticket t{"rt:1",
           "billing",
           Channel::chat,
           "cust:7",
           std::string("gen:anna"),
           "Fattura \"errata\"",
           {"invoice", "vip"},
           "high",
           TicketStatus::pending,
           at("2026-08-24T09:00:00Z"),
           at("2026-08-25T10:30:00Z"),
           R"({"cf":{"a":[1,2]}})"};
  expect_round_trip(t, decode_ticket);
  t.owner.reset();
  t.tags.clear();
  t.extra.clear();
  expect_round_trip(t, decode_ticket);
}

TEST(Codec, EventRoundTrip) {
  TicketEvent e{"rt:txn:9",
                "rt:1",
                at("2026-08-24T09:05:00Z"),
                EventType::owner_change,
                "gen:bo",
                false,
                Seconds{0},
                std::nullopt,
                std::string("gen:anna"),
                ""};
  expect_round_trip(e, decode_event);
  e.type = EventType::agent_reply;
  e.is_public = true;
  e.time_spent = Seconds{420};
  e.extra = R"({"activity":"x"})";
  expect_round_trip(e, decode_event);
}

TEST(Codec, CallRoundTrip) {
  Call c{"ast:1.2",
         "tech",
         "+15550100",
         std::string("gen:bo"),
         Direction::inbound,
         at("2026-08-24T14:00:00Z"),
         at("2026-08-24T14:00:12Z"),
         at("2026-08-24T14:04:00Z"),
         Seconds{12},
         Seconds{200},
         Seconds{28},
         Seconds{40},
         CallOutcome::transferred,
         std::string("rt:1"),
         ""};
  expect_round_trip(c, decode_call);
  c.agent.reset();
  c.answered_at.reset();
  c.outcome = CallOutcome::abandoned;
  c.caller.clear();
  expect_round_trip(c, decode_call);
}

TEST(Codec, SurveyRoundTrip) {
  Survey s{"sv:1",
           SurveyKind::ces,
           5.5,
           1,
           7,
           at("2026-08-26T08:00:00Z"),
           std::string("rt:1"),
           std::nullopt,
           std::string("gen:anna"),
           std::string("cust:7"),
           R"({"comment":"ok"})"};
  expect_round_trip(s, decode_survey);
}

TEST(Codec, CustomerAgentSessionRoundTrip) {
  Customer c{"cust:7",
             at("2025-01-01T00:00:00Z"),
             at("2026-09-01T00:00:00Z"),
             std::nullopt,
             std::string("referral"),
             129.5,
             std::string("+390612345"),
             ""};
  expect_round_trip(c, decode_customer);
  Agent a{"gen:bot", "tech", std::nullopt, AgentKind::bot};
  expect_round_trip(a, decode_agent);
  a.name = "Help Bot";
  expect_round_trip(a, decode_agent);
  AgentSession s{
      "ss:1",       "gen:bo", "tech", at("2026-08-24T13:00:00Z"), at("2026-08-24T21:00:00Z"),
      Seconds{2700}};
  expect_round_trip(s, decode_session);
}

TEST(Codec, DerivesIdsFromContentWhenAbsent) {
  auto a = json::parse(R"({"ticket":"rt:1","at":"2026-08-24T09:00:00Z","type":"agent_reply"})");
  auto b = json::parse(R"({"ticket":"rt:1","at":"2026-08-24T09:00:01Z","type":"agent_reply"})");
  auto ea = decode_event(*a), ea2 = decode_event(*a), eb = decode_event(*b);
  ASSERT_TRUE(ea.ok() && eb.ok());
  EXPECT_EQ(ea->id, ea2->id);
  EXPECT_NE(ea->id, eb->id);
  EXPECT_TRUE(ea->is_public);  // a reply is public unless the line says otherwise
  auto s =
      json::parse(R"({"agent":"a","start":"2026-08-24T09:00:00Z","end":"2026-08-24T17:00:00Z"})");
  auto ss = decode_session(*s);
  ASSERT_TRUE(ss.ok());
  EXPECT_EQ(ss->id, session_key(*ss));
  EXPECT_FALSE(ss->id.empty());
}

TEST(Codec, UnknownFieldsGoToExtra) {
  auto doc = json::parse(
      R"({"id":"c1","first_seen":"2026-01-01T00:00:00Z","tier":"gold","extra":{"seats":12}})");
  auto c = decode_customer(*doc);
  ASSERT_TRUE(c.ok());
  auto extra = json::parse(c->extra);
  ASSERT_TRUE(extra.ok()) << c->extra;
  EXPECT_EQ(json::get_string(*extra, "tier"), "gold");
  EXPECT_EQ(json::get_int(*extra, "seats"), 12);
}

// Fields are looked for in the encoder's order first; any other order, a repeated
// name (the first one counts) and nulls read the same as a plain search.
TEST(Codec, FieldOrderRepeatsAndNullsDoNotMatter) {
  const char* in_order =
      R"({"id":"e1","ticket":"t1","at":"2026-01-01T00:00:00Z","type":"agent_reply","actor":"a",)"
      R"("public":false,"time_spent_s":30,"from":null,"to":"x"})";
  const char* shuffled =
      R"({"to":"x","time_spent_s":30,"type":"agent_reply","from":null,"ticket":"t1","id":"e1",)"
      R"("actor":"a","at":"2026-01-01T00:00:00Z","public":false})";
  auto a = decode_event(*json::parse(in_order));
  auto b = decode_event(*json::parse(shuffled));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(encode(*a), encode(*b));
  EXPECT_FALSE(a->is_public);
  EXPECT_EQ(a->to, "x");
  EXPECT_EQ(a->from, std::nullopt);

  // "ticket" twice, the second time where the decoder looks for it next.
  auto twice = decode_event(*json::parse(
      R"({"ticket":"first","id":"e1","ticket":"second","at":"2026-01-01T00:00:00Z","type":"created"})"));
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->ticket, "first");
  auto priority = decode_ticket(*json::parse(
      R"({"id":"t1","queue":"q","channel":"web","requester":"r","owner":null,"subject":"s",)"
      R"("tags":[],"priority":3,"priority":"low","status":"open","created_at":"2026-01-01T00:00:00Z"})"));
  ASSERT_TRUE(priority.ok());
  EXPECT_EQ(priority->priority, "3");
}

TEST(Codec, KindOfFile) {
  EXPECT_EQ(kind_of_file("ticket_events.ndjson"), Kind::event);
  EXPECT_EQ(kind_of_file("agent_sessions.csv"), Kind::session);
  EXPECT_EQ(kind_of_file("tickets.json"), std::nullopt);
  EXPECT_EQ(kind_of_file(".ndjson"), std::nullopt);
  for (Kind k : all_kinds()) EXPECT_EQ(kind_of_file(std::string(file_stem(k)) + ".ndjson"), k);
}

}  // namespace
}  // namespace dp::files

namespace dp::files {
namespace {

TEST(Codec, TimesAreWrittenAsRfc3339Utc) {
  for (const char* s : {"2026-08-24T09:05:07Z", "2024-02-29T23:59:59Z", "1969-12-31T00:00:01Z",
                        "2026-03-29T01:30:00+02:00"}) {
    TicketEvent e;
    e.id = "x";
    e.ticket = "t";
    e.at = *parse_rfc3339(s);
    auto doc = json::parse(encode(e));
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(json::get_string(*doc, "at"), format_rfc3339(e.at)) << s;
  }
}

}  // namespace
}  // namespace dp::files
