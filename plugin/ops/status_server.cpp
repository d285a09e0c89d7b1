#include "ops/status_server.h"

#include <httplib.h>

#include <thread>

namespace dp::ops {

struct StatusServer::Impl {
  httplib::Server server;
  std::thread thread;
};

StatusServer::StatusServer(std::unique_ptr<Impl> impl, int port)
    : impl_(std::move(impl)), port_(port) {}

StatusServer::~StatusServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<StatusServer>> StatusServer::start(const std::string& host, int port,
                                                          StatusHandlers handlers) {
  auto impl = std::make_unique<Impl>();
  auto& svr = impl->server;
  svr.new_task_queue = [] { return new httplib::ThreadPool(2); };
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);
  svr.set_keep_alive_max_count(10);
  svr.set_payload_max_length(4096);
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second
  // deskpulse would bind the same port and share its scrapes without a word.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  svr.Get("/metrics", [h = handlers.metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(h(), "text/plain; version=0.0.4; charset=utf-8");
  });
  svr.Get("/healthz", [h = handlers.health](const httplib::Request&, httplib::Response& res) {
    auto [status, body] = h();
    res.status = status;
    res.set_content(body, "application/json");
  });
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 404)
      res.set_content("deskpulse: GET /metrics or /healthz\n", "text/plain; charset=utf-8");
  });
  int bound = port;
  if (port == 0) {
    bound = svr.bind_to_any_port(host);
    if (bound < 0) return make_error("listen: cannot bind " + host + ":0");
  } else if (!svr.bind_to_port(host, port)) {
    return make_error("listen: cannot bind " + host + ":" + std::to_string(port) +
                      " (address in use, not an address of this machine, or a port below 1024 "
                      "without the right)");
  }
  auto* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  return std::unique_ptr<StatusServer>(new StatusServer(std::move(impl), bound));
}

}  // namespace dp::ops
