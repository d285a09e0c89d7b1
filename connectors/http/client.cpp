#include "http/client.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <thread>

namespace dp::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Time to_seconds(WallTime t) {
  return std::chrono::time_point_cast<Seconds>(t);
}

// The request line for messages: method and URL without its query (short, and query
// strings are where some APIs put tokens).
std::string describe(const Request& r) {
  std::string_view url = r.url;
  url = url.substr(0, url.find('?'));
  return r.method + " " + std::string(url);
}

std::string snippet(std::string_view body) {
  std::string out(body.substr(0, 200));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  if (body.size() > out.size()) out += "...";
  return out;
}

}  // namespace

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

bool Request::idempotent() const {
  return safe_to_repeat || method == "GET" || method == "HEAD" || method == "PUT" ||
         method == "DELETE" || method == "OPTIONS";
}

namespace {

// Whether the server cannot have acted on the request: no connection was made, or it
// said it did not (429 Too Many Requests).
bool surely_not_carried_out(const Result<Response>& result) {
  if (!result.ok()) return result.error().where == "connect";
  return result->status == 429;
}

}  // namespace

Result<void> check_headers(const Request& request) {
  const std::string_view breaks("\r\n\0", 3);
  for (const auto& [name, value] : request.headers) {
    if (name.find_first_of(breaks) != std::string::npos)
      return make_error("a header name holds CR, LF or NUL; request not sent", "header");
    if (value.find_first_of(breaks) != std::string::npos)
      return make_error("the value of header " + name +
                            " holds CR, LF or NUL (a line break in a secret?); request not sent",
                        "header");
  }
  return {};
}

Outcome classify(const Result<Response>& result) {
  if (!result.ok()) {
    // A bad certificate, a bad URL or an oversized body will not get better by asking
    // again (the transport tags these in `where`).
    const auto& where = result.error().where;
    return where == "tls" || where == "url" || where == "size" || where == "header"
               ? Outcome::permanent
               : Outcome::retriable;
  }
  long s = result->status;
  if (s >= 200 && s < 300) return Outcome::ok;
  if (s == 429) return Outcome::rate_limited;
  if (s == 408 || s == 500 || s == 502 || s == 503 || s == 504) return Outcome::retriable;
  return Outcome::permanent;
}

Client::Client(std::unique_ptr<Transport> transport, Options options, Sleeper sleep, Clock now)
    : transport_(std::move(transport)),
      options_(std::move(options)),
      sleep_(sleep ? std::move(sleep) : Sleeper([](Millis d) { std::this_thread::sleep_for(d); })),
      now_(now ? std::move(now) : Clock([] { return std::chrono::system_clock::now(); })),
      jitter_state_(std::random_device{}() | 1u) {
  options_.max_attempts = std::max(1, options_.max_attempts);
}

void Client::wait_for_rate_limit() {
  if (options_.max_requests_per_second > 0 && last_request_) {
    auto interval = std::chrono::duration_cast<Millis>(
        std::chrono::duration<double>(1.0 / options_.max_requests_per_second));
    auto due = *last_request_ + interval;
    auto now = now_();
    if (now < due) sleep_(std::chrono::ceil<Millis>(due - now));
  }
  last_request_ = now_();
}

// Exponential from 1 s, capped at max_backoff, with "equal jitter": half the delay is
// fixed, half random, so clients that failed together do not retry together.
Millis Client::backoff(int attempt) {
  Millis cap = options_.max_backoff;
  Millis delay = std::min<Millis>(cap, Millis(1000) * (1LL << std::min(attempt - 1, 20)));
  jitter_state_ ^= jitter_state_ << 13;
  jitter_state_ ^= jitter_state_ >> 17;
  jitter_state_ ^= jitter_state_ << 5;
  auto half = delay.count() / 2;
  return Millis(half + (half > 0 ? static_cast<long long>(jitter_state_ % (half + 1)) : 0));
}

Result<Response> Client::send(const Request& request) {
  Result<Response> r = send_with_retries(request);
  if (!r.ok() || r->status < 200 || r->status >= 300) ++failures_;
  return r;
}

Result<Response> Client::send_with_retries(const Request& request) {
  if (auto headers = check_headers(request); !headers)
    return make_error(describe(request) + ": " + headers.error().message, "header");
  for (int attempt = 1;; ++attempt) {
    wait_for_rate_limit();
    Result<Response> result = transport_->send(request);
    ++requests_;
    Outcome outcome = classify(result);
    if (outcome == Outcome::ok) return result;
    if (outcome == Outcome::permanent) {
      if (result.ok()) return result;
      return make_error(describe(request) + ": " + result.error().message, result.error().where);
    }

    std::string failure =
        result.ok() ? "HTTP " + std::to_string(result->status) : result.error().message;
    if (!request.idempotent() && !surely_not_carried_out(result))
      return make_error(describe(request) + ": " + failure +
                        " (not repeated: the server may have carried it out)");
    if (attempt >= options_.max_attempts)
      return make_error(describe(request) + ": " + failure + " after " + std::to_string(attempt) +
                        " attempts");

    Millis wait = backoff(attempt);
    if (result.ok()) {
      if (auto header = result->header("Retry-After")) {
        if (auto after = parse_retry_after(*header, to_seconds(now_()))) {
          if (*after > options_.max_backoff)
            return make_error(describe(request) + ": " + failure + ", server asks to retry after " +
                              std::to_string(after->count()) + "s (more than max_backoff)");
          wait = *after;
        }
      }
    }
    sleep_(wait);
    ++retries_;
  }
}

Result<Response> require_success(Result<Response> result, const Request& request) {
  if (!result.ok()) return result;
  long s = result->status;
  if (s >= 200 && s < 300) return result;
  std::string message = describe(request) + ": HTTP " + std::to_string(s);
  if (s >= 300 && s < 400) {
    // Redirects are not followed on purpose (credentials must not travel to another
    // host); tell the admin where the server points instead.
    message += " redirect to " + result->header("Location").value_or("?") +
               " (set the URL to the final address)";
  } else if (!result->body.empty()) {
    message += ": " + snippet(result->body);
  }
  return make_error(std::move(message));
}

}  // namespace dp::http
