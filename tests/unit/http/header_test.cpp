// Issue 22: a header value with CR, LF or NUL is never sent (it would smuggle extra
// headers into the request); the request fails without printing the value.
#include <gtest/gtest.h>

#include "http/client.h"
#include "support/fake_clock.h"
#include "support/fake_http.h"

namespace dp::http {
namespace {

using namespace std::chrono_literals;

class Recording : public Transport {
 public:
  Result<Response> send(const Request& r) override {
    seen.push_back(r);
    return Response{200, {}, "ok"};
  }
  std::vector<Request> seen;
};

const std::vector<std::string> kBadValues = {"tok\r\nX-Injected: yes", "tok\nX-Injected: yes",
                                             "tok\rX", std::string("tok\0X", 5), "tok\n"};

TEST(HeaderValues, ClientRefusesControlCharactersWithoutSending) {
  for (const std::string& bad : kBadValues) {
    auto t = std::make_unique<Recording>();
    Recording* transport = t.get();
    test::FakeClock time;
    Client client(std::move(t), {}, time.sleeper(), time.clock());
    Request req{"GET", "https://rt.example/REST/2.0/tickets", {{"X-Auth-Token", bad}}, ""};
    auto r = client.send(req);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(transport->seen.empty());
    EXPECT_EQ(classify(r), Outcome::permanent) << r.error().str();
    EXPECT_NE(r.error().str().find("X-Auth-Token"), std::string::npos) << r.error().str();
    EXPECT_EQ(r.error().str().find("tok"), std::string::npos) << r.error().str();
    EXPECT_EQ(r.error().str().find("Injected"), std::string::npos) << r.error().str();
    EXPECT_EQ(client.requests_made(), 0u);
  }
}

TEST(HeaderValues, TabsAndOrdinaryValuesAreSent) {
  auto t = std::make_unique<Recording>();
  Recording* transport = t.get();
  test::FakeClock time;
  Client client(std::move(t), {}, time.sleeper(), time.clock());
  auto r = client.send({"GET", "https://h/x", {{"Authorization", "Basic a\tb=="}}, ""});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(transport->seen.size(), 1u);
}

TEST(HeaderValues, CurlTransportRefusesThemToo) {
  test::FakeHttp server;
  server.route("GET", "/x", [](const test::Recorded&) { return test::Reply{200, "[]"}; });
  server.start();
  Options o;
  o.timeout = 5s;
  auto transport = make_curl_transport(o);
  for (const std::string& bad : kBadValues) {
    auto r = transport->send({"GET", server.url() + "/x", {{"X-Auth-Token", bad}}, ""});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().str().find("tok"), std::string::npos) << r.error().str();
    EXPECT_EQ(r.error().str().find("Injected"), std::string::npos) << r.error().str();
  }
  EXPECT_TRUE(server.requests().empty());
  // The same transport still sends a clean request.
  auto ok = transport->send({"GET", server.url() + "/x", {{"X-Auth-Token", "tok"}}, ""});
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].header("X-Injected"), "");
}

}  // namespace
}  // namespace dp::http
