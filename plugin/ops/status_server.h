// The small HTTP server of `run --listen`: GET /metrics and GET /healthz, nothing else.
//
// Contract:
// - start() binds before it returns, so a taken port or a bad address is an Error at
//   start (`run` then refuses to start), never a silent missing endpoint. Port 0 binds
//   any free port; port() says which.
// - Requests are served on the server's own threads (two), each handler called with no
//   lock held by the server; handlers must be thread-safe.
// - Bounded: request bodies over 4 KiB are refused, idle connections time out after 5 s.
// - The destructor stops the server and joins its threads.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "model/result.h"

namespace dp::ops {

struct StatusHandlers {
  std::function<std::string()> metrics;                 // Prometheus text
  std::function<std::pair<int, std::string>()> health;  // status code, JSON body
};

class StatusServer {
 public:
  static Result<std::unique_ptr<StatusServer>> start(const std::string& host, int port,
                                                     StatusHandlers handlers);
  ~StatusServer();
  int port() const { return port_; }

  struct Impl;

 private:
  explicit StatusServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_;
};

}  // namespace dp::ops
