// RT's REST2 API over the shared HTTP client: adds the Authorization header (token or
// basic auth; the secret never reaches a log line or an error message).
#pragma once

#include <memory>

#include "http/client.h"
#include "rt/options.h"

namespace dp::rt {

class RtApi {
 public:
  RtApi(RtOptions options, std::unique_ptr<http::Transport> transport);

  // The response for any status (retries done); an Error for network failures.
  Result<http::Response> send(http::Request request);
  // Same, but a non-2xx status is an Error that names the request.
  Result<http::Response> send_ok(http::Request request);

  const RtOptions& options() const { return options_; }
  HttpCounts http_counts() const { return client_.counts(); }

 private:
  RtOptions options_;
  http::Client client_;
};

// GET /REST/2.0/rt: reachable, TLS accepted and credentials good (RT answers 401 to
// a bad login); an Error that says which.
Result<void> check_access(RtApi& api);

// The transport for real use: libcurl with the block's TLS settings.
std::unique_ptr<RtApi> make_api(const RtOptions& options);

}  // namespace dp::rt
