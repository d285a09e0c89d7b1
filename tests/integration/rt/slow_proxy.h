// A slow RT for tests: an HTTP proxy on 127.0.0.1 in front of the private RT that
// forwards every request and, for the requests a test picks (for example a report
// create, POST /REST/2.0/ticket), waits `delay` before forwarding. The client gives up
// first; RT still completes the request, the way a loaded RT does. Counts what it saw.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace dp::test {

class SlowProxy {
 public:
  using Pick = std::function<bool(const httplib::Request&)>;

  SlowProxy(int rt_port, std::chrono::milliseconds delay, Pick slow)
      : rt_port_(rt_port), delay_(delay), slow_(std::move(slow)) {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("slow proxy: cannot bind 127.0.0.1");
    auto forward = [this](const httplib::Request& req, httplib::Response& res) {
      const bool slow = slow_(req);
      if (slow) {
        ++slow_seen_;
        std::this_thread::sleep_for(delay_);
      }
      httplib::Client rt("127.0.0.1", rt_port_);
      rt.set_read_timeout(120, 0);
      httplib::Headers headers;
      for (const auto& [k, v] : req.headers)
        if (k == "Authorization" || k == "Content-Type" || k == "Accept") headers.emplace(k, v);
      const std::string type = req.get_header_value("Content-Type");
      auto send = [&]() {
        if (req.method == "PUT") return rt.Put(req.target.c_str(), headers, req.body, type.c_str());
        if (req.method == "POST")
          return rt.Post(req.target.c_str(), headers, req.body, type.c_str());
        return rt.Get(req.target.c_str(), headers);
      };
      httplib::Result r = send();
      if (slow) ++slow_done_;
      if (!r) {
        res.status = 502;
        return;
      }
      res.status = r->status;
      res.set_content(r->body, r->get_header_value("Content-Type").c_str());
    };
    server_.Get(".*", forward);
    server_.Put(".*", forward);
    server_.Post(".*", forward);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)  // bounded: 5 s
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~SlowProxy() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  SlowProxy(const SlowProxy&) = delete;
  SlowProxy& operator=(const SlowProxy&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int slow_seen() const { return slow_seen_; }  // picked requests received
  int slow_done() const { return slow_done_; }  // picked requests RT has answered

 private:
  int rt_port_;
  std::chrono::milliseconds delay_;
  Pick slow_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> slow_seen_{0}, slow_done_{0};
};

}  // namespace dp::test
