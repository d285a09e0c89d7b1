#include "rt/options.h"

#include <algorithm>
#include <charconv>

#include "http/settings.h"

namespace dp::rt {
namespace {

template <class T>
T number_or(const std::string& text, T fallback) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return (text.empty() || ec != std::errc() || end != text.data() + text.size()) ? fallback : v;
}

}  // namespace

config::ConnectorSpec rt_spec() {
  using config::KeyType;
  config::ConnectorSpec s;
  s.type = "rt";
  s.doc = "Request Tracker 5 (REST2): tickets and transactions in, scores and reports out";
  s.source = true;
  s.sink = true;
  s.examples = {{"token", "${RT_TOKEN}"}};
  s.keys = {
      {"url", KeyType::url, "", "RT's base URL, e.g. https://rt.example.com (no /REST/2.0)", true},
      {"token", KeyType::secret, "", "RT auth token (Settings > Auth Tokens); or user + password"},
      {"user", KeyType::string, "", "RT user for basic auth when no token is given"},
      {"password", KeyType::secret, "", "password of `user` (basic auth)"},
      {"own_user", KeyType::string, "",
       "deskpulse's RT user name; its field writes are not ticket activity (default: user)"},
      {"queues", KeyType::list, "", "queues to sync and to add the KPI fields to (empty = all)"},
      {"reports_queue", KeyType::string, "KPI Reports", "queue for the weekly report tickets"},
      {"ticket_fields", KeyType::list, "",
       "more ticket custom fields for `deskpulse init` to create, besides those writeback "
       "names (nothing is created that nothing writes)"},
      {"user_fields", KeyType::list, "",
       "more user custom fields for `deskpulse init` to create, besides writeback.agent_fields"},
      {"csat_field", KeyType::string, "", "ticket custom field holding a CSAT score"},
      {"csat_scale", KeyType::string, "1-5", "range of the CSAT field's scores"},
      {"nps_field", KeyType::string, "", "ticket custom field holding an NPS score (0-10)"},
      {"topic_field", KeyType::string, "", "ticket custom field holding the topic"},
      {"channel_field", KeyType::string, "",
       "ticket custom field holding the channel (email, web, chat, phone, social); else email"},
      {"page_size", KeyType::integer, "100", "items per REST2 page (RT caps it at 100)"},
      {"site_config_dir", KeyType::path, "",
       "on the RT host: RT_SITE_CONFIG_DIR for `deskpulse init` to run rt-setup-database"},
  };
  for (auto& k : http::http_keys()) s.keys.push_back(std::move(k));
  return s;
}

Result<RtOptions> rt_options_from(const config::Block& b) {
  RtOptions o;
  if (!b.name.empty()) o.name = b.name;
  o.url = b.str("url");
  while (!o.url.empty() && o.url.back() == '/') o.url.pop_back();
  if (o.url.empty()) return make_error("url is required", b.where);
  o.token = b.str("token");
  o.user = b.str("user");
  o.password = b.str("password");
  if (o.token.empty() && (o.user.empty() || o.password.empty()))
    return make_error("give token, or user and password", b.where);
  o.own_user = b.str("own_user");
  o.queues = b.list("queues");
  if (b.has("reports_queue")) o.reports_queue = b.str("reports_queue");
  if (b.lists.count("ticket_fields")) o.ticket_fields = b.list("ticket_fields");
  if (b.lists.count("user_fields")) o.user_fields = b.list("user_fields");
  o.csat_field = b.str("csat_field");
  o.nps_field = b.str("nps_field");
  o.topic_field = b.str("topic_field");
  o.channel_field = b.str("channel_field");
  if (auto scale = b.str("csat_scale"); !scale.empty()) {
    auto dash = scale.find('-');
    if (dash == std::string::npos) return make_error("csat_scale must look like 1-5", b.where);
    o.csat_min = number_or<double>(scale.substr(0, dash), o.csat_min);
    o.csat_max = number_or<double>(scale.substr(dash + 1), o.csat_max);
  }
  o.page_size = std::clamp(number_or<int>(b.str("page_size"), 100), 1, 100);
  o.site_config_dir = b.str("site_config_dir");
  o.http = http::options_from(b);
  return o;
}

std::string own_user(const RtOptions& o) {
  return o.own_user.empty() ? o.user : o.own_user;
}

}  // namespace dp::rt
