#include "http/settings.h"

#include <charconv>

namespace dp::http {
namespace {

// Block's typed accessors live in the config library, which connectors do not link;
// these few keys are read from the text values instead.
template <class T>
std::optional<T> parse(const std::string& text) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<Seconds> seconds(std::string text) {
  long long unit = 1;
  if (!text.empty() && (text.back() == 's' || text.back() == 'm' || text.back() == 'h')) {
    unit = text.back() == 's' ? 1 : text.back() == 'm' ? 60 : 3600;
    text.pop_back();
  }
  auto n = parse<long long>(text);
  if (!n) return std::nullopt;
  return Seconds{*n * unit};
}

}  // namespace

std::vector<config::KeySpec> http_keys() {
  using config::KeyType;
  return {
      {"verify_tls", KeyType::boolean, "true",
       "verify the server's TLS certificate and host name; turn off only for a test box"},
      {"ca_file", KeyType::path, "",
       "PEM bundle of a private CA that signed the server certificate"},
      {"timeout", KeyType::duration, "30s", "time limit for one HTTP request"},
      {"max_attempts", KeyType::integer, "4", "tries per request on network errors, 429 and 5xx"},
      {"max_requests_per_second", KeyType::number, "0",
       "space requests to stay under the API's rate limit (0 = no limit)"},
  };
}

Options options_from(const config::Block& block) {
  Options o;
  if (block.has("verify_tls")) o.verify_tls = block.str("verify_tls") != "false";
  o.ca_file = block.str("ca_file");
  o.timeout = seconds(block.str("timeout")).value_or(o.timeout);
  o.max_attempts = parse<int>(block.str("max_attempts")).value_or(o.max_attempts);
  o.max_requests_per_second =
      parse<double>(block.str("max_requests_per_second")).value_or(o.max_requests_per_second);
  return o;
}

}  // namespace dp::http
