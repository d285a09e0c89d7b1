// Client retry, backoff, Retry-After and rate limiting against a scripted transport:
// no network, no real sleeping (tests/support/fake_clock.h).
#include <gtest/gtest.h>

#include "http/client.h"
#include "support/fake_clock.h"

namespace dp::http {
namespace {

using namespace std::chrono_literals;

Response reply(long status, Headers headers = {}, std::string body = "") {
  return Response{status, std::move(headers), std::move(body)};
}

class Scripted : public Transport {
 public:
  explicit Scripted(std::vector<Result<Response>> replies) : replies_(std::move(replies)) {}
  Result<Response> send(const Request& r) override {
    seen.push_back(r);
    size_t i = std::min(next_++, replies_.size() - 1);
    return replies_[i];
  }
  std::vector<Request> seen;

 private:
  std::vector<Result<Response>> replies_;
  size_t next_ = 0;
};

struct Fixture {
  explicit Fixture(std::vector<Result<Response>> replies, Options options = {}) {
    auto t = std::make_unique<Scripted>(std::move(replies));
    transport = t.get();
    client = std::make_unique<Client>(std::move(t), options, time.sleeper(), time.clock());
  }
  test::FakeClock time;
  Scripted* transport = nullptr;
  std::unique_ptr<Client> client;
};

const Request kGet{"GET", "https://pbx.example/api/call-logd/1.0/cdr?limit=10", {}, {}};

TEST(Classify, SortsEveryKindOfResult) {
  EXPECT_EQ(classify(reply(200)), Outcome::ok);
  EXPECT_EQ(classify(reply(204)), Outcome::ok);
  EXPECT_EQ(classify(reply(429)), Outcome::rate_limited);
  for (long s : {408L, 500L, 502L, 503L, 504L}) EXPECT_EQ(classify(reply(s)), Outcome::retriable);
  for (long s : {301L, 400L, 401L, 403L, 404L, 422L, 501L})
    EXPECT_EQ(classify(reply(s)), Outcome::permanent) << s;
  EXPECT_EQ(classify(Result<Response>(make_error("refused", "network"))), Outcome::retriable);
  EXPECT_EQ(classify(Result<Response>(make_error("bad cert", "tls"))), Outcome::permanent);
  EXPECT_EQ(classify(Result<Response>(make_error("bad url", "url"))), Outcome::permanent);
  EXPECT_EQ(classify(Result<Response>(make_error("too big", "size"))), Outcome::permanent);
}

TEST(Client, ReturnsASuccessAtOnce) {
  Fixture f({reply(200, {}, "ok")});
  auto r = f.client->send(kGet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(f.client->requests_made(), 1u);
  EXPECT_TRUE(f.time.sleeps().empty());
}

TEST(Client, Retries503ThenSucceeds) {
  Fixture f({reply(503), reply(200)});
  auto r = f.client->send(kGet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(f.client->requests_made(), 2u);
  ASSERT_EQ(f.time.sleeps().size(), 1u);
  // First backoff: 1 s with equal jitter, so between 0.5 s and 1 s.
  EXPECT_GE(f.time.sleeps()[0], 500ms);
  EXPECT_LE(f.time.sleeps()[0], 1000ms);
}

TEST(Client, HonoursRetryAfterSeconds) {
  Fixture f({reply(429, {{"retry-after", "7"}}), reply(200)});
  ASSERT_TRUE(f.client->send(kGet).ok());
  ASSERT_EQ(f.time.sleeps().size(), 1u);
  EXPECT_EQ(f.time.sleeps()[0], 7000ms);
}

TEST(Client, HonoursRetryAfterHttpDate) {
  // FakeClock starts at 1'800'000'000 s after the epoch: 2027-01-15T08:00:00Z.
  Fixture f({reply(429, {{"Retry-After", "Fri, 15 Jan 2027 08:00:05 GMT"}}), reply(200)});
  ASSERT_TRUE(f.client->send(kGet).ok());
  ASSERT_EQ(f.time.sleeps().size(), 1u);
  EXPECT_EQ(f.time.sleeps()[0], 5000ms);
}

TEST(Client, GivesUpWhenTheServerAsksForMoreThanMaxBackoff) {
  Options o;
  o.max_backoff = 60s;
  Fixture f({reply(429, {{"Retry-After", "3600"}}), reply(200)}, o);
  auto r = f.client->send(kGet);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("3600"), std::string::npos);
  EXPECT_EQ(f.client->requests_made(), 1u);
  EXPECT_TRUE(f.time.sleeps().empty());
}

TEST(Client, RepeatedServerErrorsEndInAnErrorAfterMaxAttempts) {
  Options o;
  o.max_attempts = 4;
  o.max_backoff = 3s;
  Fixture f({reply(500)}, o);
  auto r = f.client->send(kGet);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("HTTP 500 after 4 attempts"), std::string::npos);
  EXPECT_EQ(f.client->requests_made(), 4u);
  ASSERT_EQ(f.time.sleeps().size(), 3u);
  // 1 s, 2 s, then capped at 3 s (not 4 s); each between half and all of it.
  const http::Millis nominal[] = {1000ms, 2000ms, 3000ms};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_GE(f.time.sleeps()[i], nominal[i] / 2) << i;
    EXPECT_LE(f.time.sleeps()[i], nominal[i]) << i;
  }
}

TEST(Client, DoesNotRetryA404) {
  Fixture f({reply(404, {}, "not found"), reply(200)});
  auto r = f.client->send(kGet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(f.client->requests_made(), 1u);
  auto checked = require_success(std::move(r), kGet);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().message,
            "GET https://pbx.example/api/call-logd/1.0/cdr: HTTP 404: not found");
}

TEST(Client, RetriesNetworkErrorsButNotCertificateErrors) {
  Fixture net({Result<Response>(make_error("connection refused", "network")), reply(200)});
  EXPECT_TRUE(net.client->send(kGet).ok());
  EXPECT_EQ(net.client->requests_made(), 2u);

  Fixture tls({Result<Response>(make_error("certificate verify failed", "tls")), reply(200)});
  auto r = tls.client->send(kGet);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(tls.client->requests_made(), 1u);
}

// A create the server may have completed is never made again behind the caller's back
// (issue 17: 16 POSTs for 4 reports after RT answered slowly).
TEST(Client, NeverRepeatsAPostThatMayHaveBeenCarriedOut) {
  Request post{"POST", "https://rt.example/REST/2.0/ticket", {}, "{}"};
  for (auto failure : {Result<Response>(make_error("Operation timed out", "network")),
                       Result<Response>(reply(500)), Result<Response>(reply(503)),
                       Result<Response>(reply(504)), Result<Response>(reply(408))}) {
    Fixture f({failure, reply(201)});
    auto r = f.client->send(post);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("not repeated"), std::string::npos) << r.error().message;
    EXPECT_EQ(f.client->requests_made(), 1u);
    EXPECT_TRUE(f.time.sleeps().empty());
  }
}

