#include "twilio/normalize.h"

#include <charconv>

#include "http/client.h"

namespace dp::twilio {
namespace {

using Maybe = Result<std::optional<Call>>;

std::string text(const json::Value& item, const char* key) {
  return json::get_string(item, key).value_or("");
}

// RFC 2822 date field; absent/empty gives nullopt, malformed an Error.
Result<std::optional<Time>> date_field(const json::Value& item, const char* key) {
  auto s = text(item, key);
  if (s.empty()) return std::optional<Time>();
  auto t = http::parse_http_date(s);
  if (!t) return make_error("not an RFC 2822 date: '" + s + "'", key);
  if (!record_time(*t)) return make_error("out of range: want a time from 1970 to 9999", key);
  return std::optional<Time>(*t);
}

// Twilio sends durations as strings of whole seconds ("15"); numbers are accepted too.
Result<Seconds> seconds_field(const json::Value& item, const char* key) {
  const auto* v = json::member(item, key);
  if (!v || v->IsNull()) return Seconds{0};
  const long long most = kLongestRecordDuration.count();
  if (v->IsInt64() && v->GetInt64() >= 0 && v->GetInt64() <= most) return Seconds{v->GetInt64()};
  if (v->IsString()) {
    std::string_view s(v->GetString(), v->GetStringLength());
    long long n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size() && n >= 0 && n <= most) return Seconds{n};
  }
  return make_error("expected a whole number of seconds from 0 to 10 years", key);
}

std::optional<CallOutcome> outcome_of(std::string_view status) {
  if (status == "completed") return CallOutcome::answered;
  if (status == "busy" || status == "failed") return CallOutcome::blocked;
  if (status == "no-answer" || status == "canceled") return CallOutcome::abandoned;
  return std::nullopt;
}

std::string extra_of(const json::Value& item, std::string_view status) {
  json::Writer w;
  w.obj_begin();
  w.field("twilio_status", status);
  w.field("twilio_direction", text(item, "direction"));
  // queue_time is how long Twilio held an outbound API call before placing it (calls
  // per second limit), not the caller's wait in a queue: kept, never used as wait.
  if (auto q = text(item, "queue_time"); !q.empty()) w.field("twilio_queue_time_ms", q);
  w.field("wait_known", false);
  if (status == "failed") w.field("network_failure", true);
  if (auto a = text(item, "answered_by"); !a.empty()) w.field("answered_by", a);
  w.obj_end();
  return w.str();
}

}  // namespace

bool is_final(std::string_view status) {
  return outcome_of(status).has_value();
}

std::optional<Time> started_at(const json::Value& item) {
  for (const char* key : {"start_time", "date_created"}) {
    if (auto t = date_field(item, key); t.ok() && *t) return *t;
  }
  return std::nullopt;
}

Maybe normalize(const json::Value& item, const std::string& queue) {
  if (!item.IsObject()) return make_error("a call must be an object");
  std::string sid = text(item, "sid");
  if (sid.empty()) return make_error("missing", "sid");
  std::string status = text(item, "status");
  if (status.empty()) return make_error("missing", "status");
  if (status == "queued" || status == "ringing" || status == "in-progress")
    return std::optional<Call>();
  auto outcome = outcome_of(status);
  if (!outcome) return make_error("unknown status '" + status + "'", "status");
  if (!text(item, "parent_call_sid").empty()) return std::optional<Call>();

  std::string direction = text(item, "direction");
  if (direction != "inbound" && direction != "outbound-api" && direction != "outbound-dial")
    return make_error("expected inbound, outbound-api or outbound-dial, got '" + direction + "'",
                      "direction");
  auto start = date_field(item, "start_time");
  if (!start) return start.error();
  auto created = date_field(item, "date_created");
  if (!created) return created.error();
  auto end = date_field(item, "end_time");
  if (!end) return end.error();
  auto duration = seconds_field(item, "duration");
  if (!duration) return duration.error();
  if (!*start && !*created) return make_error("missing", "start_time");

  Call c;
  c.id = "twilio:" + sid;
  c.queue = queue;
  c.direction = direction == "inbound" ? Direction::inbound : Direction::outbound;
  c.caller = text(item, c.direction == Direction::inbound ? "from" : "to");
  c.offered_at = *start ? **start : **created;
  c.ended_at = *end;
  c.outcome = *outcome;
  if (c.outcome == CallOutcome::answered) {
    c.talk = *duration;
    // duration runs from answer to hang-up, so the answer is that long before the end.
    c.answered_at = *end ? **end - *duration : c.offered_at;
    if (*c.answered_at < c.offered_at) c.answered_at = c.offered_at;
  }
  // The caller's wait in a queue is not on the Call resource (see extra_of).
  c.wait = Seconds{0};
  c.extra = extra_of(item, status);
  return std::optional<Call>(std::move(c));
}

}  // namespace dp::twilio
