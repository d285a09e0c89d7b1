// JSON object -> canonical record. Defaults for optional fields are in README.md.
#include "files/codec.h"
#include "files/field_reader.h"

namespace dp::files {
namespace {

Result<void> finish(const FieldReader& r) {
  if (r.failed()) return r.error();
  return {};
}

Error not_an_object() {
  return make_error("line is not a JSON object", "");
}

// The scale a survey kind uses when the line does not say.
std::pair<double, double> default_scale(SurveyKind k) {
  switch (k) {
    case SurveyKind::csat:
    case SurveyKind::esat:
      return {1, 5};
    case SurveyKind::ces:
      return {1, 7};
    case SurveyKind::iqs:
      return {0, 100};
    default:
      return {0, 10};
  }
}

void check_order(FieldReader& r, const char* key, std::optional<Time> later, Time earlier,
                 const char* earlier_name) {
  if (later && *later < earlier) r.fail(key, std::string("is before ") + earlier_name);
}

Result<void> read(const json::Value& obj, Ticket& t) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  t.id = r.str("id", true).value_or("");
  t.queue = r.str("queue", true).value_or("");
  t.channel = r.enumeration<Channel>("channel").value_or(Channel::other);
  t.requester = r.str("requester").value_or("");
  t.owner = r.str("owner");
  t.subject = r.str("subject").value_or("");
  t.tags = r.string_list("tags");
  t.priority = r.text("priority").value_or("");
  t.status = r.enumeration<TicketStatus>("status", true).value_or(TicketStatus::new_);
  t.created_at = r.time("created_at", true).value_or(Time{});
  t.updated_at = r.time("updated_at").value_or(t.created_at);
  if (!r.failed()) t.extra = r.extra(fields_of(Kind::ticket));
  return finish(r);
}

Result<void> read(const json::Value& obj, TicketEvent& e) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  auto id = r.str("id");
  e.ticket = r.str("ticket", true).value_or("");
  e.at = r.time("at", true).value_or(Time{});
  e.type = r.enumeration<EventType>("type", true).value_or(EventType::created);
  e.actor = r.str("actor").value_or("");
  // Messages are public unless said otherwise; changes and notes are not.
  bool message = e.type == EventType::created || e.type == EventType::agent_reply ||
                 e.type == EventType::customer_reply;
  e.is_public = r.boolean("public").value_or(message);
  e.time_spent = r.seconds("time_spent_s");
  e.from = r.str("from");
  e.to = r.str("to");
  if (!r.failed()) e.extra = r.extra(fields_of(Kind::event));
  e.id = id ? *id : event_key(e);
  return finish(r);
}

Result<void> read(const json::Value& obj, Call& c) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  c.id = r.str("id", true).value_or("");
  c.queue = r.str("queue", true).value_or("");
  c.caller = r.str("caller").value_or("");
  c.agent = r.str("agent");
  c.direction = r.enumeration<Direction>("direction").value_or(Direction::inbound);
  c.offered_at = r.time("offered_at", true).value_or(Time{});
  c.answered_at = r.time("answered_at");
  c.ended_at = r.time("ended_at");
  c.wait = r.seconds("wait_s");
  c.talk = r.seconds("talk_s");
  c.hold = r.seconds("hold_s");
  c.wrap = r.seconds("wrap_s");
  c.outcome = r.enumeration<CallOutcome>("outcome", true).value_or(CallOutcome::answered);
  c.ticket = r.str("ticket");
  check_order(r, "answered_at", c.answered_at, c.offered_at, "offered_at");
  check_order(r, "ended_at", c.ended_at, c.offered_at, "offered_at");
  // A call in progress was connected (its wait is known) and has not ended yet.
  if (c.outcome == CallOutcome::in_progress && !c.answered_at)
    r.fail("answered_at", "is required for an in_progress call (connected, not ended yet)");
  if (c.outcome == CallOutcome::in_progress && c.ended_at)
    r.fail("ended_at", "must be null for an in_progress call (not ended yet)");
  if (!r.failed()) c.extra = r.extra(fields_of(Kind::call));
  return finish(r);
}

