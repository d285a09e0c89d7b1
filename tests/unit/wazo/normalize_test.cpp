// wazo::normalize on the CDR shape that wazo-call-logd documents:
// https://github.com/wazo-platform/wazo-call-logd/blob/master/wazo_call_logd/plugins/cdr/api.yml
// (definitions CDR) and plugins/cdr/schemas.py (duration = end - answer, i.e. talk
// time; destination_details names the queue), rendered at
// https://wazo-platform.org/documentation/api/cdr.html
#include <gtest/gtest.h>

#include "wazo/normalize.h"

namespace dp::wazo {
namespace {

using namespace std::chrono_literals;

json::Document doc(const char* text) {
  auto d = json::parse(text);
  EXPECT_TRUE(d.ok());
  return std::move(*d);
}

// An answered inbound queue call as GET /1.0/cdr lists it.
const char* kAnswered = R"({
  "id": 215,
  "tenant_uuid": "2c34c282-433e-4bb8-8d56-fec14ff7e1e9",
  "start": "2026-11-23T09:00:00.123456+00:00",
  "answer": "2026-11-23T09:00:25.000000+00:00",
  "end": "2026-11-23T09:05:25.500000+00:00",
  "answered": true,
  "duration": 300,
  "call_direction": "inbound",
  "source_name": "Jane Customer",
  "source_extension": "+15145550100",
  "requested_name": "Support",
  "requested_extension": "8000",
  "requested_context": "from-extern",
  "destination_name": "Alice Agent",
  "destination_extension": "8000",
  "destination_internal_extension": "1001",
  "destination_internal_context": "default",
  "destination_user_uuid": "a5f7d7b2-0000-4000-8000-000000000001",
  "destination_details": {"type": "queue", "queue_name": "support", "queue_id": 3},
  "tags": ["sales"],
  "recordings": []
})";

TEST(WazoNormalize, AnsweredQueueCall) {
  auto d = doc(kAnswered);
  auto r = normalize(d, Mapping{});
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_TRUE(r->has_value());
  const Call& c = **r;
  EXPECT_EQ(c.id, "wazo:215");
  EXPECT_EQ(c.queue, "support");
  EXPECT_EQ(c.direction, Direction::inbound);
  EXPECT_EQ(c.caller, "+15145550100");
  EXPECT_EQ(c.agent, "1001");
  EXPECT_EQ(c.offered_at, *parse_rfc3339("2026-11-23T09:00:00Z"));
  EXPECT_EQ(c.answered_at, parse_rfc3339("2026-11-23T09:00:25Z"));
  EXPECT_EQ(c.ended_at, parse_rfc3339("2026-11-23T09:05:25Z"));
  EXPECT_EQ(c.wait, 25s);   // answer - start
  EXPECT_EQ(c.talk, 300s);  // duration is talk time, not end - start
  EXPECT_EQ(c.outcome, CallOutcome::answered);
  EXPECT_NE(c.extra.find(R"("wazo_tags":["sales"])"), std::string::npos);
  EXPECT_NE(c.extra.find(R"("destination_name":"Alice Agent")"), std::string::npos);
}

TEST(WazoNormalize, UnansweredCallIsAbandonedAndWaitsUntilTheEnd) {
  auto d = doc(R"({"id": 216, "start": "2026-11-23T09:10:00+00:00", "answer": null,
                   "end": "2026-11-23T09:10:42+00:00", "answered": false, "duration": null,
                   "call_direction": "inbound", "source_extension": "+15145550101",
                   "requested_extension": "8000", "destination_extension": "8000",
                   "destination_name": "Support", "tags": []})");
  auto r = normalize(d, Mapping{});
  ASSERT_TRUE(r.ok());
  const Call& c = **r;
  EXPECT_EQ(c.outcome, CallOutcome::abandoned);
  EXPECT_FALSE(c.answered_at);
  EXPECT_FALSE(c.agent);  // nobody took it
  EXPECT_EQ(c.wait, 42s);
  EXPECT_EQ(c.talk, 0s);
  EXPECT_EQ(c.queue, "wazo");  // no destination_details, no mapping: the default
}

TEST(WazoNormalize, QueueFromTheRequestedExtensionMapping) {
  auto d = doc(R"({"id": 217, "start": "2026-11-23T09:10:00+00:00",
                   "end": "2026-11-23T09:10:42+00:00", "answered": false,
                   "call_direction": "inbound", "requested_extension": "8001"})");
  Mapping m;
  m.queue_by_extension["8001"] = "billing";
  EXPECT_EQ((*normalize(d, m))->queue, "billing");
}

