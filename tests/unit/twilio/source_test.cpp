// TwilioSource against a fake Twilio on 127.0.0.1 serving the Calls list resource as
// documented at https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources
// ({"calls": [...], "next_page_uri": ..., "page", "page_size", ...}; newest first;
// StartTime>= / StartTime< day filters; PageSize; next_page_uri relative to
// https://api.twilio.com and null on the last page; HTTP basic auth with the account
// SID and auth token).
#include <gtest/gtest.h>

#include <date/date.h>

#include <algorithm>
#include <mutex>

#include "support/fake_clock.h"
#include "support/fake_http.h"
#include "twilio/source.h"

namespace dp::twilio {
namespace {

using namespace std::chrono_literals;
using test::FakeHttp;
using test::Recorded;
using test::Reply;

const std::string kPath = "/2010-04-01/Accounts/AC1/Calls.json";

std::string rfc2822(Time t) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", t);
}

class FakeTwilio {
 public:
  struct Row {
    std::string sid;
    Time start;
    std::string status;
    int duration = 0;
    std::string parent;
  };
  void put(std::string sid, Time start, std::string status, int duration, std::string parent = "") {
    Row row{std::move(sid), start, std::move(status), duration, std::move(parent)};
    std::lock_guard lock(mu_);
    for (auto& r : rows_)
      if (r.sid == row.sid) {
        r = row;
        return;
      }
    rows_.push_back(row);
  }
  Reply serve(const Recorded& r) {
    if (r.header("Authorization") != "Basic QUMxOnRvaw==")  // AC1:tok
      return {401, R"({"code": 20003, "message": "Authenticate", "status": 401})"};
    std::lock_guard lock(mu_);
    auto from = parse_date(r.param("StartTime>="));
    auto before = parse_date(r.param("StartTime<"));
    std::vector<Row> hits;
    for (const auto& row : rows_)
      if ((!from || row.start >= *from) && (!before || row.start < *before)) hits.push_back(row);
    std::sort(hits.begin(), hits.end(), [](auto& a, auto& b) { return a.start > b.start; });
    size_t size = std::stoul(r.param("PageSize"));
    size_t page = r.param("Page").empty() ? 0 : std::stoul(r.param("Page"));
    std::string calls;
    for (size_t i = page * size; i < hits.size() && i < (page + 1) * size; ++i)
      calls += (calls.empty() ? "" : ",") + json(hits[i]);
    std::string query = "PageSize=" + std::to_string(size) +
                        "&StartTime%3E%3D=" + r.param("StartTime>=") +
                        (before ? "&StartTime%3C=" + r.param("StartTime<") : "");
    std::string next = (page + 1) * size < hits.size()
                           ? "\"" + kPath + "?" + query + "&Page=" + std::to_string(page + 1) +
                                 "&PageToken=PA" + hits[(page + 1) * size - 1].sid + "\""
                           : "null";
    return {200, R"({"calls": [)" + calls + R"(], "end": 0, "first_page_uri": ")" + kPath + "?" +
                     query + R"(&Page=0", "next_page_uri": )" + next + R"(, "page": )" +
                     std::to_string(page) + R"(, "page_size": )" + std::to_string(size) +
                     R"(, "previous_page_uri": null, "start": 0, "uri": ")" + kPath + R"("})"};
  }

 private:
  static std::string json(const Row& r) {
    bool final = r.status != "in-progress" && r.status != "ringing" && r.status != "queued";
    std::string end = final ? "\"" + rfc2822(r.start + Seconds(r.duration + 5)) + "\"" : "null";
    return R"({"sid": ")" + r.sid + R"(", "account_sid": "AC1", "status": ")" + r.status +
           R"(", "direction": "inbound", "from": "+15017122661", "to": "+15558675310",
           "date_created": ")" +
           rfc2822(r.start) + R"(", "start_time": ")" + rfc2822(r.start) + R"(", "end_time": )" +
           end + R"(, "duration": ")" + std::to_string(r.duration) +
           R"(", "queue_time": "0", "parent_call_sid": )" +
           (r.parent.empty() ? "null" : "\"" + r.parent + "\"") + "}";
  }
  std::mutex mu_;
  std::vector<Row> rows_;
};

