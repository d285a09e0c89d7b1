// twilio::normalize on the Call resource shape Twilio documents:
// https://www.twilio.com/docs/voice/api/call-resource ("Call properties": start_time,
// end_time and date_created are RFC 2822 dates, duration is a string of seconds,
// status queued|ringing|in-progress|completed|busy|failed|no-answer|canceled,
// direction inbound|outbound-api|outbound-dial, queue_time is the time an API call
// waited for the account's calls-per-second limit).
#include <gtest/gtest.h>

#include "twilio/normalize.h"

namespace dp::twilio {
namespace {

using namespace std::chrono_literals;

json::Document doc(const std::string& text) {
  auto d = json::parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return std::move(*d);
}

// A completed inbound call as the Calls list returns it.
std::string call(const std::string& status, const std::string& direction = "inbound",
                 const std::string& duration = "15", const std::string& parent = "null") {
  return R"({
    "account_sid": "AC00000000000000000000000000000001",
    "annotation": null, "answered_by": null, "api_version": "2010-04-01",
    "caller_name": null,
    "date_created": "Tue, 31 Aug 2010 20:36:28 +0000",
    "date_updated": "Tue, 31 Aug 2010 20:36:44 +0000",
    "direction": ")" +
         direction + R"(",
    "duration": ")" +
         duration + R"(",
    "end_time": "Tue, 31 Aug 2010 20:36:44 +0000",
    "forwarded_from": "+14155550100",
    "from": "+15017122661", "from_formatted": "(501) 712-2661",
    "group_sid": null,
    "parent_call_sid": )" +
         parent + R"(,
    "phone_number_sid": "PN00000000000000000000000000000001",
    "price": "-0.03000", "price_unit": "USD",
    "sid": "CA00000000000000000000000000000001",
    "start_time": "Tue, 31 Aug 2010 20:36:29 +0000",
    "status": ")" +
         status + R"(",
    "to": "+15558675310", "to_formatted": "(555) 867-5310",
    "trunk_sid": null,
    "uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Calls/CA00000000000000000000000000000001.json",
    "queue_time": "1000"
  })";
}

Call normalized(const std::string& text) {
  auto d = doc(text);
  auto r = normalize(d, "support");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
  EXPECT_TRUE(r.ok() && r->has_value());
  return r.ok() && *r ? **r : Call{};
}

TEST(TwilioNormalize, CompletedCallIsAnsweredWithTalkFromDuration) {
  Call c = normalized(call("completed"));
  EXPECT_EQ(c.id, "twilio:CA00000000000000000000000000000001");
  EXPECT_EQ(c.queue, "support");
  EXPECT_EQ(c.outcome, CallOutcome::answered);
  EXPECT_EQ(c.direction, Direction::inbound);
  EXPECT_EQ(c.caller, "+15017122661");
  EXPECT_EQ(c.offered_at, *parse_rfc3339("2010-08-31T20:36:29Z"));
  EXPECT_EQ(c.ended_at, parse_rfc3339("2010-08-31T20:36:44Z"));
  EXPECT_EQ(c.talk, 15s);
  EXPECT_EQ(c.answered_at, parse_rfc3339("2010-08-31T20:36:29Z"));  // end - duration
  EXPECT_FALSE(c.agent);
  // queue_time is not the caller's wait: wait stays 0 and says so.
  EXPECT_EQ(c.wait, 0s);
  EXPECT_NE(c.extra.find(R"("wait_known":false)"), std::string::npos);
  EXPECT_NE(c.extra.find(R"("twilio_queue_time_ms":"1000")"), std::string::npos);
}

TEST(TwilioNormalize, BusyAndFailedAreBlocked) {
  Call busy = normalized(call("busy", "inbound", "0"));
  EXPECT_EQ(busy.outcome, CallOutcome::blocked);
  EXPECT_EQ(busy.talk, 0s);
  EXPECT_FALSE(busy.answered_at);
  Call failed = normalized(call("failed", "inbound", "0"));
  EXPECT_EQ(failed.outcome, CallOutcome::blocked);
  EXPECT_NE(failed.extra.find(R"("network_failure":true)"), std::string::npos);
}

TEST(TwilioNormalize, NoAnswerAndCanceledAreAbandoned) {
  EXPECT_EQ(normalized(call("no-answer", "inbound", "0")).outcome, CallOutcome::abandoned);
  EXPECT_EQ(normalized(call("canceled", "inbound", "0")).outcome, CallOutcome::abandoned);
}

TEST(TwilioNormalize, CallsNotFinishedYetAreNotCalls) {
  for (const char* s : {"queued", "ringing", "in-progress"}) {
    auto d = doc(call(s));
    auto r = normalize(d, "q");
    ASSERT_TRUE(r.ok()) << s;
    EXPECT_FALSE(r->has_value()) << s;
    EXPECT_FALSE(is_final(s));
  }
  EXPECT_TRUE(is_final("completed"));
}

TEST(TwilioNormalize, OutboundCallsNameTheDialledNumber) {
  Call api = normalized(call("completed", "outbound-api"));
  EXPECT_EQ(api.direction, Direction::outbound);
  EXPECT_EQ(api.caller, "+15558675310");
  EXPECT_NE(api.extra.find(R"("twilio_direction":"outbound-api")"), std::string::npos);
}

TEST(TwilioNormalize, ChildLegsAreLeftOut) {
  auto d = doc(call("completed", "outbound-dial", "15", R"("CA00000000000000000000000000000009")"));
  auto r = normalize(d, "q");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST(TwilioNormalize, RejectsBadFieldsByName) {
  struct Case {
    std::string json;
    const char* field;
  } cases[] = {
      {call("completed", "inbound", "fifteen"), "duration"},
      // Out of the bounds every record keeps (docs/reliability.md): found by fuzzing.
      {call("completed", "inbound", "315576001"), "duration"},
      {call("completed", "inbound", "9223372036854775807"), "duration"},
      {R"({"sid": "CA1", "status": "completed", "direction": "inbound",
           "start_time": "Sat, 01 Aug 1772 20:36:29 +0000"})",
       "start_time"},
      {call("completed", "sideways"), "direction"},
      {call("exploded"), "status"},
      {R"({"status": "completed"})", "sid"},
      {R"({"sid": "CA1", "status": "completed", "direction": "inbound",
           "start_time": "2010-08-31 20:36:29"})",
       "start_time"},
  };
  for (const auto& c : cases) {
    auto d = doc(c.json);
    auto r = normalize(d, "q");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().where, c.field) << c.json;
  }
}

}  // namespace
}  // namespace dp::twilio
