// Ticket volume and workload KPIs (docs/kpis.md, "Tickets"). Volumes count in the
// window of creation (tickets) or offer (calls); states are taken at window end.
#include <set>

#include "kpi/additive.h"
#include "kpi/calendar.h"
#include "kpi/call_class.h"
#include "kpi/cell_parts.h"
#include "kpi/families.h"
#include "kpi/family.h"
#include "kpi/ticket_state.h"

namespace dp::kpi {

namespace {

ByKey<Volumes> volumes(const Slice& s) {
  ByKey<Volumes> by;
  for (size_t i : s.in.created.in(s.window))
    by[s.ticket_key(i)].add(std::string(to_string(s.in.data.tickets[i].channel)));
  for (size_t i : s.in.offered.in(s.window)) {
    const Call& c = s.in.data.calls[i];
    if (is_offered(c)) by[s.call_key(c)].add("phone");
  }
  return by;
}

void emit_volumes(const Slice& s, Emitter& e) {
  const ByKey<Volumes> by = volumes(s);
  std::set<std::string> channels;
  for (const auto& [_, v] : by)
    for (const auto& [ch, n] : v.by_channel) channels.insert(ch);
  const bool any = !s.in.data.tickets.empty() || !s.in.data.calls.empty();
  for (const auto& key : keys_of(s, by)) emit_volumes(e, key, at_or_empty(by, key), channels, any);
}

// docs/kpis.md, "open_cases" and "backlog": states at window end.
void emit_waiting(const Slice& s, Emitter& e) {
  if (!e.wants("open_cases") && !e.wants("backlog")) return;
  const Options& o = s.in.ctx.options;
  ByKey<Waiting> by;
  const Window before{Time::min(), s.window.to, ""};
  for (size_t i : s.in.created.in(before)) {
    const Ticket& t = s.in.data.tickets[i];
    // Finally resolved before the window's end: resolved at its end, no replay needed.
    if (const auto& done = s.in.facts[i].resolved_at; done && *done < s.window.to) continue;
    const TicketState st = state_at(t, s.in.events[i], s.window.to);
    if (!unresolved(st.status)) continue;
    Waiting& w = by[s.ticket_key(i)];
    ++w.unresolved;
    if (waits_on_support(st)) ++w.open;
    // Business time never exceeds calendar time: skip the calendar walk when too young.
    if (s.window.to - t.created_at < o.backlog_age) continue;
    const Calendar* cal = calendar_for(s.in.ctx, s.in.facts[i].owner);
    const Seconds age =
        cal ? business_seconds(*cal, t.created_at, s.window.to) : s.window.to - t.created_at;
    if (age >= o.backlog_age) ++w.backlog;
  }
  for (const auto& key : keys_of(s, by))
    emit_waiting(e, key, at_or_empty(by, key), o, !s.in.data.tickets.empty());
}

struct Throughput {
  long long resolved = 0, assigned = 0;
};

// docs/kpis.md, "resolution_rate": resolved in window / assigned in window x 100.
void emit_resolution_rate(const Slice& s, Emitter& e) {
  ByKey<Throughput> by;
  for (size_t i : s.in.resolved.in(s.window)) ++by[s.ticket_key(i)].resolved;
  for (size_t i : s.in.assigned.in(s.window)) ++by[s.ticket_key(i)].assigned;
  for (const auto& key : keys_of(s, by)) {
    const Throughput& t = at_or_empty(by, key);
    emit_resolution_rate(e, key, t.resolved, t.assigned);
  }
}

}  // namespace

void Volumes::merge(const Volumes& o, int sign) {
  merge_counts(by_channel, o.by_channel, sign);
}

// docs/kpis.md, "request_volume" and "volume_by_channel".
void emit_volumes(Emitter& e, const std::string& key, const Volumes& v,
                  const std::set<std::string>& channels, bool any) {
  long long total = 0;
  for (const auto& [_, n] : v.by_channel) total += n;
  e.count({"request_volume", "count", "count", "tickets created + calls offered"}, key,
          any ? std::optional(total) : std::nullopt, "no ticket or call records");
  if (channels.empty())
    e.count({"volume_by_channel", "count", "count", "tickets created + calls offered per channel"},
            key, std::nullopt, "no tickets or calls in the window");
  for (const auto& ch : channels) {
    auto it = v.by_channel.find(ch);
    e.count({"volume_by_channel", "count", "count",
             "tickets created + calls offered on channel " + ch, std::nullopt, std::nullopt, ch},
            key, it == v.by_channel.end() ? 0 : it->second);
  }
}

void emit_waiting(Emitter& e, const std::string& key, const Waiting& w, const Options& o,
                  bool any_tickets) {
  const std::string none = "no ticket records";
  e.count({"open_cases", "count", "count",
           "tickets new/open at window end whose last public message is the customer's"},
          key, any_tickets ? std::optional(w.open) : std::nullopt, none);
  e.count({"backlog", "count", "count",
           "tickets unresolved at window end older than " + seconds_text(o.backlog_age) +
               " business time"},
          key, any_tickets ? std::optional(w.backlog) : std::nullopt, none);
}

// docs/kpis.md, "resolution_rate".
void emit_resolution_rate(Emitter& e, const std::string& key, long long resolved,
                          long long assigned) {
  if (!e.wants("resolution_rate")) return;
  const Figure f{"resolution_rate", "rate", "%",
                 "tickets resolved in window / tickets assigned in window x 100"};
  if (assigned == 0)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no tickets assigned in the window");
  // Not a proportion (a ticket resolved now may have been assigned earlier): no interval.
  e.value(f, key, 100.0 * double(resolved) / double(assigned), assigned, std::nullopt, "");
}

void volume_kpis(const Slice& s, Emitter& e) {
  emit_volumes(s, e);
  emit_waiting(s, e);
  emit_resolution_rate(s, e);
}

namespace {

// The changes of ticket i's waiting state (Waiting) as windows ending at local midnights
// see it, each on the day at whose end it takes effect. The state changes only at the
// ticket's creation, its events and final resolution (state_at() reads what came
// before an instant), and when it ages past backlog_age: it is taken at the end of each
// day one of those falls in, the record engine's rules at a window's end.
std::vector<std::pair<Day, Waiting>> waiting_changes(const Input& in, size_t i, LocalDays& local) {
  const Ticket& t = in.data.tickets[i];
  const TicketFacts& f = in.facts[i];
  const auto& events = in.events[i];
  std::optional<Day> aged;  // from the end of this day on, old enough for the backlog
  auto at_end_of = [&](Day d) {
    Waiting w;
    const Time end = local.midnight(d + 1);
    if (!(t.created_at < end) || (f.resolved_at && *f.resolved_at < end)) return w;
    const TicketState st = state_at(t, events, end);
    if (!unresolved(st.status)) return w;
    w.unresolved = 1;
    w.open = waits_on_support(st);
    w.backlog = aged && d >= *aged;
    return w;
  };
  std::vector<Day> days{local.day(t.created_at)};
  for (const TicketEvent* e : events) days.push_back(local.day(e->at));
  if (f.resolved_at) days.push_back(local.day(*f.resolved_at));
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  // The day it ages, when it is unresolved at some day's end backlog_age (calendar
  // time, an upper bound of business time) after its creation.
  const Seconds age = in.ctx.options.backlog_age;
  for (size_t k = 0; k < days.size(); ++k) {
    if (!at_end_of(days[k]).unresolved) continue;
    if (k + 1 < days.size() && local.midnight(days[k + 1]) < t.created_at + age) continue;
    const Calendar* cal = calendar_for(in.ctx, f.owner);
    const Time at = cal ? add_business(*cal, t.created_at, age) : t.created_at + age;
    if (at == Time::max()) break;
    aged = local.at_midnight(at) ? local.day(at) - 1 : local.day(at);
    days.insert(std::lower_bound(days.begin(), days.end(), *aged), *aged);
    days.erase(std::unique(days.begin(), days.end()), days.end());
    break;
  }
  std::vector<std::pair<Day, Waiting>> out;
  Waiting before;
  for (Day d : days) {
    const Waiting w = at_end_of(d);
    if (w == before) continue;
    Waiting change = w;
    change.merge(before, -1);
    out.emplace_back(d, change);
    before = w;
  }
  return out;
}

}  // namespace

// Partials: requests on the day a ticket is created or a call offered; a ticket's
// waiting changes (waiting_changes()) on the days they take effect; tickets assigned.
void volume_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i) {
    if (!b.ticket(i)) continue;
    const TicketFacts& f = b.in.facts[i];
    const std::string& key = b.ticket_key(i);
    Cell& created = b.cell(key, b.in.data.tickets[i].created_at);
    created.present++;
    created.volumes.add(std::string(to_string(b.in.data.tickets[i].channel)));
    auto& waiting = b.waiting(i);
    if (!waiting) waiting = waiting_changes(b.in, i, b.local);
    for (const auto& [day, change] : *waiting) b.cell(key, day).waiting.merge(change);
    if (f.assigned_at) b.cell(key, *f.assigned_at).assigned++;
  }
  for (size_t i = 0; i < b.in.data.calls.size(); ++i) {
    const Call& c = b.in.data.calls[i];
    if (c.direction == Direction::inbound && b.call(i) && is_offered(c))
      b.cell(b.keys.call_key(c), c.offered_at).volumes.add("phone");
  }
}