Result<void> read(const json::Value& obj, Survey& s) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  auto id = r.str("id");
  s.kind = r.enumeration<SurveyKind>("kind", true).value_or(SurveyKind::csat);
  s.score = r.number("score", true).value_or(0);
  auto [lo, hi] = default_scale(s.kind);
  s.scale_min = r.number("scale_min").value_or(lo);
  s.scale_max = r.number("scale_max").value_or(hi);
  s.at = r.time("at", true).value_or(Time{});
  s.ticket = r.str("ticket");
  s.call = r.str("call");
  s.agent = r.str("agent");
  s.customer = r.str("customer");
  if (!r.failed() && s.scale_min >= s.scale_max)
    r.fail("scale_max", "must be greater than scale_min");
  if (!r.failed() && (s.score < s.scale_min || s.score > s.scale_max))
    r.fail("score", "outside the scale [" + json::to_string(json::Value(s.scale_min)) + ", " +
                        json::to_string(json::Value(s.scale_max)) + "]");
  if (!r.failed()) s.extra = r.extra(fields_of(Kind::survey));
  s.id = id ? *id : survey_key(s);
  return finish(r);
}

Result<void> read(const json::Value& obj, Customer& c) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  c.id = r.str("id", true).value_or("");
  c.first_seen = r.time("first_seen", true).value_or(Time{});
  c.last_active = r.time("last_active");
  c.churned_at = r.time("churned_at");
  c.acquired_via = r.str("acquired_via");
  c.revenue = r.number("revenue");
  c.phone = r.str("phone");
  if (!r.failed()) c.extra = r.extra(fields_of(Kind::customer));
  return finish(r);
}

Result<void> read(const json::Value& obj, Agent& a) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  a.id = r.str("id", true).value_or("");
  a.team = r.str("team", true).value_or("");
  a.calendar = r.str("calendar");
  a.kind = r.enumeration<AgentKind>("kind").value_or(AgentKind::agent);
  a.name = r.str("name").value_or("");
  return finish(r);
}

Result<void> read(const json::Value& obj, AgentSession& s) {
  if (!obj.IsObject()) return not_an_object();
  FieldReader r(obj);
  auto id = r.str("id");
  s.agent = r.str("agent", true).value_or("");
  s.queue = r.str("queue").value_or("");
  s.start = r.time("start", true).value_or(Time{});
  s.end = r.time("end", true).value_or(Time{});
  s.paused = r.seconds("paused_s");
  if (!r.failed()) check_order(r, "end", s.end, s.start, "start");
  if (!r.failed() && s.paused > s.end - s.start) r.fail("paused_s", "longer than the session");
  s.id = id ? *id : session_key(s);
  return finish(r);
}

template <class T>
Result<T> decode_as(const json::Value& obj) {
  T v;
  if (auto r = read(obj, v); !r) return r.error();
  return v;
}

}  // namespace

Result<Ticket> decode_ticket(const json::Value& obj) {
  return decode_as<Ticket>(obj);
}
Result<TicketEvent> decode_event(const json::Value& obj) {
  return decode_as<TicketEvent>(obj);
}
Result<Call> decode_call(const json::Value& obj) {
  return decode_as<Call>(obj);
}
Result<Survey> decode_survey(const json::Value& obj) {
  return decode_as<Survey>(obj);
}
Result<Customer> decode_customer(const json::Value& obj) {
  return decode_as<Customer>(obj);
}
Result<Agent> decode_agent(const json::Value& obj) {
  return decode_as<Agent>(obj);
}
Result<AgentSession> decode_session(const json::Value& obj) {
  return decode_as<AgentSession>(obj);
}

namespace {

// Calls `f` with the vector of `r` that holds records of kind `k`.
template <class F>
Result<void> with_vector(Kind k, Records& r, F&& f) {
  switch (k) {
    case Kind::ticket:
      return f(r.tickets);
    case Kind::event:
      return f(r.events);
    case Kind::call:
      return f(r.calls);
    case Kind::survey:
      return f(r.surveys);
    case Kind::customer:
      return f(r.customers);
    case Kind::agent:
      return f(r.agents);
    case Kind::session:
      return f(r.sessions);
  }
  return make_error("unknown record kind");
}

}  // namespace

// Decoded in place at the end of the batch's vector: an import moves no record.
Result<void> decode_into(Kind k, const json::Value& obj, Records& out) {
  return with_vector(k, out, [&obj](auto& vec) -> Result<void> {
    auto r = read(obj, vec.emplace_back());
    if (!r) vec.pop_back();
    return r;
  });
}

void reserve_for(Kind k, Records& out, size_t n) {
  (void)with_vector(k, out, [n](auto& vec) -> Result<void> {
    vec.reserve(vec.size() + n);
    return {};
  });
}

}  // namespace dp::files
