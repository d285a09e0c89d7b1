// A scripted Transport answering REST2 paths with canned bodies in RT 5.0.3's shapes
// (captured from the real server), recording every request.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/client.h"
#include "rt/api.h"

namespace dp::rt::test {

struct FakeRt : http::Transport {
  // path after /REST/2.0/ (no query) -> handler
  std::map<std::string, std::function<http::Response(const http::Request&)>> routes;
  std::vector<http::Request> sent;

  Result<http::Response> send(const http::Request& r) override {
    sent.push_back(r);
    auto start = r.url.find("/REST/2.0/");
    std::string path = r.url.substr(start + 10, r.url.find('?') - start - 10);
    auto it = routes.find(path);
    if (it == routes.end()) return http::Response{404, {}, R"({"message":"Not Found"})"};
    return it->second(r);
  }
  void reply(const std::string& path, std::string body, long status = 200) {
    routes[path] = [body, status](const http::Request&) {
      return http::Response{status, {}, body};
    };
  }
};

inline RtOptions test_options() {
  RtOptions o;
  o.url = "http://rt.test";
  o.user = "deskpulse";
  o.password = "pw";
  o.csat_field = "CSAT";
  o.topic_field = "Topic";
  o.http.max_attempts = 1;
  return o;
}

// Owns the fake through the api; the raw pointer stays valid while the api lives.
inline std::pair<std::unique_ptr<RtApi>, FakeRt*> fake_api(RtOptions o = test_options()) {
  auto t = std::make_unique<FakeRt>();
  FakeRt* raw = t.get();
  return {std::make_unique<RtApi>(o, std::move(t)), raw};
}

}  // namespace dp::rt::test
