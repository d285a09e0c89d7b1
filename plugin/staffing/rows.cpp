// docs/staffing.md, "Output": the plan as rows and notes.
#include "staffing/rows.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dp::staffing {
namespace {

using namespace std::chrono;

std::optional<double> percent(std::optional<double> fraction) {
  if (!fraction) return std::nullopt;
  return *fraction * 100;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string weeks_text(const Forecast& f) {
  std::string out = std::to_string(f.weeks_used) + " week(s)";
  if (!f.weeks.empty())
    out += " (" + f.weeks.back().week.label + ".." + f.weeks.front().week.label + ")";
  return out;
}

void forecast_notes(std::vector<std::string>& out, const std::string& what,
                    const std::string& queue, const Forecast& f) {
  if (!f.reason.empty()) {
    out.push_back(what + " " + queue + ": no forecast: " + f.reason);
    return;
  }
  std::string s = what + " " + queue + ": forecast from " + weeks_text(f) + ", ";
  s += f.trended ? "trend x" + fixed(f.trend, 3)
                 : std::string("no trend (fewer than 3 whole weeks)");
  s += f.wape ? ", WAPE " + fixed(*f.wape * 100, 1) + "% on " + std::to_string(f.backtest_weeks) +
                    " held-back week(s)"
              : ", error not measured (no whole week with an earlier week before it)";
  out.push_back(s);
  for (const auto& w : f.weeks) {
    if (w.use == "gap")
      out.push_back(what + " " + queue + ": " + w.week.label +
                    " has none: left out as a gap in the data");
    if (w.use == "part")
      out.push_back(what + " " + queue + ": " + w.week.label +
                    " is covered only in part: its days feed the profile, not the trend");
  }
}

}  // namespace

std::string local_rfc3339(Time t, const std::string& zone) {
  auto lt = utc_to_local(t, zone).value_or(local_seconds{t.time_since_epoch()});
  const long long off =
      duration_cast<minutes>(lt.time_since_epoch() - t.time_since_epoch()).count();
  const std::string utc = format_rfc3339(Time{lt.time_since_epoch()});  // local wall time
  char sign = off < 0 ? '-' : '+';
  const int a = int(std::min<long long>(std::llabs(off), 99 * 60));  // offsets are < 24 h
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 60, a % 60);
  return utc.substr(0, utc.size() - 1) + buf;
}

namespace {

// The fields every row has: what, which queue, when, and the forecast behind it.
PlanRow row_for(const char* kind, const std::string& queue, const Slot& slot, const Forecast& f,
                const std::string& zone) {
  PlanRow r;
  r.kind = kind;
  r.queue = queue;
  r.start = slot.start;
  r.interval_start = local_rfc3339(slot.start, zone);
  r.interval_s = slot.length.count();
  r.forecast_wape = percent(f.wape);
  r.history_weeks = f.weeks_used;
  return r;
}

}  // namespace

std::vector<PlanRow> plan_rows(const Plan& plan) {
  std::vector<PlanRow> rows;
  const std::string& zone = plan.options.zone;
  for (const auto& q : plan.calls) {
    for (const auto& i : q.intervals) {
      PlanRow r = row_for("calls", q.queue, i.slot, q.forecast, zone);
      r.forecast_calls = i.forecast_calls;
      r.aht_s = q.measure.aht_s;
      r.agents = i.agents;
      r.agents_erlang_c = i.agents_erlang_c;
      r.service_level = percent(i.service_level);
      r.asa_s = i.asa_s;
      r.occupancy = percent(i.occupancy);
      r.method = q.measure.method;
      r.patience_s = q.measure.patience_s;
      if (q.measure.aht_all_queues) r.flags.push_back("aht_all_queues");
      r.reason = i.reason;
      rows.push_back(std::move(r));
    }
  }
  for (const auto& q : plan.tickets) {
    for (const auto& d : q.days) {
      PlanRow r = row_for("tickets", q.queue, d.day, q.forecast, zone);
      r.forecast_tickets = d.forecast_tickets;
      r.ticket_handle_s = q.handle_s;
      r.agent_hours = d.agent_hours;
      r.reason = d.reason;
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

std::vector<std::string> plan_notes(const Plan& plan) {
  std::vector<std::string> out;
  if (!plan.calls_reason.empty()) out.push_back("calls: " + plan.calls_reason);
  for (const auto& q : plan.calls) {
    forecast_notes(out, "calls", q.queue, q.forecast);
    const CallMeasure& m = q.measure;
    std::string s = "calls " + q.queue + ": ";
    if (m.aht_s)
      s += "AHT " + fixed(*m.aht_s, 0) + " s" +
           (m.aht_all_queues ? " of every queue (the queue had " + std::to_string(m.answered) +
                                   " answered call(s), fewer than min_sample)"
                             : " over " + std::to_string(m.answered) + " answered call(s)");
    else
      s += "no AHT (no answered calls with handle time)";
    s += m.method == "erlang_a"
             ? "; Erlang A, mean patience " + fixed(*m.patience_s, 0) + " s (total wait / " +
                   std::to_string(m.abandoned) + " abandon(s))"
             : "; Erlang C (no abandons in the history)";
    out.push_back(s);
    if (m.in_progress > 0)
      out.push_back("calls " + q.queue + ": " + std::to_string(m.in_progress) +
                    " call(s) in progress counted as offered, left out of the AHT");
  }
  if (!plan.tickets_reason.empty()) out.push_back("tickets: " + plan.tickets_reason);
  for (const auto& q : plan.tickets) {
    forecast_notes(out, "tickets", q.queue, q.forecast);
    out.push_back("tickets " + q.queue + ": " +
                  (q.handle_s ? "handle time " + fixed(*q.handle_s, 0) + " s per ticket (" +
                                    std::to_string(q.worked_s) + " s recorded / " +
                                    std::to_string(q.tickets) + " ticket(s) created)"
                              : std::string("no handle time: no time spent recorded on ticket "
                                            "events in the history weeks")));
  }
  return out;
}

}  // namespace dp::staffing
