// docs/staffing.md, "Agents per interval": forecast calls, AHT and patience of the same
// history weeks, then Erlang C or Erlang A for each interval of the week.
#include "staffing/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "kpi/call_class.h"
#include "kpi/erlang.h"
#include "kpi/windows.h"

namespace dp::staffing {
namespace {

// Start of the history: `weeks` weeks before the planned week.
Time history_from(const PlanOptions& o) {
  kpi::Window w = o.week;
  for (int i = 0; i < std::clamp(o.history_weeks, 1, 520); ++i) w = kpi::previous(w, o.zone);
  return w.from;
}

ForecastOptions forecast_options(const PlanOptions& o, Seconds interval) {
  ForecastOptions f;
  f.zone = o.zone;
  f.interval = interval;
  f.weeks = o.history_weeks;
  return f;
}

// The queues to plan: the requested ones, else every queue in `present`.
std::vector<std::string> queues_to_plan(const PlanOptions& o,
                                        const std::set<std::string>& present) {
  if (!o.queues.empty()) return o.queues;
  return {present.begin(), present.end()};
}

// Arrival instants per queue, and the local days from the first to the last: the span
// the data covers (docs/staffing.md, "Forecast").
struct Arrivals {
  std::map<std::string, std::vector<Time>> by_queue;
  std::optional<Time> first, last;