// The fake clock starts at 2027-01-15T08:00:00Z.
Time at(const char* hhmm, int days_back = 0) {
  return *parse_rfc3339(std::string("2027-01-15T") + hhmm + ":00Z") - std::chrono::days(days_back);
}

struct Env {
  explicit Env(int page_size = 2) {
    server.route("GET", kPath, [this](const Recorded& r) { return twilio.serve(r); });
    settings.account_sid = "AC1";
    settings.auth_token = "tok";
    settings.page_size = page_size;
    settings.since = at("00:00");
  }
  void start() {
    server.start();
    settings.base_url = server.url();
  }
  TwilioSource source() {
    http::Options o;
    o.timeout = 5s;
    return TwilioSource("twilio", settings,
                        std::make_unique<http::Client>(http::make_curl_transport(o), o,
                                                       time.sleeper(), time.clock()),
                        time.clock());
  }
  std::vector<std::string> drain(TwilioSource& s, std::string& cursor,
                                 std::vector<Rejection>* rejected = nullptr) {
    std::vector<std::string> sids;
    for (int i = 0; i < 20; ++i) {
      auto b = s.poll(cursor);
      EXPECT_TRUE(b.ok()) << b.error().str();
      if (!b) break;
      for (auto& c : b->records.calls) sids.push_back(c.id.substr(std::string("twilio:").size()));
      if (rejected) rejected->insert(rejected->end(), b->rejected.begin(), b->rejected.end());
      cursor = b->cursor;
      if (!b->more) break;
    }
    std::sort(sids.begin(), sids.end());
    return sids;
  }
  FakeTwilio twilio;
  FakeHttp server;
  test::FakeClock time;
  Settings settings;
};

using Sids = std::vector<std::string>;

TEST(TwilioSource, FollowsNextPageUriThroughThreePagesWithRetries) {
  Env env;
  env.twilio.put("CA1", at("07:00"), "completed", 60);
  env.twilio.put("CA2", at("07:10"), "no-answer", 0);
  env.twilio.put("CA3", at("07:20"), "busy", 0);
  env.twilio.put("CA4", at("07:30"), "completed", 30);
  env.twilio.put("CA5", at("07:40"), "failed", 0);
  int n = 0;
  env.server.route("GET", kPath, [&](const Recorded& r) -> Reply {
    ++n;
    if (n == 1)
      return {429, R"({"code": 20429, "message": "Too Many Requests"})", {{"Retry-After", "1"}}};
    if (n == 3) return {503, "unavailable"};
    return env.twilio.serve(r);
  });
  env.start();
  auto s = env.source();
  std::string cursor;
  EXPECT_EQ(env.drain(s, cursor), (Sids{"CA1", "CA2", "CA3", "CA4", "CA5"}));
  auto reqs = env.server.requests();
  ASSERT_EQ(reqs.size(), 5u);  // 429, page 0, 503, page 1, page 2
  EXPECT_EQ(reqs[1].param("StartTime>="), "2027-01-15");
  EXPECT_EQ(reqs[1].param("PageSize"), "2");
  EXPECT_EQ(reqs[1].param("StartTime<"), "");  // recent days: read up to now
  EXPECT_EQ(reqs[4].param("Page"), "2");
  EXPECT_EQ(env.time.sleeps().front(), 1000ms);
  EXPECT_EQ(cursor, "v1 2027-01-15T07:40:00Z CA5");
}

