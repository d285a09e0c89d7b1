// The libcurl transport through Client against a fake server on 127.0.0.1.
#include <gtest/gtest.h>

#include "http/client.h"
#include "support/fake_clock.h"
#include "support/fake_http.h"

namespace dp::http {
namespace {

using namespace std::chrono_literals;
using test::FakeHttp;
using test::Reply;

Options fast() {
  Options o;
  o.timeout = 5s;
  return o;
}

struct Env {
  test::FakeClock time;
  Client client{make_curl_transport(fast()), fast(), time.sleeper(), time.clock()};
};

TEST(Curl, SendsHeadersAndBodyAndCapturesTheResponse) {
  FakeHttp server;
  server.route("POST", "/echo", [](const test::Recorded& r) {
    return Reply{201, "got " + r.body, {{"X-Request-Id", "42"}}};
  });
  server.start();
  Env env;
  auto r = env.client.send({"POST",
                            server.url() + "/echo?x=1",
                            {{"X-Auth-Token", "tok"}, {"Content-Type", "text/plain"}},
                            "hello"});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "got hello");
  EXPECT_EQ(r->header("x-request-id"), "42");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].param("x"), "1");
  EXPECT_EQ(seen[0].header("X-Auth-Token"), "tok");
  EXPECT_EQ(seen[0].header("User-Agent"), "deskpulse");
}

TEST(Curl, RetriesA429WithRetryAfterSeconds) {
  FakeHttp server;
  server.script("GET", "/x", {{429, "", {{"Retry-After", "3"}}}, {200, "[]"}});
  server.start();
  Env env;
  auto r = env.client.send({"GET", server.url() + "/x", {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server.count("/x"), 2u);
  ASSERT_EQ(env.time.sleeps().size(), 1u);
  EXPECT_EQ(env.time.sleeps()[0], 3000ms);
}

TEST(Curl, RetriesA429WithRetryAfterDate) {
  FakeHttp server;
  // FakeClock starts at 2027-01-15T08:00:00Z.
  server.script("GET", "/x",
                {{429, "", {{"Retry-After", "Fri, 15 Jan 2027 08:00:10 GMT"}}}, {200}});
  server.start();
  Env env;
  ASSERT_TRUE(env.client.send({"GET", server.url() + "/x", {}, {}}).ok());
  ASSERT_EQ(env.time.sleeps().size(), 1u);
  EXPECT_EQ(env.time.sleeps()[0], 10000ms);
}

TEST(Curl, Retries503ThenSucceeds) {
  FakeHttp server;
  server.script("GET", "/x", {{503, "busy"}, {200, "ok"}});
  server.start();
  Env env;
  auto r = env.client.send({"GET", server.url() + "/x", {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(server.count("/x"), 2u);
}

TEST(Curl, Persistent500IsAnErrorAfterMaxAttempts) {
  FakeHttp server;
  server.script("GET", "/x", {{500, "boom"}});
  server.start();
  Env env;
  auto r = env.client.send({"GET", server.url() + "/x", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(server.count("/x"), 4u);
  EXPECT_EQ(env.time.sleeps().size(), 3u);
}

TEST(Curl, A404IsNotRetried) {
  FakeHttp server;
  server.start();  // no routes: everything is 404
  Env env;
  auto r = env.client.send({"GET", server.url() + "/missing", {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(server.count("/missing"), 1u);
}

TEST(Curl, DoesNotFollowRedirects) {
  FakeHttp server;
  server.script("GET", "/old", {{302, "", {{"Location", "/new"}}}});
  server.script("GET", "/new", {{200, "moved"}});
  server.start();
  Env env;
  auto r = env.client.send({"GET", server.url() + "/old", {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(server.count("/new"), 0u);
}

TEST(Curl, ConnectionRefusedIsARetriedNetworkError) {
  int port;
  {
    FakeHttp gone;  // bound then closed: nothing listens on this port afterwards
    port = gone.port();
  }
  Env env;
  auto r = env.client.send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/x", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(env.client.requests_made(), 4u);
}

TEST(Curl, RejectsOtherSchemes) {
  Env env;
  auto r = env.client.send({"GET", "file:///etc/passwd", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(env.client.requests_made(), 1u);  // "url" errors are permanent
}

TEST(Curl, VerifiesTlsByDefault) {
  EXPECT_TRUE(Options{}.verify_tls);
}

}  // namespace
}  // namespace dp::http
