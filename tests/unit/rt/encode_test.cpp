#include "rt/encode.h"

#include <gtest/gtest.h>

#include "fake_rt.h"
#include "model/json.h"

namespace dp::rt {
namespace {

TEST(RtEncode, TransactionsSearchIsKeysetPaged) {
  auto r = transactions_request(test::test_options(), 41);
  EXPECT_EQ(r.method, "POST");
  EXPECT_NE(r.url.find("/REST/2.0/transactions?"), std::string::npos);
  EXPECT_NE(r.url.find("orderby=id"), std::string::npos);
  EXPECT_NE(r.url.find("page=1"), std::string::npos);
  EXPECT_NE(r.body.find(R"({"field":"id","operator":">","value":41})"), std::string::npos);
  EXPECT_NE(r.body.find("RT::Ticket"), std::string::npos);
}

TEST(RtEncode, TicketsById) {
  auto r = tickets_request(test::test_options(), {3, 7});
  EXPECT_EQ(r.method, "GET");
  EXPECT_NE(r.url.find("query=id%20%3D%203%20OR%20id%20%3D%207"), std::string::npos) << r.url;
}

TEST(RtEncode, FieldWrite) {
  auto r = encode_ticket_fields(test::test_options(), "rt:12", {{"KPI SLA Met", "yes"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "PUT");
  EXPECT_EQ(r->url, "http://rt.test/REST/2.0/ticket/12");
  EXPECT_EQ(r->body, R"({"CustomFields":{"KPI SLA Met":"yes"}})");
  EXPECT_FALSE(encode_ticket_fields(test::test_options(), "zammad:x", {{"f", "v"}}).ok());
}

TEST(RtEncode, UserFieldWriteEncodesName) {
  auto r = encode_user_fields(test::test_options(), "a b@x", {{"KPI CSAT (30d)", "4.5"}});
  EXPECT_EQ(r.url, "http://rt.test/REST/2.0/user/a%20b%40x");
}

TEST(RtEncode, SearchesAreRepeatableAndCreatesAreNot) {
  EXPECT_TRUE(transactions_request(test::test_options(), 0).idempotent());
  EXPECT_TRUE(last_transaction_request(test::test_options()).idempotent());
  EXPECT_FALSE(encode_report(test::test_options(), ReportPost{}).idempotent());
  auto search = report_search_request(test::test_options(), "weekly report \u2014 it's 2026-W49");
  EXPECT_EQ(search.method, "GET");
  EXPECT_NE(search.url.find("Subject%20%3D%20%27weekly%20report%20%E2%80%94%20it%5C%27s"),
            std::string::npos)
      << search.url;
}

TEST(RtEncode, ReportWithAttachment) {
  ReportPost p;
  p.subject = "KPI 2026-W47";
  p.team = "billing";
  p.period = "2026-W47";
  p.html = "<h1>Week</h1>";
  p.attachments.push_back({"chart.png", "image/png", std::string("\x89PNG", 4), "chart"});
  auto r = encode_report(test::test_options(), p);
  auto doc = json::parse(r.body);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(json::get_string(*doc, "Queue"), "KPI Reports");
  EXPECT_EQ(json::get_string(*doc, "ContentType"), "text/html");
  const auto& a = (*doc)["Attachments"][0];
  // Named as the report's HTML links it.
  EXPECT_EQ(json::get_string(a, "FileName"), "billing-2026-W47-chart.png");
  EXPECT_EQ(json::get_string(a, "FileContent"), "iVBORw==");
}

TEST(RtEncode, Base64) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace dp::rt
