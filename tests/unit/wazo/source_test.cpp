// WazoSource against a fake call-logd on 127.0.0.1 that serves GET /1.0/cdr the way
// wazo-call-logd documents it: {items, filtered, total}; limit, order, direction,
// from and from_id (id >= from_id) —
// https://github.com/wazo-platform/wazo-call-logd/blob/master/wazo_call_logd/plugins/cdr/api.yml
// and database/queries/call_log.py for the filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "support/fake_clock.h"
#include "support/fake_http.h"
#include "wazo/source.h"

namespace dp::wazo {
namespace {

using test::FakeHttp;
using test::Recorded;
using test::Reply;

const char* kPath = "/api/call-logd/1.0/cdr";

std::string cdr(int id, const std::string& start, bool answered = true) {
  std::string answer = answered ? "\"" + start.substr(0, 17) + "20+00:00\"" : "null";
  return R"({"id": )" + std::to_string(id) + R"(, "start": ")" + start + R"(", "answer": )" +
         answer + R"(, "end": ")" + start.substr(0, 14) + R"(59:00+00:00", "answered": )" +
         (answered ? "true" : "false") + R"(, "duration": )" + (answered ? "100" : "null") +
         R"(, "call_direction": "inbound", "source_extension": "+1514555)" +
         std::to_string(1000 + id) + R"(", "destination_internal_extension": "1001", "tags": []})";
}

// Keeps CDRs and answers like call-logd: order=id&direction=asc, from_id inclusive,
// `from` on the start date, limit, and the filtered/total counts.
class FakeCallLogd {
 public:
  void add(int id, const std::string& start, bool answered = true) {
    std::lock_guard lock(mu_);
    cdrs_.push_back({id, start, cdr(id, start, answered)});
  }
  Reply serve(const Recorded& r) {
    if (r.header("X-Auth-Token") != "secret-token") return {401, R"({"message":"Unauthorized"})"};
    std::lock_guard lock(mu_);
    auto sorted = cdrs_;
    std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.id < b.id; });
    size_t limit = r.param("limit").empty() ? 1000 : std::stoul(r.param("limit"));
    int from_id = r.param("from_id").empty() ? 0 : std::stoi(r.param("from_id"));
    std::string from = r.param("from");
    std::string items;
    size_t n = 0, filtered = 0;
    for (const auto& c : sorted) {
      if (c.id < from_id || (!from.empty() && c.start < from)) continue;
      ++filtered;
      if (n == limit) continue;
      items += (n++ ? "," : "") + c.json;
    }
    return {200, R"({"items": [)" + items + R"(], "filtered": )" + std::to_string(filtered) +
                     R"(, "total": )" + std::to_string(sorted.size()) + "}"};
  }

 private:
  struct Cdr {
    int id;
    std::string start;
    std::string json;
  };
  std::mutex mu_;
  std::vector<Cdr> cdrs_;
};

struct Env {
  explicit Env(int page_size = 2) {
    server.route("GET", kPath, [this](const Recorded& r) { return logd.serve(r); });
    settings.url = "";  // set after start
    settings.token = "secret-token";
    settings.page_size = page_size;
  }
  void start() {
    server.start();
    settings.url = server.url() + "/api/call-logd";
  }
  WazoSource source() {
    http::Options o;
    o.timeout = std::chrono::seconds(5);
    return WazoSource("phones", settings,
                      std::make_unique<http::Client>(http::make_curl_transport(o), o,
                                                     time.sleeper(), time.clock()));
  }
  // Polls until caught up (at most 20 batches), as the sync loop does.
  std::vector<Call> drain(WazoSource& s, std::string& cursor) {
    std::vector<Call> calls;
    for (int i = 0; i < 20; ++i) {
      auto b = s.poll(cursor);
      EXPECT_TRUE(b.ok()) << b.error().str();
      if (!b) break;
      for (auto& c : b->records.calls) calls.push_back(c);
      cursor = b->cursor;
      if (!b->more) break;
    }
    return calls;
  }
  FakeCallLogd logd;
  FakeHttp server;
  test::FakeClock time;
  Settings settings;
};

std::vector<std::string> ids(const std::vector<Call>& calls) {
  std::vector<std::string> out;
  for (const auto& c : calls) out.push_back(c.id);
  return out;
}

