#include "asterisk/spec.h"

#include "asterisk/cdr_source.h"
#include "asterisk/queue_log_source.h"

namespace dp::asterisk {

using config::KeySpec;
using config::KeyType;

namespace {

const KeySpec kPath{"path", KeyType::path, "", "the file Asterisk appends to", true};
const KeySpec kZone{"time_zone", KeyType::string, "UTC",
                    "IANA zone of timestamps written in local time", false};
const KeySpec kQueues{"queues", KeyType::list, "", "queues to read; empty = all", false};
const KeySpec kBatch{"batch_lines", KeyType::integer, "5000", "most lines per poll", false};

// "name=value" list entries, as YAML maps of arbitrary names have no key table.
Result<std::map<std::string, std::string>> pairs(const config::Block& b, const std::string& key) {
  std::map<std::string, std::string> out;
  for (const auto& entry : b.list(key)) {
    auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
      return make_error("expected NAME=VALUE, got '" + entry + "'", b.where + " " + key);
    out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

Result<void> common(const config::Block& b, std::string& zone, std::vector<std::string>& queues,
                    size_t& batch_lines) {
  zone = b.has("time_zone") ? b.str("time_zone") : "UTC";
  if (!is_valid_zone(zone)) return make_error("unknown time zone '" + zone + "'", b.where);
  queues = b.list("queues");
  if (b.has("batch_lines") && b.integer("batch_lines") > 0)
    batch_lines = size_t(b.integer("batch_lines"));
  return {};
}

}  // namespace

config::ConnectorSpec asterisk_queue_log_spec() {
  return {.type = "asterisk-queue-log",
          .doc = "Calls and agent sessions from Asterisk's queue_log, tailed as it grows",
          .source = true,
          .sink = false,
          .keys = {kPath,
                   kZone,
                   {"wrapuptime", KeyType::duration, "0", "queues.conf wrapuptime for all queues",
                    false},
                   {"wrapuptime_by_queue", KeyType::list, "",
                    "per-queue wrapuptime as QUEUE=DURATION (\"support=30s\")", false},
                   {"wrapup_pause_reason", KeyType::string, "",
                    "pause reason agents use for wrap-up; its length becomes the wrap time", false},
                   kQueues,
                   kBatch}};
}

config::ConnectorSpec asterisk_cdr_spec() {
  return {
      .type = "asterisk-cdr",
      .doc = "Calls from Asterisk's cdr_csv Master.csv (16 to 21 columns)",
      .source = true,
      .sink = false,
      .keys = {kPath,
               kZone,
               kQueues,
               {"queue_by_context", KeyType::list, "",
                "queue name of a dialplan context as CONTEXT=QUEUE", false},
               {"skip_queue_calls", KeyType::boolean, "false",
                "leave Queue() calls to an asterisk-queue-log source (no double counting)", false},
               {"merge_window", KeyType::duration, "1h",
                "a call's CDR legs (same linkedid) are merged; it is complete once a CDR "
                "starts this long after its last leg ended",
                false},
               kBatch}};
}

Result<QueueLogOptions> queue_log_options(const config::Block& b) {
  QueueLogOptions o;
  if (auto r = common(b, o.time_zone, o.queues, o.batch_lines); !r) return r.error();
  o.wrapuptime = b.duration("wrapuptime");
  auto by_queue = pairs(b, "wrapuptime_by_queue");
  if (!by_queue) return by_queue.error();
  for (const auto& [queue, text] : *by_queue) {
    auto d = config::parse_duration(text);
    if (!d) return make_error("bad duration '" + text + "'", b.where + " wrapuptime_by_queue");
    o.wrapuptime_by_queue[queue] = *d;
  }
  o.wrapup_pause_reason = b.str("wrapup_pause_reason");
  return o;
}

Result<CdrOptions> cdr_options(const config::Block& b) {
  CdrOptions o;
  if (auto r = common(b, o.time_zone, o.queues, o.batch_lines); !r) return r.error();
  auto by_context = pairs(b, "queue_by_context");
  if (!by_context) return by_context.error();
  o.queue_by_context = std::move(*by_context);
  o.skip_queue_calls = b.boolean("skip_queue_calls");
  if (b.has("merge_window")) o.merge_window = b.duration("merge_window");
  if (o.merge_window < Seconds{0})
    return make_error("merge_window must not be negative", b.where + " merge_window");
  return o;
}

Result<std::unique_ptr<Source>> make_queue_log_source(const config::Block& b) {
  auto o = queue_log_options(b);
  if (!o) return o.error();
  return std::unique_ptr<Source>(std::make_unique<QueueLogSource>(b.name, b.str("path"), *o));
}

Result<std::unique_ptr<Source>> make_cdr_source(const config::Block& b) {
  auto o = cdr_options(b);
  if (!o) return o.error();
  return std::unique_ptr<Source>(std::make_unique<CdrSource>(b.name, b.str("path"), *o));
}

}  // namespace dp::asterisk
