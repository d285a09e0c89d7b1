#include "rt/sink.h"

#include <gtest/gtest.h>

#include "fake_rt.h"
#include "rt/encode.h"

namespace dp::rt {
namespace {

TEST(RtSink, AllOfATicketsFieldsInOnePut) {
  auto [api, fake] = test::fake_api();
  fake->reply("ticket/12", R"(["KPI SLA Met yes added","KPI First Response 5m changed to 1h 05m",)"
                           R"("2h 00m is no longer a value for custom field KPI Resolution"])");
  RtSink sink(std::move(api));
  auto r = sink.write_ticket_fields(
      "rt:12", {{"KPI SLA Met", "yes"}, {"KPI First Response", "1h 05m"}, {"KPI Resolution", ""}});
  EXPECT_TRUE(r.ok()) << r.message;
  ASSERT_EQ(fake->sent.size(), 1u);  // confirmed by RT's answer: no read-back
  EXPECT_EQ(fake->sent[0].method, "PUT");
  EXPECT_EQ(fake->sent[0].body,
            R"({"CustomFields":{"KPI SLA Met":"yes","KPI First Response":"1h 05m",)"
            R"("KPI Resolution":null}})");
  EXPECT_EQ(fake->sent[0].headers.back().first, "Authorization");
}

// RT answers [] both for a value it already held and for a field it ignored (not
// applied to the queue, not visible): the sink reads back and tells them apart.
TEST(RtSink, AnUnconfirmedValueIsReadBackAndAFieldRtIgnoredIsAFailure) {
  auto [api, fake] = test::fake_api();
  RtSink sink(std::move(api));
  int gets = 0;
  fake->routes["ticket/12"] = [&](const http::Request& r) {
    if (r.method == "PUT") return http::Response{200, {}, R"(["KPI SLA Met no changed to yes"])"};
    ++gets;
    return http::Response{
        200,
        {},
        R"({"id":12,"CustomFields":[{"id":"3","name":"KPI SLA Met","values":["yes"]},)"
        R"({"id":"4","name":"KPI First Response","values":["45m"]}]})"};
  };
  // Already held: ok after one read-back.
  auto held =
      sink.write_ticket_fields("rt:12", {{"KPI SLA Met", "yes"}, {"KPI First Response", "45m"}});
  EXPECT_TRUE(held.ok()) << held.message;
  EXPECT_EQ(gets, 1);
  // Ignored: the field RT did not take fails by name; the confirmed one landed.
  auto ignored = sink.write_ticket_fields(
      "rt:12", {{"KPI SLA Met", "yes"}, {"KPI Owner CSAT (30d)", "80.0% (n=5)"}});
  EXPECT_EQ(ignored.status, SinkStatus::error);
  EXPECT_EQ(ignored.failed_fields, std::vector<std::string>{"KPI Owner CSAT (30d)"});
  EXPECT_NE(ignored.message.find("KPI Owner CSAT (30d)"), std::string::npos) << ignored.message;
  EXPECT_NE(ignored.message.find("deskpulse doctor"), std::string::npos);
}

TEST(RtSink, APermissionDeniedIsAFailureEvenThoughRtAnswers200) {
  auto [api, fake] = test::fake_api();
  RtSink sink(std::move(api));
  fake->reply(
      "user/alice",
      R"(["Could not add a new value to custom field 'KPI CSAT (30d)': Permission Denied"])");
  // Read back through the users search (GET /user/alice shows fields only to AdminUsers).
  fake->reply("users", R"({"items":[{"id":"alice","Name":"alice","CustomFields":""}]})");
  auto r = sink.write_user_fields("alice", {{"KPI CSAT (30d)", "60.0% (n=10)"}});
  EXPECT_EQ(r.status, SinkStatus::error);
  EXPECT_NE(r.message.find("Permission Denied"), std::string::npos) << r.message;
}

TEST(RtSink, ConfirmsOnlyTheExactField) {
  // "KPI First Response" must not be confirmed by a message about "... (min)".
  EXPECT_FALSE(confirms("KPI First Response (min) 65 added", {"KPI First Response", "65"}));
  EXPECT_TRUE(confirms("KPI First Response (min) 65 added", {"KPI First Response (min)", "65"}));
  EXPECT_FALSE(
      confirms("Could not add a new value to custom field 'F': Permission Denied", {"F", "1"}));
  EXPECT_TRUE(confirms("3 is no longer a value for custom field F", {"F", ""}));
  EXPECT_TRUE(confirms("F 0 deleted", {"F", ""}));
  EXPECT_FALSE(confirms("F 3 deleted", {"F", "4"}));
}

TEST(RtSink, Classified) {
  auto [api, fake] = test::fake_api();
  RtSink sink(std::move(api));
  fake->reply("user/alice", R"({"message":"Permission Denied"})", 403);
  EXPECT_EQ(sink.write_user_fields("alice", {{"f", "1"}}).status, SinkStatus::error);
  fake->routes["user/alice"] = [](const http::Request&) {
    return http::Response{429, {{"Retry-After", "7"}}, ""};
  };
  auto r = sink.write_user_fields("alice", {{"f", "1"}});
  EXPECT_EQ(r.status, SinkStatus::rate_limited);
  fake->reply("user/alice", "", 503);  // retried by the client, then still failing
  EXPECT_EQ(sink.write_user_fields("alice", {{"f", "1"}}).status, SinkStatus::retry);
}

TEST(RtSink, ReportReturnsTicketRef) {
  auto [api, fake] = test::fake_api();
  fake->reply("tickets", R"({"items":[],"count":0,"page":1,"per_page":10})");
  fake->reply("ticket", R"({"id":"53","type":"ticket"})", 201);
  RtSink sink(std::move(api));
  ReportPost p;
  p.subject = "deskpulse weekly report \u2014 all teams \u2014 2026-W49";
  p.html = "<p>x</p>";
  auto r = sink.post_report(p);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.ref, "rt:53");
  EXPECT_FALSE(r.existing);
  ASSERT_EQ(fake->sent.size(), 2u);
  EXPECT_EQ(fake->sent[0].method, "GET");  // looked for first
  EXPECT_NE(fake->sent[0].url.find("Subject"), std::string::npos);
  EXPECT_EQ(fake->sent[1].method, "POST");
}

// Exactly once: a report RT already holds (a kill -9 after the POST, a timeout on a
// create RT completed, a lost state) is found and recorded, never posted again.
TEST(RtSink, AReportAlreadyInTheReportsQueueIsFoundNotPostedAgain) {
  auto [api, fake] = test::fake_api();
  fake->reply("tickets",
              R"({"items":[{"id":"41","type":"ticket","Subject":"deskpulse weekly report \u2014 )"
              R"(all teams \u2014 2026-W49"}],"count":1,"page":1,"per_page":10})");
  fake->reply("ticket", R"({"id":"99"})", 201);
  RtSink sink(std::move(api));
  ReportPost p;
  p.subject = "deskpulse weekly report \u2014 all teams \u2014 2026-W49";
  auto r = sink.post_report(p);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_TRUE(r.existing);
  EXPECT_EQ(r.ref, "rt:41");
  for (const auto& s : fake->sent) EXPECT_NE(s.method, "POST");
}

