#include "rt/sink.h"

#include <gtest/gtest.h>

#include "fake_rt.h"

namespace dp::rt {
namespace {

TEST(RtSink, FieldWriteAndNoChangeMessage) {
  auto [api, fake] = test::fake_api();
  fake->reply("ticket/12", R"(["KPI SLA Met yes added"])");
  RtSink sink(std::move(api));
  auto r = sink.write_field({"rt:12", "KPI SLA Met", "yes"});
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.message.empty());
  fake->reply("ticket/12", "[]");
  r = sink.write_field({"rt:12", "KPI SLA Met", "yes"});
  EXPECT_TRUE(r.ok());
  EXPECT_NE(r.message.find("deskpulse init"), std::string::npos);
  EXPECT_NE(fake->sent[0].body.find("KPI SLA Met"), std::string::npos);
  EXPECT_EQ(fake->sent[0].headers.back().first, "Authorization");
}

TEST(RtSink, Classified) {
  auto [api, fake] = test::fake_api();
  RtSink sink(std::move(api));
  fake->reply("user/alice", R"({"message":"Permission Denied"})", 403);
  EXPECT_EQ(sink.write_user_field({"alice", "f", "1"}).status, SinkStatus::error);
  fake->routes["user/alice"] = [](const http::Request&) {
    return http::Response{429, {{"Retry-After", "7"}}, ""};
  };
  auto r = sink.write_user_field({"alice", "f", "1"});
  EXPECT_EQ(r.status, SinkStatus::rate_limited);
  fake->reply("user/alice", "", 503);  // retried by the client, then still failing
  EXPECT_EQ(sink.write_user_field({"alice", "f", "1"}).status, SinkStatus::retry);
}

TEST(RtSink, ReportReturnsTicketRef) {
  auto [api, fake] = test::fake_api();
  fake->reply("ticket", R"({"id":"53","type":"ticket"})", 201);
  RtSink sink(std::move(api));
  ReportPost p;
  p.subject = "Weekly";
  p.html = "<p>x</p>";
  auto r = sink.post_report(p);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.ref, "rt:53");
}

}  // namespace
}  // namespace dp::rt
