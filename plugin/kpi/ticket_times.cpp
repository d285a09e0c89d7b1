// Ticket durations (docs/kpis.md, "frt", "resolution_time", "ticket_handle_time").
// frt counts in the window of the first response, resolution_time in the window of
// the final resolution; each as mean, median and p90, in business and calendar time.
#include <unordered_map>

#include "kpi/additive.h"
#include "kpi/cell_parts.h"
#include "kpi/families.h"
#include "kpi/family.h"

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

// Partials: frt on the day of the first (human) response, resolution_time on the day of
// the final resolution, each (key, ticket)'s work per day with the corrections for
// tickets worked on several days (Work).
void time_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i) {
    if (!b.ticket(i)) continue;
    const TicketFacts& f = b.in.facts[i];
    const std::string& key = b.ticket_key(i);
    if (f.first_response) {
      Cell& c = b.cell(key, *f.first_response);
      c.present++;
      if (f.frt_business && f.frt_calendar) c.frt.add(*f.frt_business, *f.frt_calendar);
    }
    if (f.first_human_response && f.frt_human_business && f.frt_human_calendar)
      b.cell(key, *f.first_human_response)
          .frt_human.add(*f.frt_human_business, *f.frt_human_calendar);
    if (f.resolved_at && f.resolution_business && f.resolution_calendar)
      b.cell(key, *f.resolved_at).resolution.add(*f.resolution_business, *f.resolution_calendar);
  }
  std::map<std::pair<std::string, size_t>, std::map<Day, long long>> worked;
  for (size_t i = 0; i < b.in.data.events.size(); ++i) {
    const long long t = b.in.event_ticket[i];
    if (t < 0 || !b.ticket_any(size_t(t))) continue;
    const TicketEvent& ev = b.in.data.events[i];
    std::string key = b.keys.work_key(ev, size_t(t));
    b.cell(key, ev.at).present++;
    worked[{std::move(key), size_t(t)}][b.local.day(ev.at)] += ev.time_spent.count();
  }
  for (const auto& [of, days] : worked) {
    auto& cells = b.p.cells[size_t(b.by)][of.first];
    for (auto d = days.begin(); d != days.end(); ++d) {
      Work& w = cells[d->first].work;
      w.days.add(d->second);
      for (auto e = days.begin(); e != d; ++e) {
        Work::Earlier& x = w.earlier[e->first];
        x.repeats += std::next(e) == d;
        x.products += __int128(e->second) * d->second;
      }
    }
  }
}

void time_emit(const WindowCells& w, Emitter& e) {
  w.each([&](const std::string& key, const Cell& c) { emit_frt(e, key, c.frt, c.frt_human); },
         [](const Cell& c) { return c.frt_human.business.n() > 0; });
  w.each([&](const std::string& key, const Cell& c) { emit_resolution(e, key, c.resolution); });
  if (e.wants("ticket_handle_time"))
    w.each([&](const std::string& key, const Cell& c) { emit_handle_time(e, key, c.work.days); });
}

// Stored (frt and resolution_time are samples, kpi/cell_parts.h): the work's n, sum and
// sum of squares, how many earlier days, each day, repeats and products.
void time_write(Writer& w, const detail::CellParts& c) {
  w.svar(c.work.days.n);
  w.svar(c.work.days.sum);
  w.svar(c.work.days.sumsq);
  w.uvar(c.work.earlier.size());
  for (const auto& [day, e] : c.work.earlier) {
    w.svar(day);
    w.svar(e.repeats);
    w.svar(e.products);
  }
}

bool time_read(Reader& r, detail::CellParts& c) {
  c.work = {};
  c.work.days.n = r.svar();
  c.work.days.sum = r.svar();
  c.work.days.sumsq = r.svar128();
  const auto earlier = r.uvar();
  if (!detail::sized(r, earlier)) return false;
  for (size_t i = 0; i < size_t(earlier) && r.ok(); ++i) {
    Work::Earlier& e = c.work.earlier[Day(r.svar())];
    e.repeats = r.svar();
    e.products = r.svar128();
  }
  return r.ok();
}

}  // namespace dp::kpi