TEST(WazoSource, PagesByIdThroughThreePagesWithRetries) {
  Env env;
  for (int id = 11; id <= 15; ++id)
    env.logd.add(id, "2026-11-23T09:0" + std::to_string(id - 10) + ":00+00:00");
  // The first request meets a 429 with Retry-After, the second page a 503.
  int calls = 0;
  env.server.route("GET", kPath, [&](const Recorded& r) -> Reply {
    ++calls;
    if (calls == 1) return {429, R"({"message":"slow down"})", {{"Retry-After", "2"}}};
    if (calls == 3) return {503, "maintenance"};
    return env.logd.serve(r);
  });
  env.start();
  auto source = env.source();
  std::string cursor;
  auto got = env.drain(source, cursor);
  EXPECT_EQ(ids(got),
            (std::vector<std::string>{"wazo:11", "wazo:12", "wazo:13", "wazo:14", "wazo:15"}));
  EXPECT_EQ(cursor, "15");
  auto reqs = env.server.requests();
  ASSERT_EQ(reqs.size(), 5u);  // 429, page 1, 503, page 2, page 3 (short)
  EXPECT_EQ(reqs[1].param("from_id"), "");
  EXPECT_EQ(reqs[1].param("order"), "id");
  EXPECT_EQ(reqs[1].param("direction"), "asc");
  EXPECT_EQ(reqs[1].param("limit"), "2");
  EXPECT_EQ(reqs[1].param("call_status"), "answered,blocked,not-answered");
  EXPECT_EQ(reqs[3].param("from_id"), "13");
  EXPECT_EQ(reqs[4].param("from_id"), "15");
  ASSERT_GE(env.time.sleeps().size(), 2u);
  EXPECT_EQ(env.time.sleeps()[0], std::chrono::seconds(2));  // Retry-After honoured
}

TEST(WazoSource, RestartWithTheStoredCursorFetchesNothingTwice) {
  Env env;
  for (int id = 1; id <= 3; ++id)
    env.logd.add(id, "2026-11-23T08:0" + std::to_string(id) + ":00+00:00");
  env.start();
  std::string cursor;
  {
    auto first = env.source();
    EXPECT_EQ(env.drain(first, cursor).size(), 3u);
  }
  // A new process with the stored cursor: nothing new, nothing repeated.
  auto again = env.source();
  std::string stored = cursor;
  EXPECT_TRUE(env.drain(again, stored).empty());
  EXPECT_EQ(stored, "3");
  // call-logd generates CDRs after the call ends, sometimes late (the nightly run picks
  // up missed CEL): an older call with a newer id still arrives, exactly once.
  env.logd.add(4, "2026-11-23T07:30:00+00:00", false);
  env.logd.add(5, "2026-11-23T09:30:00+00:00");
  auto late = env.drain(again, stored);
  EXPECT_EQ(ids(late), (std::vector<std::string>{"wazo:4", "wazo:5"}));
  EXPECT_EQ(late[0].outcome, CallOutcome::abandoned);
  EXPECT_TRUE(env.drain(again, stored).empty());
}

TEST(WazoSource, StartsFromSinceWithoutACursor) {
  Env env(1000);
  env.logd.add(1, "2026-10-01T08:00:00+00:00");
  env.logd.add(2, "2026-11-23T08:00:00+00:00");
  env.settings.since = parse_rfc3339("2026-11-01T00:00:00Z");
  env.start();
  auto s = env.source();
  std::string cursor;
  EXPECT_EQ(ids(env.drain(s, cursor)), (std::vector<std::string>{"wazo:2"}));
  EXPECT_EQ(env.server.requests()[0].param("from"), "2026-11-01T00:00:00Z");
}

TEST(WazoSource, FallsBackWhenCallLogdRejectsCallStatus) {
  Env env(1000);
  env.logd.add(1, "2026-11-23T08:00:00+00:00");
  env.server.route("GET", kPath, [&](const Recorded& r) -> Reply {
    if (!r.param("call_status").empty())
      return {400, R"({"message":"Sent data is invalid","details":{"call_status":"bad"}})"};
    return env.logd.serve(r);
  });
  env.start();
  auto s = env.source();
  auto b = s.poll("");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].field, "call_status");
  EXPECT_EQ(env.server.requests().size(), 2u);
}

TEST(WazoSource, ErrorsKeepTheCursorAndNeverLeakTheToken) {
  Env env;
  env.server.route("GET", kPath, [](const Recorded&) { return Reply{500, "oops"}; });
  env.start();
  auto s = env.source();
  auto b = s.poll("7");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("HTTP 500 after 4 attempts"), std::string::npos);
  EXPECT_EQ(b.error().message.find("secret-token"), std::string::npos);
  EXPECT_FALSE(s.poll("not-a-number").ok());
}

TEST(WazoSource, BadItemsAreRejectedAndTheRestKept) {
  Env env(1000);
  env.server.route("GET", kPath, [](const Recorded&) {
    return Reply{200, R"({"items": [{"id": 1, "start": "garbage", "call_direction": "inbound"},
      {"id": 2, "start": "2026-11-23T08:00:00+00:00", "end": "2026-11-23T08:01:00+00:00",
       "answered": false, "call_direction": "inbound"}], "filtered": 2, "total": 2})"};
  });
  env.start();
  auto s = env.source();
  auto b = s.poll("");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].where, "wazo cdr 1");
  EXPECT_EQ(b->rejected[0].field, "start");
  EXPECT_EQ(b->cursor, "2");
}

TEST(WazoSource, HealthCheckReportsAuthFailures) {
  Env env;
  env.settings.token = "wrong";
  env.start();
  auto s = env.source();
  auto h = s.health_check();
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("HTTP 401"), std::string::npos);
}

}  // namespace
}  // namespace dp::wazo