void volume_emit(const WindowCells& w, Emitter& e) {
  if (e.wants("request_volume") || e.wants("volume_by_channel")) {
    std::set<std::string> channels;
    for (const auto& [_, c] : w.merged)
      for (const auto& [ch, n] : c.volumes.by_channel) channels.insert(ch);
    w.each([&](const std::string& key, const Cell& c) {
      emit_volumes(e, key, c.volumes, channels, w.any_calls || w.any_tickets);
    });
  }
  // A key with a ticket waiting at the window's end is reported, as with bot answers.
  if (e.wants("open_cases") || e.wants("backlog"))
    w.each([&](const std::string& key,
               const Cell& c) { emit_waiting(e, key, c.waiting, w.options, w.any_tickets); },
           [](const Cell& c) { return c.waiting.unresolved > 0; });
  w.each([&](const std::string& key,
             const Cell& c) { emit_resolution_rate(e, key, c.outcomes.resolved, c.assigned); },
         [](const Cell& c) { return c.assigned > 0; });
}

// Stored: how many channels, and per channel its name and count.
void volume_write(Writer& w, const detail::CellParts& c) {
  w.uvar(c.volumes.by_channel.size());
  for (const auto& [channel, n] : c.volumes.by_channel) {
    w.str(channel);
    w.svar(n);
  }
}

bool volume_read(Reader& r, detail::CellParts& c) {
  c.volumes.by_channel.clear();
  const auto channels = r.uvar();
  if (!detail::sized(r, channels)) return false;
  for (size_t i = 0; i < size_t(channels) && r.ok(); ++i) {
    const std::string_view channel = r.str();
    c.volumes.by_channel[std::string(channel)] += r.svar();
  }
  return r.ok();
}

}  // namespace dp::kpi
