// Partials (kpi/partials.h): their cells' merge and un-merge, and build_partials(),
// which hands one grouping's day cells at a time to every family's build (kpi/family.h).
#include "kpi/partials.h"

#include <cstdio>
#include <optional>

#include "kpi/calendar.h"
#include "kpi/customer_base.h"
#include "kpi/family.h"
#include "kpi/local_days.h"

namespace dp::kpi {

const std::set<std::string>& kpis_with_partials() {
  static const std::set<std::string> ids = [] {
    std::set<std::string> out;
    for (const Family& f : families()) out.insert(f.kpis.begin(), f.kpis.end());
    return out;
  }();
  return ids;
}

void Cell::merge(const Cell& o, int sign) {
  calls.merge(o.calls, sign);
  frt.merge(o.frt, sign);
  frt_human.merge(o.frt_human, sign);
  resolution.merge(o.resolution, sign);
  outcomes.merge(o.outcomes, sign);
  surveys.merge(o.surveys, sign);
  volumes.merge(o.volumes, sign);
  bots.merge(o.bots, sign);
  topics.merge(o.topics, sign);
  occupancy.merge(o.occupancy, sign);
  mix.merge(o.mix, sign);
  staffing.merge(o.staffing, sign);
  work.merge(o.work, sign);
  waiting.merge(o.waiting, sign);
  customers.merge(o.customers, sign);
  assigned += sign * o.assigned;
  present += sign * o.present;
}

void Partials::merge(const Partials& o, int sign) {
  for (size_t g = 0; g < kGroupings; ++g)
    for (const auto& [key, days] : o.cells[g])
      for (const auto& [d, c] : days) {
        auto& mine = cells[g][key];
        mine[d].merge(c, sign);
        if (mine[d] == Cell{}) mine.erase(d);
        if (mine.empty()) cells[g].erase(key);
      }
  totals.merge(o.totals, sign);
}

std::set<Day> Partials::days() const {
  std::set<Day> out;
  for (const auto& g : cells)
    for (const auto& [_, days] : g)
      for (const auto& [d, __] : days) out.insert(d);
  return out;
}

void CustomerDay::Active::add(const CustomerSpan& c) {
  ++n;
  if (c.revenue) {
    ++with;
    revenue += to_micros(*c.revenue);
  }
}

void CustomerDay::Active::merge(const Active& o, int sign) {
  n += sign * o.n;
  with += sign * o.with;
  revenue += sign * o.revenue;
}

void CustomerDay::merge(const CustomerDay& o, int sign) {
  seen.merge(o.seen, sign);
  referred += sign * o.referred;
  gone += sign * o.gone;
  ended.merge(o.ended, sign);
  for (const auto& [day, a] : o.odd) {
    Active& mine = odd[day];
    mine.merge(a, sign);
    if (mine == Active{}) odd.erase(day);
  }
  merge_counts(churns, o.churns, sign);
}

void Staffing::merge(const Staffing& o, int sign) {
  merge_counts(offered, o.offered, sign);
  waited_s += sign * o.waited_s;
}

void Work::merge(const Work& o, int sign) {
  days.merge(o.days, sign);
  for (const auto& [day, e] : o.earlier) {
    Earlier& mine = earlier[day];
    mine.repeats += sign * e.repeats;
    mine.products += sign * e.products;
    if (mine == Earlier{}) earlier.erase(day);
  }
}

Partials build_partials(const Input& in, const Contributors* only) {
  const Contributors all;
  Partials p;
  p.zone = in.ctx.options.report_zone;
  p.totals = {(long long)in.data.calls.size(), (long long)in.data.tickets.size(),
              (long long)in.data.sessions.size(), (long long)in.data.customers.size()};
  LocalDays local(p.zone);
  std::vector<std::optional<std::vector<std::pair<Day, Waiting>>>> waiting(in.data.tickets.size());
  for (GroupBy by :
       {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue, GroupBy::channel}) {
    CellBuild b(in, by, p, local, only ? *only : all, waiting);
    for (const Family& f : families())
      if (f.build) f.build(b);
  }
  return p;
}

std::string context_fingerprint(const Context& ctx) {
  const Options& o = ctx.options;
  std::string s = o.report_zone + '|' + std::to_string(o.sl_threshold.count()) + '|' +
                  std::to_string(o.short_abandon.count()) + '|' + std::to_string(o.fcr_days) + '|' +
                  std::to_string(o.link_window.count()) + '|' + std::to_string(int(o.ownership)) +
                  '|' + std::to_string(o.backlog_age.count()) + '|' +
                  std::to_string(erlang_interval(o)) + '|' + o.default_calendar + '|' +
                  std::to_string(o.targets.frt.value_or(Seconds(-1)).count()) + '|' +
                  std::to_string(o.targets.resolution.value_or(Seconds(-1)).count()) + '|' +
                  std::to_string(int(o.topic_source)) + ',' + o.topic_field;
  for (const auto& [id, a] : ctx.agents)
    s += "|a:" + id + ',' + a.team + ',' + a.calendar.value_or("") + ',' +
         std::to_string(int(a.kind));
  for (const auto& [name, c] : ctx.calendars) {
    s += "|c:" + name + ',' + c.zone;
    for (const auto& day : c.week)
      for (const auto& h : day)
        s += ',' + std::to_string(h.start_min) + '-' + std::to_string(h.end_min);
    for (const auto& h : c.holidays) s += ',' + std::to_string(h.time_since_epoch().count());
  }
  // FNV-1a, 64 bits: a digest to compare, not a secret.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ULL;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", (unsigned long long)h);
  return out;
}

}  // namespace dp::kpi
