// The shared HTTP client every connector uses (STYLE.md: errors are classified,
// retried, backed off and rate limited in one place). See README.md beside this file.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connector/http_counts.h"
#include "model/result.h"
#include "model/time.h"

namespace dp::http {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Millis = std::chrono::milliseconds;
// Wall clock with sub-second resolution: rate limits need it, and Retry-After dates
// are compared against it.
using WallTime = std::chrono::system_clock::time_point;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  // A POST or PATCH that may be sent again without doing its work twice (a search
  // sent as POST). The caller says so; by default only GET, HEAD, PUT, DELETE and
  // OPTIONS are repeated (RFC 9110 9.2.2).
  bool safe_to_repeat = false;
  bool idempotent() const;
};

struct Response {
  long status = 0;
  Headers headers;
  std::string body;
  // First header with this name, compared case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
};

// Sends one request, no retries. Network failures (DNS, refused, TLS, timeout) come
// back as an Error; any HTTP status is a Response.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> send(const Request& request) = 0;
};

struct Options {
  bool verify_tls = true;  // off only when the admin says so (verify_tls: false)
  std::string ca_file;     // extra CA bundle for a private CA; "" = system store
  Seconds timeout{30};     // whole request, connect included
  int max_attempts = 4;    // first try included
  Seconds max_backoff{60};
  double max_requests_per_second = 0;  // 0 = unlimited
  std::string user_agent = "deskpulse";
};

// libcurl: peer and host verified unless verify_tls is false, no redirects followed,
// http and https only. One handle, so one transport per thread.
std::unique_ptr<Transport> make_curl_transport(const Options& options);

// Whether every header of `request` can go on the wire as one header line: no CR, LF
// or NUL in a name or value (a secret holding "\r\nX-Other: 1" would otherwise add a
// header). The Error names the header, never its value, and is tagged "header";
// Client::send and the curl transport both refuse such a request without sending it.
Result<void> check_headers(const Request& request);

// The one place errors are classified. A refused header ("header") is permanent.
enum class Outcome { ok, retriable, rate_limited, permanent };
Outcome classify(const Result<Response>& result);

class Client {
 public:
  using Sleeper = std::function<void(Millis)>;
  using Clock = std::function<WallTime()>;

  // sleep/now default to the real ones; tests inject fakes so nothing waits.
  Client(std::unique_ptr<Transport> transport, Options options, Sleeper sleep = {}, Clock now = {});

  // Sends with retries: network errors, 408, 429, 500, 502, 503, 504 are retried with
  // exponential backoff and jitter (429/503 honour Retry-After) up to max_attempts.
  // A request that is not idempotent() is repeated only when the server cannot have
  // carried it out (a refused connection, an unresolved host, a 429); after a timeout,
  // a reset or a 5xx it comes back as an Error that says it was not repeated, and the
  // caller finds out what happened.
  // Returns the response for 2xx/3xx and for non-retriable statuses (404 comes back
  // at once, as a Response); an Error when every attempt failed or the server asks to
  // wait longer than max_backoff.
  Result<Response> send(const Request& request);

  size_t requests_made() const { return requests_; }  // every attempt sent
  size_t retries_made() const { return retries_; }    // attempts after a failed one
  size_t failures() const {
    return failures_;
  }  // send()s that failed for good: an
     // Error, or a status outside 2xx
  HttpCounts counts() const { return {requests_, retries_, failures_}; }
  const Options& options() const { return options_; }

 private:
  Result<Response> send_with_retries(const Request& request);
  void wait_for_rate_limit();
  Millis backoff(int attempt);

  std::unique_ptr<Transport> transport_;
  Options options_;
  Sleeper sleep_;
  Clock now_;
  std::optional<WallTime> last_request_;
  size_t requests_ = 0;
  size_t retries_ = 0;
  size_t failures_ = 0;
  unsigned jitter_state_;
};

// A non-2xx response (after Client::send) as an Error naming the request and status;
// the body is cut short and the URL carries no secrets (they travel in headers).
Result<Response> require_success(Result<Response> result, const Request& request);

// Percent-encoding of a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view value);
// base + "?" + k=v&... with values encoded; appends with "&" when base has a query.
std::string with_query(std::string_view base,
                       const std::vector<std::pair<std::string, std::string>>& params);
// Joins a base URL and a path without doubling or dropping the "/".
std::string join_url(std::string_view base, std::string_view path);
// "Basic <base64(user:password)>" for an Authorization header.
std::string basic_auth(std::string_view user, std::string_view password);

// Retry-After as delta-seconds or as an HTTP date (RFC 9110 10.2.3); a date in the
// past gives 0. nullopt when malformed.
std::optional<Seconds> parse_retry_after(std::string_view value, Time now);
// RFC 2822 / RFC 9110 dates: "Tue, 31 Aug 2010 20:36:29 +0000", "Sun, 06 Nov 1994
// 08:49:37 GMT" (the weekday is optional and not checked).
std::optional<Time> parse_http_date(std::string_view value);

// "GET https://... [Authorization: <redacted>, Accept: application/json]" for logs:
// Authorization, Proxy-Authorization, X-Auth-Token and Cookie values are replaced.
std::string redact_headers(const Request& request);

}  // namespace dp::http
