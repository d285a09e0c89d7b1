// Ticket volume and workload KPIs (docs/kpis.md, "Tickets"). Volumes count in the
// window of creation (tickets) or offer (calls); states are taken at window end.
#include <set>

#include "kpi/additive.h"
#include "kpi/calendar.h"
#include "kpi/call_class.h"
#include "kpi/families.h"
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

}  // namespace dp::kpi
