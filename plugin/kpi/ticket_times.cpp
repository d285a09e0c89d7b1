// Ticket durations (docs/kpis.md, "frt", "resolution_time", "ticket_handle_time").
// frt counts in the window of the first response, resolution_time in the window of
// the final resolution; each as mean, median and p90, in business and calendar time.
#include <unordered_map>

#include "kpi/additive.h"
#include "kpi/families.h"

namespace dp::kpi {

namespace {

using Pick = std::optional<Seconds> TicketFacts::*;

ByKey<Durations> collect(const Slice& s, const TimeIndex& index, Pick business, Pick calendar) {
  ByKey<Durations> by;
  for (size_t i : index.in(s.window)) {
    const TicketFacts& f = s.in.facts[i];
    if (!(f.*business) || !(f.*calendar)) continue;
    by[s.ticket_key(i)].add(*(f.*business), *(f.*calendar));
  }
  return by;
}

void emit_both(Emitter& e, Figure f, const std::string& key, const Durations& d,
               const std::string& reason) {
  f.basis = "business";
  e.distribution(f, key, d.business, reason);
  f.basis = "calendar";
  e.distribution(f, key, d.calendar, reason);
}

// docs/kpis.md, "ticket_handle_time": time spent recorded on events in the window,
// per ticket worked on; credited to the agent who recorded it.
void handle_time(const Slice& s, Emitter& e) {
  if (!e.wants("ticket_handle_time")) return;
  ByKey<std::unordered_map<size_t, long long>> by;  // key -> ticket -> seconds
  for (size_t i : s.in.worked.in(s.window)) {
    const TicketEvent& ev = s.in.data.events[i];
    const auto t = size_t(s.in.event_ticket[i]);
    long long& secs = by[s.work_key(ev, t)][t];
    secs = add_sat(secs, ev.time_spent.count());  // model/time.h: never wraps
  }
  for (const auto& key : keys_of(s, by)) {
    Sample::Moments per_ticket;
    for (const auto& [_, secs] : at_or_empty(by, key)) per_ticket.add(secs);
    emit_handle_time(e, key, per_ticket);
  }
}

}  // namespace

// docs/kpis.md, "frt": created -> first public agent reply (bots included); variant
// `human`: created -> first public reply by a human agent.
void emit_frt(Emitter& e, const std::string& key, const Durations& all, const Durations& human) {
  if (!e.wants("frt")) return;
  emit_both(e, {"frt", "", "s", "created -> first public agent reply (bots included)"}, key, all,
            "no first response in the window");
  emit_both(e, {"frt", "", "s", "created -> first public reply by a human agent", "human"}, key,
            human, "no first human response in the window");
}

void emit_handle_time(Emitter& e, const std::string& key, const Sample::Moments& per_ticket) {
  e.mean({"ticket_handle_time", "mean", "s",
          "time spent recorded on ticket events / tickets worked on"},
         key, Sample::from_parts(per_ticket, {}), "no time spent recorded in the window");
}

// docs/kpis.md, "resolution_time": created -> final resolution.
void emit_resolution(Emitter& e, const std::string& key, const Durations& d) {
  if (!e.wants("resolution_time")) return;
  emit_both(e, {"resolution_time", "", "s", "created -> final resolution (reopens included)"}, key,
            d, "no ticket resolved in the window");
}

void time_kpis(const Slice& s, Emitter& e) {
  if (e.wants("frt")) {
    const auto all =
        collect(s, s.in.responded, &TicketFacts::frt_business, &TicketFacts::frt_calendar);
    const auto human = collect(s, s.in.responded_human, &TicketFacts::frt_human_business,
                               &TicketFacts::frt_human_calendar);
    ByKey<Durations> keys = all;  // the keys of either
    for (const auto& [k, _] : human) keys.try_emplace(k);
    for (const auto& key : keys_of(s, keys))
      emit_frt(e, key, at_or_empty(all, key), at_or_empty(human, key));
  }
  if (e.wants("resolution_time")) {
    const auto res = collect(s, s.in.resolved, &TicketFacts::resolution_business,
                             &TicketFacts::resolution_calendar);
    for (const auto& key : keys_of(s, res)) emit_resolution(e, key, at_or_empty(res, key));
  }
  handle_time(s, e);
}

}  // namespace dp::kpi
