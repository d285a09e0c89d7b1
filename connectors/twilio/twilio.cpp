#include "twilio/twilio.h"

#include "http/settings.h"

namespace dp::twilio {

using config::KeyType;

config::ConnectorSpec twilio_spec() {
  config::ConnectorSpec spec{
      .type = "twilio",
      .doc = "Calls from Twilio's Calls list resource (Programmable Voice)",
      .source = true,
      .sink = false,
      .keys =
          {
              {"account_sid", KeyType::string, "", "the account SID (AC...)", true},
              {"auth_token", KeyType::secret, "", "the account's auth token (basic-auth password)",
               true},
              {"base_url", KeyType::url, "https://api.twilio.com", "Twilio REST API base URL",
               false},
              {"queue", KeyType::string, "twilio", "queue the calls are counted in", false},
              {"since", KeyType::string, "",
               "first day (YYYY-MM-DD) to import when nothing was imported yet; empty = 30 days "
               "back",
               false},
              {"page_size", KeyType::integer, "1000", "calls per page (PageSize, 1 to 1000)",
               false},
          },
      .examples = {{"account_sid", "AC00000000000000000000000000000000"}}};
  for (auto& k : http::http_keys()) spec.keys.push_back(std::move(k));
  return spec;
}

Result<Settings> settings_from(const config::Block& b) {
  Settings s;
  s.account_sid = b.str("account_sid");
  s.auth_token = b.str("auth_token");
  if (s.account_sid.empty()) return make_error("account_sid is required", b.where + " account_sid");
  if (s.auth_token.empty()) return make_error("auth_token is required", b.where + " auth_token");
  if (b.has("base_url")) s.base_url = b.str("base_url");
  if (b.has("queue")) s.queue = b.str("queue");
  if (b.has("page_size")) s.page_size = static_cast<int>(b.integer("page_size"));
  if (s.page_size < 1 || s.page_size > 1000)
    return make_error("page_size must be between 1 and 1000", b.where + " page_size");
  if (b.has("since")) {
    auto day = parse_date(b.str("since"));
    if (!day)
      return make_error("expected YYYY-MM-DD, got '" + b.str("since") + "'", b.where + " since");
    s.since = Time(*day);
  }
  return s;
}

Result<std::unique_ptr<Source>> make_twilio_source(const config::Block& block) {
  auto settings = settings_from(block);
  if (!settings) return settings.error();
  return std::unique_ptr<Source>(
      std::make_unique<TwilioSource>(block.name, std::move(*settings), http::make_client(block)));
}

}  // namespace dp::twilio