  void add(const std::string& queue, Time t) {
    first = std::min(first.value_or(t), t);
    last = std::max(last.value_or(t), t);
    by_queue[queue].push_back(t);
  }
  std::set<std::string> queues() const {
    std::set<std::string> out;
    for (const auto& [q, _] : by_queue) out.insert(q);
    return out;
  }
  Forecast forecast_of(const std::string& queue, const PlanOptions& o, Seconds interval) const {
    auto it = by_queue.find(queue);
    return forecast(it == by_queue.end() ? std::vector<Time>{} : it->second,
                    day_start(*first, o.zone), next_day_start(*last, o.zone), o.week,
                    forecast_options(o, interval));
  }
};

// Handle time and abandonment of one queue's (or every queue's) calls in the history.
struct Load {
  long long offered = 0, answered = 0, abandoned = 0, in_progress = 0;
  long long handle_s = 0, waited_s = 0;
  void add(const Call& c) {
    ++offered;
    waited_s = add_sat(waited_s, c.wait.count());
    abandoned += kpi::is_abandoned(c);
    // A call still in progress has no handle time yet: it would pull the AHT down.
    if (c.outcome == CallOutcome::in_progress) {
      ++in_progress;
    } else if (kpi::is_answered(c)) {
      ++answered;
      handle_s = add_sat(handle_s, kpi::handle_time(c).count());
    }
  }
};

std::optional<double> aht_of(const Load& l) {
  if (l.answered == 0 || l.handle_s <= 0) return std::nullopt;
  return double(l.handle_s) / double(l.answered);
}

CallMeasure measure(const Load& q, const Load& all, int min_sample) {
  CallMeasure m;
  m.offered = q.offered;
  m.answered = q.answered;
  m.abandoned = q.abandoned;
  m.in_progress = q.in_progress;
  m.aht_s = aht_of(q);
  if (q.answered < min_sample && aht_of(all)) {
    m.aht_s = aht_of(all);
    m.aht_all_queues = true;
  }
  // Mean patience ≈ total waiting time of offered calls / abandons (exponential
  // patience; docs/statistics.md, "Erlang A"), as agents_required estimates it.
  if (q.abandoned > 0) m.patience_s = double(q.waited_s) / double(q.abandoned);
  m.method = m.patience_s && *m.patience_s > 0 ? "erlang_a" : "erlang_c";
  return m;
}

IntervalPlan plan_interval(const Slot& s, std::optional<double> calls, const CallMeasure& m,
                           const PlanOptions& o) {
  IntervalPlan p;
  p.slot = s;
  p.forecast_calls = calls;
  if (!calls) {
    p.reason = "no history for this weekday and time of day";
    return p;
  }
  if (*calls <= 0) {
    p.agents = p.agents_erlang_c = 0;
    p.reason = "no calls forecast";
    return p;
  }
  if (!m.aht_s) {
    p.reason = "no answered calls with handle time in the history";
    return p;
  }
  const double len = double(s.length.count()), aht = *m.aht_s;
  const double thr = double(o.sl_threshold.count()), a = *calls * aht / len;
  p.agents_erlang_c = kpi::agents_required(*calls, len, aht, thr, o.sl_target);
  if (m.method == "erlang_a") {
    p.agents = kpi::agents_required_erlang_a(*calls, len, aht, thr, o.sl_target, *m.patience_s);
    if (p.agents) {
      if (auto e = kpi::erlang_a(*p.agents, *calls, len, aht, thr, *m.patience_s))
        p.service_level = e->service_level;
      p.asa_s = kpi::erlang_a_asa(*p.agents, *calls, len, aht, *m.patience_s);
      p.occupancy = kpi::erlang_a_occupancy(*p.agents, *calls, len, aht, *m.patience_s);
    }
  } else {
    p.agents = p.agents_erlang_c;
    if (p.agents) {
      p.service_level = kpi::erlang_c_service_level(*p.agents, a, aht, thr);
      p.asa_s = kpi::erlang_c_asa(*p.agents, a, aht);
      p.occupancy = kpi::erlang_c_occupancy(*p.agents, a);
    }
  }
  if (!p.agents) p.reason = "the Erlang model gave no answer (more than 10,000 agents?)";
  return p;
}

std::vector<QueuePlan> plan_calls(const Records& data, const PlanOptions& o, Time from) {
  Arrivals arrivals;
  std::map<std::string, Load> loads;
  Load all;
  for (const Call& c : data.calls) {
    if (!kpi::is_offered(c)) continue;
    arrivals.add(c.queue, c.offered_at);
    if (c.offered_at < from || c.offered_at >= o.week.from) continue;
    loads[c.queue].add(c);
    all.add(c);
  }
  const std::set<std::string> present = arrivals.queues();
  std::vector<QueuePlan> out;
  if (!arrivals.first) return out;
  for (const auto& queue : queues_to_plan(o, present)) {
    QueuePlan q;
    q.queue = queue;
    q.forecast = arrivals.forecast_of(queue, o, o.interval);
    q.measure = measure(loads[queue], all, o.min_sample);
    if (!present.count(queue))
      q.reason = "no calls in this queue";
    else if (!q.forecast.reason.empty())
      q.reason = q.forecast.reason;
    for (size_t i = 0; i < q.forecast.slots.size(); ++i)
      q.intervals.push_back(plan_interval(q.forecast.slots[i], q.forecast.value[i], q.measure, o));
    if (!q.reason.empty())
      for (auto& p : q.intervals) p.reason = q.reason;
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<TicketQueuePlan> plan_tickets(const Records& data, const PlanOptions& o, Time from) {
  Arrivals arrivals;
  std::map<std::string, std::string> queue_of;
  std::map<std::string, long long> created, worked;
  for (const Ticket& t : data.tickets) {
    arrivals.add(t.queue, t.created_at);
    queue_of[t.id] = t.queue;
    if (t.created_at >= from && t.created_at < o.week.from) ++created[t.queue];
  }
  // The work the history's inflow caused: time recorded in those weeks on any ticket of
  // the queue, per ticket created in them (docs/staffing.md, "Ticket work").
  for (const TicketEvent& e : data.events) {
    if (e.at < from || e.at >= o.week.from || e.time_spent.count() <= 0) continue;
    auto q = queue_of.find(e.ticket);
    if (q != queue_of.end()) worked[q->second] = add_sat(worked[q->second], e.time_spent.count());
  }
  const std::set<std::string> present = arrivals.queues();
  std::vector<TicketQueuePlan> out;
  if (!arrivals.first) return out;
  for (const auto& queue : queues_to_plan(o, present)) {
    TicketQueuePlan q;
    q.queue = queue;
    q.forecast = arrivals.forecast_of(queue, o, std::chrono::days{1});
    q.tickets = created[queue];
    q.worked_s = worked[queue];
    if (q.tickets > 0 && q.worked_s > 0) q.handle_s = double(q.worked_s) / double(q.tickets);
    if (!present.count(queue))
      q.reason = "no tickets in this queue";
    else if (!q.forecast.reason.empty())
      q.reason = q.forecast.reason;
    for (size_t i = 0; i < q.forecast.slots.size(); ++i) {
      DayWork d;
      d.day = q.forecast.slots[i];
      d.forecast_tickets = q.forecast.value[i];
      if (!q.reason.empty())
        d.reason = q.reason;
      else if (!d.forecast_tickets)
        d.reason = "no history for this weekday";
      else if (!q.handle_s)
        d.reason = "no time spent recorded on the queue's ticket events in the history weeks";
      else
        d.agent_hours = *d.forecast_tickets * *q.handle_s / 3600;
      q.days.push_back(std::move(d));
    }
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

std::vector<std::string> known_queues(const Records& data) {
  std::set<std::string> q;
  for (const Call& c : data.calls)
    if (kpi::is_offered(c)) q.insert(c.queue);
  for (const Ticket& t : data.tickets) q.insert(t.queue);
  return {q.begin(), q.end()};
}

std::optional<kpi::Window> week_after_data(const Records& data, const std::string& zone) {
  std::optional<Time> last;
  for (const Call& c : data.calls)
    if (kpi::is_offered(c)) last = std::max(last.value_or(c.offered_at), c.offered_at);
  if (!last)
    for (const Ticket& t : data.tickets) last = std::max(last.value_or(t.created_at), t.created_at);
  if (!last) return std::nullopt;
  auto week = kpi::parse_period(kpi::iso_week_label(*last, zone), zone);
  if (!week) return std::nullopt;
  // The week after: the window of the same kind starting where this one ends.
  auto next = kpi::parse_period(kpi::iso_week_label(week->to, zone), zone);
  if (!next) return std::nullopt;
  return *next;
}

Plan plan(const Records& data, const PlanOptions& o) {
  Plan p;
  p.options = o;
  const Time from = history_from(o);
  p.calls = plan_calls(data, o, from);
  p.tickets = plan_tickets(data, o, from);
  if (p.calls.empty()) p.calls_reason = "no call records";
  if (p.tickets.empty()) p.tickets_reason = "no ticket records";
  return p;
}

const IntervalPlan* peak_interval(const QueuePlan& q) {
  const IntervalPlan* best = nullptr;
  for (const auto& i : q.intervals)
    if (i.forecast_calls && *i.forecast_calls > 0 &&
        (!best || *i.forecast_calls > *best->forecast_calls))
      best = &i;
  return best;
}

}  // namespace dp::staffing
