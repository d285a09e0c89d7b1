#include "wazo/wazo.h"

#include "http/settings.h"

namespace dp::wazo {

using config::KeySpec;
using config::KeyType;

config::ConnectorSpec wazo_spec() {
  config::ConnectorSpec spec{
      .type = "wazo",
      .doc = "Calls from Wazo Platform's call-logd (GET /1.0/cdr), polled by CDR id",
      .source = true,
      .sink = false,
      .keys = {
          {"url", KeyType::url, "",
           "call-logd base URL, e.g. https://pbx.example.com/api/call-logd", true},
          {"token", KeyType::secret, "", "wazo-auth token sent as X-Auth-Token", true},
          {"page_size", KeyType::integer, "1000", "CDRs per request (1 to 1000)", false},
          {"since", KeyType::string, "",
           "first day (YYYY-MM-DD or RFC 3339) to import when nothing was imported yet; "
           "empty = all history",
           false},
          {"call_status", KeyType::string, "answered,blocked,not-answered",
           "call_status filter so blocked calls are listed too; empty = not sent", false},
          {"queue", KeyType::string, "wazo", "queue of calls that name no queue", false},
          {"queue_by_extension", KeyType::list, "",
           "queue of calls to a dialled extension as EXTENSION=QUEUE (\"8000=support\")", false},
          {"include_internal", KeyType::boolean, "false",
           "also import internal (extension to extension) calls", false},
      }};
  for (auto& k : http::http_keys()) spec.keys.push_back(std::move(k));
  return spec;
}

Result<Settings> settings_from(const config::Block& b) {
  Settings s;
  s.url = b.str("url");
  s.token = b.str("token");
  if (s.url.empty()) return make_error("url is required", b.where + " url");
  if (s.token.empty()) return make_error("token is required", b.where + " token");
  if (b.has("page_size")) s.page_size = static_cast<int>(b.integer("page_size"));
  if (s.page_size < 1 || s.page_size > 1000)
    return make_error("page_size must be between 1 and 1000 (call-logd's limit)",
                      b.where + " page_size");
  if (b.has("since")) {
    auto text = b.str("since");
    auto day = parse_date(text);
    auto at = day ? std::optional<Time>(*day) : parse_rfc3339(text);
    if (!at)
      return make_error("expected YYYY-MM-DD or RFC 3339, got '" + text + "'", b.where + " since");
    s.since = at;
  }
  if (b.values.count("call_status")) s.call_status = b.str("call_status");
  if (b.has("queue")) s.mapping.default_queue = b.str("queue");
  for (const auto& entry : b.list("queue_by_extension")) {
    auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
      return make_error("expected EXTENSION=QUEUE, got '" + entry + "'",
                        b.where + " queue_by_extension");
    s.mapping.queue_by_extension[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  s.mapping.include_internal = b.boolean("include_internal");
  return s;
}

Result<std::unique_ptr<Source>> make_wazo_source(const config::Block& block) {
  auto settings = settings_from(block);
  if (!settings) return settings.error();
  return std::unique_ptr<Source>(
      std::make_unique<WazoSource>(block.name, std::move(*settings), http::make_client(block)));
}

}  // namespace dp::wazo