TEST(TwilioSource, RestartWithTheStoredCursorFetchesNothingTwice) {
  Env env;
  env.twilio.put("CA1", at("07:00"), "completed", 60);
  env.twilio.put("CA2", at("07:10"), "completed", 60);
  env.twilio.put("CA3", at("07:10"), "canceled", 0);  // same second as CA2
  env.start();
  std::string cursor;
  {
    auto first = env.source();
    EXPECT_EQ(env.drain(first, cursor), (Sids{"CA1", "CA2", "CA3"}));
  }
  auto again = env.source();
  EXPECT_EQ(env.drain(again, cursor), Sids{});
  env.twilio.put("CA4", at("07:10"), "completed", 5);  // late arrival, same second
  env.twilio.put("CA5", at("07:50"), "completed", 5);
  EXPECT_EQ(env.drain(again, cursor), (Sids{"CA4", "CA5"}));
  EXPECT_EQ(env.drain(again, cursor), Sids{});
}

TEST(TwilioSource, ACallInProgressIsPickedUpCompleteOnTheNextPoll) {
  Env env;
  env.twilio.put("CA1", at("07:50"), "in-progress", 0);
  env.twilio.put("CA2", at("07:55"), "completed", 60);
  env.start();
  auto s = env.source();
  std::string cursor;
  EXPECT_EQ(env.drain(s, cursor), Sids{"CA2"});
  EXPECT_EQ(cursor, "v1 2027-01-15T07:50:00Z CA2");  // held at the open call
  EXPECT_EQ(env.drain(s, cursor), Sids{});           // still going on
  env.twilio.put("CA1", at("07:50"), "completed", 420);
  env.time.advance(10min);
  auto b = s.poll(cursor);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 1u);
  EXPECT_EQ(b->records.calls[0].id, "twilio:CA1");
  EXPECT_EQ(b->records.calls[0].talk, 420s);
  EXPECT_EQ(b->records.calls[0].outcome, CallOutcome::answered);
  cursor = b->cursor;
  EXPECT_EQ(env.drain(s, cursor), Sids{});
}

TEST(TwilioSource, CatchesUpOldDaysOneDayPerPoll) {
  Env env(1000);
  env.settings.since = at("00:00", 3);
  env.twilio.put("CA1", at("10:00", 3), "completed", 60);
  env.twilio.put("CA2", at("10:00", 2), "completed", 60);
  env.twilio.put("CA3", at("23:59", 1), "no-answer", 0);
  env.twilio.put("CA4", at("07:00"), "completed", 60);
  // Stuck: Twilio still says ringing two days later. Reported, not waited for.
  env.twilio.put("CA9", at("11:00", 2), "ringing", 0);
  env.twilio.put("CA8", at("11:00", 2), "completed", 60, "CA2");  // child leg
  env.start();
  auto s = env.source();
  std::string cursor;
  std::vector<Rejection> rejected;
  EXPECT_EQ(env.drain(s, cursor, &rejected), (Sids{"CA1", "CA2", "CA3", "CA4"}));
  auto reqs = env.server.requests();
  ASSERT_EQ(reqs.size(), 3u);  // 2027-01-12, 2027-01-13, then 01-14 up to now
  EXPECT_EQ(reqs[0].param("StartTime>="), "2027-01-12");
  EXPECT_EQ(reqs[0].param("StartTime<"), "2027-01-13");
  EXPECT_EQ(reqs[1].param("StartTime>="), "2027-01-13");
  EXPECT_EQ(reqs[2].param("StartTime>="), "2027-01-14");
  EXPECT_EQ(reqs[2].param("StartTime<"), "");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].where, "twilio call CA9");
}

TEST(TwilioSource, ErrorsKeepTheCursorAndNeverLeakTheToken) {
  Env env;
  env.settings.auth_token = "wrong-token";
  env.start();
  auto s = env.source();
  auto b = s.poll("");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("HTTP 401"), std::string::npos);
  EXPECT_EQ(b.error().message.find("wrong-token"), std::string::npos);
  EXPECT_FALSE(s.poll("garbage").ok());
  EXPECT_FALSE(s.health_check().ok());
}

}  // namespace
}  // namespace dp::twilio
