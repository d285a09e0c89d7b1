// docs/kpis.md, "agents_required": Erlang C (Erlang A when callers abandon) agents
// needed in each options.erlang_interval of the window to reach options.sl_target
// within sl_threshold, from the measured volume and AHT; reported as the peak interval.
// Overall and per queue only: staffing is planned for a queue, not for an agent.
#include <algorithm>
#include <functional>
#include <set>

#include "kpi/additive.h"
#include "kpi/call_class.h"
#include "kpi/cell_parts.h"
#include "kpi/erlang.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

long long erlang_interval(const Options& o) {
  return std::max<long long>(60, o.erlang_interval.count());
}

void emit_agents_required(Emitter& e, const std::string& key, const StaffingLoad& l,
                          const Options& o) {
  const long long interval = erlang_interval(o);
  const Figure f{"agents_required", "peak", "agents",
                 "Erlang agents for " + std::to_string(int(o.sl_target * 100)) + "% within " +
                     seconds_text(o.sl_threshold) + ", busiest " + seconds_text(Seconds{interval}) +
                     " interval"};
  if (l.answered == 0 || l.handle_s <= 0)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no answered calls with handle time");
  const double aht = double(l.handle_s) / double(l.answered);
  // Mean patience estimated as total waiting time / abandons (exponential patience).
  const double patience = l.abandoned > 0 ? double(l.waited_s) / double(l.abandoned) : 0;
  // The agents needed grow with an interval's calls (the rest is the window's): the
  // peak is the busiest interval's, or the next busiest where the model has no answer.
  std::set<long long, std::greater<>> counts;
  for (const auto& [_, calls] : l.per_interval) counts.insert(calls);
  std::optional<int> peak;
  for (long long calls : counts) {
    auto need = l.abandoned > 0 ? agents_required_erlang_a(double(calls), double(interval), aht,
                                                           double(o.sl_threshold.count()),
                                                           o.sl_target, patience)
                                : agents_required(double(calls), double(interval), aht,
                                                  double(o.sl_threshold.count()), o.sl_target);
    if (need) {
      peak = need;
      break;
    }
  }
  e.value(f, key, peak ? std::optional<double>(*peak) : std::nullopt, l.offered, std::nullopt,
          "Erlang model gave no answer for the measured load");
}

void staffing_kpis(const Slice& s, Emitter& e) {
  if (!e.wants("agents_required")) return;
  if (s.by != GroupBy::overall && s.by != GroupBy::queue) return;
  const Options& o = s.in.ctx.options;
  const long long interval = erlang_interval(o);
  ByKey<StaffingLoad> by;
  for (size_t i : s.in.offered.in(s.window)) {
    const Call& c = s.in.data.calls[i];
    if (!is_offered(c)) continue;
    StaffingLoad& l = by[s.call_key(c)];
    // Saturating: a window's calls are inside it, so only absurd times get near the ends.
    const long long since =
        sub_sat(c.offered_at.time_since_epoch().count(), s.window.from.time_since_epoch().count());
    ++l.per_interval[since / interval];
    ++l.offered;
    l.waited_s = add_sat(l.waited_s, c.wait.count());
    // A call still in progress has no handle time yet: it would pull the AHT down.
    if (is_answered(c) && c.outcome != CallOutcome::in_progress) {
      ++l.answered;
      l.handle_s = add_sat(l.handle_s, handle_time(c).count());
    }
    l.abandoned += is_abandoned(c);
  }
  for (const auto& key : keys_of(s, by)) emit_agents_required(e, key, at_or_empty(by, key), o);
}

// Partials (overall and queue cells): calls offered per interval counted from the day's
// start, and their waits.
void staffing_build(CellBuild& b) {
  if (b.by != GroupBy::overall && b.by != GroupBy::queue) return;
  const long long interval = erlang_interval(b.in.ctx.options);
  for (size_t i = 0; i < b.in.data.calls.size(); ++i) {
    const Call& c = b.in.data.calls[i];
    if (c.direction != Direction::inbound || !b.call(i) || !is_offered(c)) continue;
    Staffing& s = b.cell(b.keys.call_key(c), c.offered_at).staffing;
    const Time day = b.local.midnight(b.local.day(c.offered_at));
    ++s.offered[(c.offered_at - day).count() / interval];
    s.waited_s += c.wait.count();
  }
}

void staffing_emit(const WindowCells& w, Emitter& e) {
  if (w.by != GroupBy::overall && w.by != GroupBy::queue) return;
  w.each([&](const std::string& key, const Cell& c) {
    StaffingLoad l;
    if (auto it = w.intervals.find(key); it != w.intervals.end()) l.per_interval = it->second;
    l.offered = c.calls.offered;
    l.abandoned = c.calls.abandoned;
    l.answered = c.calls.answered;
    l.handle_s = c.calls.handles.moments().sum;
    l.waited_s = c.staffing.waited_s;
    emit_agents_required(e, key, l, w.options);
  });
}

// Stored: how many intervals with calls offered, each number and count, and the summed
// waits.
void staffing_write(Writer& w, const detail::CellParts& c) {
  w.uvar(c.staffing.offered.size());
  for (const auto& [interval, n] : c.staffing.offered) {
    w.svar(interval);
    w.svar(n);
  }
  w.svar(c.staffing.waited_s);
}

bool staffing_read(Reader& r, detail::CellParts& c) {
  c.staffing = {};
  const auto intervals = r.uvar();
  if (!detail::sized(r, intervals)) return false;
  for (size_t i = 0; i < size_t(intervals) && r.ok(); ++i) {
    const int64_t interval = r.svar();
    c.staffing.offered[interval] += r.svar();
  }
  c.staffing.waited_s = r.svar();
  return r.ok();
}

}  // namespace dp::kpi
