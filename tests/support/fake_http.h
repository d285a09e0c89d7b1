// A small fake HTTP server for tests (STYLE.md: small fake servers serving the
// documented response shapes). Binds 127.0.0.1 on a free port, serves the routes and
// scripts a test registers, records every request, and stops in its destructor.
//
//   dp::test::FakeHttp server;
//   server.script("GET", "/1.0/cdr", {{503, ""}, {200, R"({"items":[]})"}});
//   server.start();
//   ... client against server.url() ...
//   EXPECT_EQ(server.count("/1.0/cdr"), 2u);
//
// Link with the pkg-config target PkgConfig::HTTPLIB (Debian's cpp-httplib is a
// compiled library).
#pragma once

#include <httplib.h>
#include <strings.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dp::test {

struct Reply {
  using Headers = std::vector<std::pair<std::string, std::string>>;
  Reply(int status = 200, std::string body = "", Headers headers = {},
        std::string content_type = "application/json")
      : status(status),
        body(std::move(body)),
        headers(std::move(headers)),
        content_type(std::move(content_type)) {}
  int status;
  std::string body;
  Headers headers;
  std::string content_type;
};

struct Recorded {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::multimap<std::string, std::string> headers;
  std::string body;

  std::string param(const std::string& key) const {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  }
  std::string header(const std::string& key) const {
    for (const auto& [k, v] : headers)
      if (strcasecmp(k.c_str(), key.c_str()) == 0) return v;
    return {};
  }
};

class FakeHttp {
 public:
  using Handler = std::function<Reply(const Recorded&)>;

  FakeHttp() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake http: cannot bind 127.0.0.1");
  }
  ~FakeHttp() {
    // httplib closes the bound socket only from a running accept loop, so a server
    // that was never started is started here to be stopped properly.
    if (!thread_.joinable()) start();
    stop();
  }
  FakeHttp(const FakeHttp&) = delete;
  FakeHttp& operator=(const FakeHttp&) = delete;

  // Register before start(). `path` is an exact path (no regex, no query).
  void route(const std::string& method, const std::string& path, Handler handler) {
    std::lock_guard lock(mu_);
    routes_[{method, path}] = std::move(handler);
  }

  // Replies served in order for (method, path); the last one repeats.
  void script(const std::string& method, const std::string& path, std::vector<Reply> replies) {
    auto queue = std::make_shared<std::deque<Reply>>(replies.begin(), replies.end());
    route(method, path, [this, queue](const Recorded&) {
      std::lock_guard lock(mu_);
      Reply r = queue->front();
      if (queue->size() > 1) queue->pop_front();
      return r;
    });
  }

  void start() {
    auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
      serve(req, res);
    };
    const std::string any = ".*";
    server_.Get(any, dispatch);
    server_.Post(any, dispatch);
    server_.Put(any, dispatch);
    server_.Patch(any, dispatch);
    server_.Delete(any, dispatch);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Bounded wait for the accept loop (at most 5 s).
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  void stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<Recorded> requests() const {
    std::lock_guard lock(mu_);
    return log_;
  }
  size_t count(const std::string& path) const {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& r : log_) n += r.path == path;
    return n;
  }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    Recorded rec{req.method, req.path, {req.params.begin(), req.params.end()}, {}, req.body};
    for (const auto& [k, v] : req.headers) rec.headers.emplace(k, v);
    Handler handler;
    {
      std::lock_guard lock(mu_);
      log_.push_back(rec);
      auto it = routes_.find({req.method, req.path});
      if (it != routes_.end()) handler = it->second;
    }
    Reply reply = handler ? handler(rec) : Reply{404, R"({"error":"no route"})"};
    res.status = reply.status;
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);
    res.set_content(reply.body, reply.content_type.c_str());
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Handler> routes_;
  std::vector<Recorded> log_;
};

}  // namespace dp::test
