// A clock that only moves when the code under test sleeps: retry and rate-limit tests
// run instantly and can check every wait.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "http/client.h"

namespace dp::test {

class FakeClock {
 public:
  explicit FakeClock(http::WallTime start = http::WallTime(std::chrono::seconds(1'800'000'000)))
      : state_(std::make_shared<State>(State{start, {}})) {}

  http::Client::Clock clock() const {
    return [s = state_] { return s->now; };
  }
  http::Client::Sleeper sleeper() const {
    return [s = state_](http::Millis d) {
      s->sleeps.push_back(d);
      s->now += d;
    };
  }
  http::WallTime now() const { return state_->now; }
  void advance(http::Millis d) { state_->now += d; }
  const std::vector<http::Millis>& sleeps() const { return state_->sleeps; }
  http::Millis slept() const {
    http::Millis total{0};
    for (auto d : state_->sleeps) total += d;
    return total;
  }

 private:
  struct State {
    http::WallTime now;
    std::vector<http::Millis> sleeps;
  };
  std::shared_ptr<State> state_;
};

}  // namespace dp::test