TEST(RtSink, AReportIsNotPostedWhenTheSearchFailsOrTheCreateTimesOut) {
  auto [api, fake] = test::fake_api();
  fake->reply("tickets", "", 503);
  RtSink sink(std::move(api));
  ReportPost p;
  p.subject = "deskpulse weekly report \u2014 billing \u2014 2026-W49";
  EXPECT_EQ(sink.post_report(p).status, SinkStatus::retry);
  for (const auto& s : fake->sent) EXPECT_NE(s.method, "POST");
  // A create that times out is not repeated by the client: one POST, a retry result.
  fake->reply("tickets", R"({"items":[]})");
  fake->reply("ticket", "", 504);
  fake->sent.clear();
  EXPECT_EQ(sink.post_report(p).status, SinkStatus::retry);
  size_t posts = 0;
  for (const auto& s : fake->sent) posts += s.method == "POST";
  EXPECT_EQ(posts, 1u);
}

TEST(TicketSql, QuotesStrings) {
  EXPECT_EQ(ticketsql_quote("it's a \\ test"), "'it\\'s a \\\\ test'");
}

}  // namespace
}  // namespace dp::rt

namespace dp::rt {
namespace {

// RT 5.0.3's user search names each user by name in "id" (not a number).
TEST(RtSink, AUserFieldRtAlreadyHoldsIsReadBackThroughTheUserSearch) {
  auto [api, fake] = test::fake_api();
  RtSink sink(std::move(api));
  fake->reply("user/alice", "[]");
  fake->reply(
      "users",
      R"js({"items":[{"_url":"x","type":"user","Name":"alice","id":"alice","CustomFields":)js"
      R"js([{"id":"12","name":"KPI CSAT (30d)","values":["60.0% (n=10)"]}]}],"count":1})js");
  auto r = sink.write_user_fields("alice", {{"KPI CSAT (30d)", "60.0% (n=10)"}});
  EXPECT_TRUE(r.ok()) << r.message;
  ASSERT_EQ(fake->sent.size(), 2u);
  EXPECT_EQ(fake->sent[1].method, "POST");
  EXPECT_NE(fake->sent[1].body.find(R"("value":"alice")"), std::string::npos);
}

}  // namespace
}  // namespace dp::rt