TEST(WazoNormalize, BlockedCall) {
  auto d = doc(R"({"id": 218, "start": "2026-11-23T09:20:00+00:00",
                   "end": "2026-11-23T09:20:01+00:00", "answered": false, "blocked": true,
                   "call_direction": "inbound", "source_extension": "+15145550666"})");
  auto r = normalize(d, Mapping{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->outcome, CallOutcome::blocked);
}

TEST(WazoNormalize, OutboundCallNamesTheCustomerAndTheAgent) {
  auto d = doc(R"({"id": 219, "start": "2026-11-23T10:00:00+00:00",
                   "answer": "2026-11-23T10:00:08+00:00", "end": "2026-11-23T10:02:08+00:00",
                   "answered": true, "duration": 120, "call_direction": "outbound",
                   "source_name": "Alice Agent", "source_extension": "1001",
                   "source_internal_extension": "1001",
                   "destination_extension": "+15145550100", "requested_extension": "+15145550100"})");
  auto r = normalize(d, Mapping{});
  ASSERT_TRUE(r.ok() && r->has_value());
  const Call& c = **r;
  EXPECT_EQ(c.direction, Direction::outbound);
  EXPECT_EQ(c.caller, "+15145550100");
  EXPECT_EQ(c.agent, "1001");
  EXPECT_EQ(c.talk, 120s);
  EXPECT_EQ(c.wait, 8s);
}

TEST(WazoNormalize, InternalCallsAreLeftOutUnlessAskedFor) {
  auto d = doc(R"({"id": 220, "start": "2026-11-23T10:00:00+00:00",
                   "end": "2026-11-23T10:01:00+00:00", "answered": false,
                   "call_direction": "internal"})");
  auto r = normalize(d, Mapping{});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  Mapping m;
  m.include_internal = true;
  EXPECT_TRUE(normalize(d, m)->has_value());
}

TEST(WazoNormalize, TalkFromTimesWhenDurationIsMissing) {
  auto d = doc(R"({"id": 221, "start": "2026-11-23T10:00:00+00:00",
                   "answer": "2026-11-23T10:00:05+00:00", "end": "2026-11-23T10:01:05+00:00",
                   "answered": true, "call_direction": "inbound"})");
  EXPECT_EQ((*normalize(d, Mapping{}))->talk, 60s);
}

TEST(WazoNormalize, RejectsBadItemsNamingTheField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"start": "2026-11-23T10:00:00+00:00", "call_direction": "inbound"})", "id"},
      {R"({"id": 1, "call_direction": "inbound"})", "start"},
      {R"({"id": 1, "start": "yesterday", "call_direction": "inbound"})", "start"},
      {R"({"id": 1, "start": "2026-11-23T10:00:00+00:00", "call_direction": "sideways"})",
       "call_direction"},
      {R"({"id": 1, "start": "2026-11-23T10:00:00+00:00", "answer": "2026-11-23T09:00:00+00:00",
           "answered": true, "call_direction": "inbound"})",
       "answer"},
      {R"({"id": 1, "start": "2026-11-23T10:00:00+00:00", "answered": true, "duration": -4,
           "answer": "2026-11-23T10:00:01+00:00", "call_direction": "inbound"})",
       "duration"},
      // Out of the bounds every record keeps (docs/reliability.md): found by fuzzing.
      {R"({"id": 1, "start": "2026-11-23T10:00:00+00:00", "answered": true, "duration": 1e19,
           "answer": "2026-11-23T10:00:01+00:00", "call_direction": "inbound"})",
       "duration"},
      {R"({"id": 1, "start": "1013-11-23T10:00:00+00:00", "call_direction": "inbound"})", "start"},
      {R"({"id": 1, "start": "2013-11-23T10:00:00+00:00", "end": "2026-11-23T10:00:00+00:00",
           "call_direction": "inbound"})",
       "end"},
      {R"({"id": 1e19, "start": "2026-11-23T10:00:00+00:00", "call_direction": "inbound"})", "id"},
  };
  for (const auto& c : cases) {
    auto d = doc(c.json);
    auto r = normalize(d, Mapping{});
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().where, c.field) << c.json;
  }
}

}  // namespace
}  // namespace dp::wazo
