#include "wazo/normalize.h"

namespace dp::wazo {
namespace {

using Maybe = Result<std::optional<Call>>;

Error field_error(const char* field, std::string message) {
  return make_error(std::move(message), field);
}

// A present, well-formed timestamp; absent/null gives nullopt; malformed an Error.
Result<std::optional<Time>> time_field(const json::Value& item, const char* key) {
  bool bad = false;
  auto text = json::get_string(item, key, &bad);
  if (bad) return field_error(key, "expected a date-time string");
  if (!text || text->empty()) return std::optional<Time>();
  auto t = parse_rfc3339(*text);
  if (!t) return field_error(key, "not an ISO 8601 date-time: '" + *text + "'");
  if (!record_time(*t)) return field_error(key, "out of range: want a time from 1970 to 9999");
  return std::optional<Time>(*t);
}

std::string text(const json::Value& item, const char* key) {
  return json::get_string(item, key).value_or("");
}

std::string first_of(const json::Value& item, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto v = text(item, k); !v.empty()) return v;
  return {};
}

// Newer call-logd versions name the queue a call was sent to in destination_details.
std::string queue_of(const json::Value& item, const Mapping& m) {
  if (const auto* details = json::member(item, "destination_details");
      details && details->IsObject() && text(*details, "type") == "queue") {
    if (auto name = text(*details, "queue_name"); !name.empty()) return name;
  }
  if (auto it = m.queue_by_extension.find(text(item, "requested_extension"));
      it != m.queue_by_extension.end())
    return it->second;
  return m.default_queue;
}

bool is_blocked(const json::Value& item) {
  return json::get_bool(item, "blocked").value_or(false) || text(item, "call_status") == "blocked";
}

std::string extra_of(const json::Value& item, const std::string& direction) {
  json::Writer w;
  w.obj_begin();
  w.field("wazo_direction", direction);
  for (const char* k : {"source_name", "destination_name", "requested_extension",
                        "requested_context", "destination_user_uuid"})
    if (auto v = text(item, k); !v.empty()) w.field(k, v);
  if (const auto* tags = json::member(item, "tags"); tags && tags->IsArray() && !tags->Empty()) {
    w.key("wazo_tags");
    w.raw(json::to_string(*tags));
  }
  w.obj_end();
  return w.str();
}

}  // namespace

Maybe normalize(const json::Value& item, const Mapping& mapping) {
  if (!item.IsObject()) return field_error("", "a CDR item must be an object");
  auto id = json::get_int(item, "id");
  if (!id) return field_error("id", "missing or not an integer");

  std::string direction = text(item, "call_direction");
  if (direction == "internal" && !mapping.include_internal) return std::optional<Call>();
  if (direction != "inbound" && direction != "outbound" && direction != "internal")
    return field_error("call_direction",
                       "expected inbound, outbound or internal, got '" + direction + "'");

  auto start = time_field(item, "start");
  if (!start) return start.error();
  if (!*start) return field_error("start", "missing");
  auto answer = time_field(item, "answer");
  if (!answer) return answer.error();
  auto end = time_field(item, "end");
  if (!end) return end.error();

  Call c;
  c.id = "wazo:" + std::to_string(*id);
  c.queue = queue_of(item, mapping);
  c.direction = direction == "outbound" ? Direction::outbound : Direction::inbound;
  c.offered_at = **start;
  c.ended_at = *end;
  bool answered = json::get_bool(item, "answered").value_or(answer->has_value());
  if (answered && *answer) c.answered_at = *answer;

  // The caller waits until someone answers, or until giving up.
  if (auto until = c.answered_at ? c.answered_at : c.ended_at) {
    if (*until < c.offered_at)
      return field_error(c.answered_at ? "answer" : "end", "earlier than start");
    if (*until - c.offered_at > kLongestRecordDuration)
      return field_error(c.answered_at ? "answer" : "end", "more than 10 years after start");
    c.wait = *until - c.offered_at;
  }
  // call-logd's duration is talk time (end - answer), not time since start.
  if (auto d = json::get_number(item, "duration"); d && answered) {
    if (*d < 0 || *d > double(kLongestRecordDuration.count()))
      return field_error("duration", "out of range: want seconds from 0 to 10 years");
    c.talk = Seconds{static_cast<long long>(*d + 0.5)};
  } else if (answered && c.answered_at && c.ended_at && *c.ended_at > *c.answered_at) {
    if (*c.ended_at - *c.answered_at > kLongestRecordDuration)
      return field_error("end", "more than 10 years after answer");
    c.talk = *c.ended_at - *c.answered_at;
  }

  c.outcome = is_blocked(item) ? CallOutcome::blocked
              : answered       ? CallOutcome::answered
                               : CallOutcome::abandoned;

  // The customer is the outside party; the agent is our side of the call.
  if (c.direction == Direction::outbound) {
    c.caller = first_of(item, {"destination_extension", "requested_extension"});
    if (auto a = first_of(item, {"source_internal_extension", "source_extension", "source_name"});
        !a.empty())
      c.agent = a;
  } else {
    c.caller = first_of(item, {"source_extension", "source_name"});
    if (c.outcome == CallOutcome::answered) {
      if (auto a = first_of(item, {"destination_internal_extension", "destination_extension",
                                   "destination_name"});
          !a.empty())
        c.agent = a;
    }
  }
  c.extra = extra_of(item, direction);
  return std::optional<Call>(std::move(c));
}

}  // namespace dp::wazo
