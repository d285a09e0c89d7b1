#include "http/settings.h"

namespace dp::http {

std::vector<config::KeySpec> http_keys() {
  using config::KeyType;
  return {
      {"verify_tls", KeyType::boolean, "true",
       "verify the server's TLS certificate and host name; turn off only for a test box", false},
      {"ca_file", KeyType::path, "",
       "PEM bundle of a private CA that signed the server certificate", false},
      {"timeout", KeyType::duration, "30s", "time limit for one HTTP request", false},
      {"max_attempts", KeyType::integer, "4", "tries per request on network errors, 429 and 5xx",
       false},
      {"max_requests_per_second", KeyType::number, "0",
       "space requests to stay under the API's rate limit (0 = no limit)", false},
  };
}

Options options_from(const config::Block& block) {
  Options o;
  if (block.has("verify_tls")) o.verify_tls = block.boolean("verify_tls");
  o.ca_file = block.str("ca_file");
  if (block.has("timeout")) o.timeout = block.duration("timeout");
  if (block.has("max_attempts")) o.max_attempts = static_cast<int>(block.integer("max_attempts"));
  if (block.has("max_requests_per_second"))
    o.max_requests_per_second = block.number("max_requests_per_second");
  return o;
}

std::unique_ptr<Client> make_client(const config::Block& block) {
  Options options = options_from(block);
  return std::make_unique<Client>(make_curl_transport(options), options);
}

}  // namespace dp::http
