// Canonical record -> JSON object, field names of ARCHITECTURE.md.
#include <chrono>
#include <cmath>
#include <cstdint>

#include "files/codec.h"
#include "files/hash.h"

namespace dp::files {
namespace {

// Whole numbers are written without ".0" so scores and revenues read naturally.
void number(json::Writer& w, std::string_view key, double v) {
  w.key(key);
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15)
    w.value(int64_t(v));
  else
    w.value(v);
}

void number(json::Writer& w, std::string_view key, std::optional<double> v) {
  if (v) return number(w, key, *v);
  w.key(key);
  w.null();
}

void seconds(json::Writer& w, std::string_view key, Seconds s) {
  w.field(key, int64_t(s.count()));
}

void text(json::Writer& w, std::string_view key, std::string_view v) {
  w.field(key, v);
}

// "" is written as null for fields whose absence the decoder maps back to "".
void maybe_empty(json::Writer& w, std::string_view key, const std::string& v) {
  w.key(key);
  if (v.empty())
    w.null();
  else
    w.value(v);
}

// RFC 3339 by hand: format_rfc3339 goes through iostreams, which dominated the
// cost of writing generated data sets.
void time(json::Writer& w, std::string_view key, Time t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  char buf[20];
  auto put = [&](int at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) buf[at + i] = char('0' + v % 10);
  };
  int y = int(ymd.year());
  if (y < 0 || y > 9999) return w.field(key, t);
  put(0, unsigned(y), 4);
  buf[4] = '-';
  put(5, unsigned(ymd.month()), 2);
  buf[7] = '-';
  put(8, unsigned(ymd.day()), 2);
  buf[10] = 'T';
  put(11, unsigned(hms.hours().count()), 2);
  buf[13] = ':';
  put(14, unsigned(hms.minutes().count()), 2);
  buf[16] = ':';
  put(17, unsigned(hms.seconds().count()), 2);
  buf[19] = 'Z';
  w.field(key, std::string_view(buf, 20));
}

void time(json::Writer& w, std::string_view key, const std::optional<Time>& t) {
  if (t) return time(w, key, *t);
  w.key(key);
  w.null();
}

void extra(json::Writer& w, const Extra& e) {
  if (e.empty()) return;
  w.key("extra");
  w.raw(e);
}

}  // namespace

void encode(json::Writer& w, const Ticket& v) {
  w.obj_begin();
  w.field("id", v.id);
  w.field("queue", v.queue);
  text(w, "channel", to_string(v.channel));
  w.field("requester", v.requester);
  w.field("owner", v.owner);
  w.field("subject", v.subject);
  w.key("tags");
  w.arr_begin();
  for (const auto& t : v.tags) w.value(t);
  w.arr_end();
  w.field("priority", v.priority);
  text(w, "status", to_string(v.status));
  time(w, "created_at", v.created_at);
  time(w, "updated_at", v.updated_at);
  extra(w, v.extra);
  w.obj_end();
}

void encode(json::Writer& w, const TicketEvent& v) {
  w.obj_begin();
  w.field("id", v.id.empty() ? event_key(v) : v.id);
  w.field("ticket", v.ticket);
  time(w, "at", v.at);
  text(w, "type", to_string(v.type));
  w.field("actor", v.actor);
  w.field("public", v.is_public);
  seconds(w, "time_spent_s", v.time_spent);
  w.field("from", v.from);
  w.field("to", v.to);
  extra(w, v.extra);
  w.obj_end();
}

void encode(json::Writer& w, const Call& v) {
  w.obj_begin();
  w.field("id", v.id);
  w.field("queue", v.queue);
  maybe_empty(w, "caller", v.caller);
  w.field("agent", v.agent);
  text(w, "direction", to_string(v.direction));
  time(w, "offered_at", v.offered_at);
  time(w, "answered_at", v.answered_at);
  time(w, "ended_at", v.ended_at);
  seconds(w, "wait_s", v.wait);
  seconds(w, "talk_s", v.talk);
  seconds(w, "hold_s", v.hold);
  seconds(w, "wrap_s", v.wrap);
  text(w, "outcome", to_string(v.outcome));
  w.field("ticket", v.ticket);
  extra(w, v.extra);
  w.obj_end();
}

void encode(json::Writer& w, const Survey& v) {
  w.obj_begin();
  w.field("id", v.id.empty() ? survey_key(v) : v.id);
  text(w, "kind", to_string(v.kind));
  number(w, "score", v.score);
  number(w, "scale_min", v.scale_min);
  number(w, "scale_max", v.scale_max);
  time(w, "at", v.at);
  w.field("ticket", v.ticket);
  w.field("call", v.call);
  w.field("agent", v.agent);
  w.field("customer", v.customer);
  extra(w, v.extra);
  w.obj_end();
}

void encode(json::Writer& w, const Customer& v) {
  w.obj_begin();
  w.field("id", v.id);
  time(w, "first_seen", v.first_seen);
  time(w, "last_active", v.last_active);
  time(w, "churned_at", v.churned_at);
  w.field("acquired_via", v.acquired_via);
  number(w, "revenue", v.revenue);
  w.field("phone", v.phone);
  extra(w, v.extra);
  w.obj_end();
}

void encode(json::Writer& w, const Agent& v) {
  w.obj_begin();
  w.field("id", v.id);
  w.field("team", v.team);
  w.field("calendar", v.calendar);
  text(w, "kind", to_string(v.kind));
  maybe_empty(w, "name", v.name);
  w.obj_end();
}

void encode(json::Writer& w, const AgentSession& v) {
  w.obj_begin();
  w.field("id", v.id.empty() ? session_key(v) : v.id);
  w.field("agent", v.agent);
  maybe_empty(w, "queue", v.queue);
  time(w, "start", v.start);
  time(w, "end", v.end);
  seconds(w, "paused_s", v.paused);
  w.obj_end();
}

std::string session_key(const AgentSession& s) {
  std::string k =
      s.agent + '|' + s.queue + '|' + std::to_string(s.start.time_since_epoch().count());
  return "ss:" + hex16(fnv1a(k));
}

}  // namespace dp::files