TEST(Client, RepeatsAPostTheServerSurelyDidNotCarryOut) {
  Request post{"POST", "https://rt.example/REST/2.0/ticket", {}, "{}"};
  Fixture refused({Result<Response>(make_error("connection refused", "connect")), reply(201)});
  EXPECT_TRUE(refused.client->send(post).ok());
  EXPECT_EQ(refused.client->requests_made(), 2u);
  Fixture limited({reply(429, {{"Retry-After", "1"}}), reply(201)});
  EXPECT_TRUE(limited.client->send(post).ok());
  EXPECT_EQ(limited.client->requests_made(), 2u);
}

TEST(Client, RepeatsASearchPostItsCallerMarksSafe) {
  Request search{"POST", "https://rt.example/REST/2.0/transactions", {}, "[]"};
  search.safe_to_repeat = true;
  Fixture f({reply(503), reply(200)});
  EXPECT_TRUE(f.client->send(search).ok());
  EXPECT_EQ(f.client->requests_made(), 2u);
  Request put{"PUT", "https://rt.example/REST/2.0/ticket/1", {}, "{}"};
  Fixture p({reply(502), reply(200)});
  EXPECT_TRUE(p.client->send(put).ok());
  EXPECT_EQ(p.client->requests_made(), 2u);
}

TEST(Client, SpacesRequestsToTheRateLimit) {
  Options o;
  o.max_requests_per_second = 2;
  Fixture f({reply(200)}, o);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(f.client->send(kGet).ok());
  // The first request goes at once; the next four wait 500 ms each.
  ASSERT_EQ(f.time.sleeps().size(), 4u);
  for (auto d : f.time.sleeps()) EXPECT_EQ(d, 500ms);
}

TEST(Client, RateLimitDoesNotWaitWhenTimeHasPassed) {
  Options o;
  o.max_requests_per_second = 1;
  Fixture f({reply(200)}, o);
  ASSERT_TRUE(f.client->send(kGet).ok());
  f.time.advance(2s);
  ASSERT_TRUE(f.client->send(kGet).ok());
  EXPECT_TRUE(f.time.sleeps().empty());
}

TEST(RequireSuccess, NamesTheRedirectTarget) {
  Request r{"GET", "http://pbx.example/api", {}, {}};
  auto checked = require_success(reply(301, {{"Location", "https://pbx.example/api"}}), r);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("redirect to https://pbx.example/api"), std::string::npos);
}

TEST(Redact, HidesCredentialsAndKeepsTheRest) {
  Request r{"GET",
            "https://api.example/x",
            {{"Authorization", "Basic QUM6c2VjcmV0"},
             {"X-Auth-Token", "7d7f4c6e-token"},
             {"cookie", "session=abc"},
             {"Accept", "application/json"}},
            {}};
  std::string line = redact_headers(r);
  EXPECT_EQ(line,
            "GET https://api.example/x [Authorization: <redacted>, X-Auth-Token: <redacted>, "
            "cookie: <redacted>, Accept: application/json]");
  EXPECT_EQ(line.find("QUM6"), std::string::npos);
  EXPECT_EQ(line.find("7d7f"), std::string::npos);
}

}  // namespace
}  // namespace dp::http
