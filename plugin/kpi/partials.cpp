#include "kpi/partials.h"

#include <date/tz.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <thread>
#include <tuple>

#include "kpi/calendar.h"
#include "kpi/call_class.h"
#include "kpi/codec.h"
#include "kpi/customer_base.h"
#include "kpi/ticket_state.h"
#include "kpi/windows.h"

namespace dp::kpi {

namespace {

constexpr long long kDaySeconds = 86400;

long long floor_div(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Local day numbers in one zone, with the zone's current offset cached (it changes
// twice a year at most).
class LocalDays {
 public:
  explicit LocalDays(const std::string& zone) {
    try {
      tz_ = date::locate_zone(zone);
    } catch (const std::exception&) {
      tz_ = nullptr;  // UTC
    }
  }

  long long offset(Time t) {
    if (!tz_) return 0;
    const date::sys_seconds s{t.time_since_epoch()};
    if (!(s >= begin_ && s < end_)) {
      const auto info = tz_->get_info(s);
      begin_ = info.begin;
      end_ = info.end;
      offset_ = info.offset.count();
    }
    return offset_;
  }
  Day day(Time t) { return Day(floor_div(t.time_since_epoch().count() + offset(t), kDaySeconds)); }
  bool at_midnight(Time t) { return (t.time_since_epoch().count() + offset(t)) % kDaySeconds == 0; }
  // The instant day d starts (the earlier one should midnight come twice).
  Time midnight(Day d) {
    const date::local_days local{date::days{d}};
    if (!tz_) return Time{local.time_since_epoch()};
    if (d != midnight_day_) {
      midnight_day_ = d;
      midnight_ = tz_->to_sys(local, date::choose::earliest);
    }
    return midnight_;
  }

 private:
  const date::time_zone* tz_ = nullptr;
  date::sys_seconds begin_{}, end_{};
  long long offset_ = 0;
  Day midnight_day_ = std::numeric_limits<Day>::min();
  Time midnight_{};
};

}  // namespace

const std::set<std::string>& kpis_with_partials() {
  static const std::set<std::string> ids = {"frt",
                                            "resolution_time",
                                            "fcr",
                                            "reopen_rate",
                                            "sla_compliance",
                                            "resolution_rate",
                                            "calls_offered",
                                            "asa",
                                            "service_level",
                                            "abandonment_rate",
                                            "blocked_calls",
                                            "aht",
                                            "csat",
                                            "nps",
                                            "ces",
                                            "iqs",
                                            "esat",
                                            "cli",
                                            "request_volume",
                                            "volume_by_channel",
                                            "open_cases",
                                            "backlog",
                                            "bot_share",
                                            "bot_containment_rate",
                                            "bot_csat",
                                            "top_topics",
                                            "resolution_consistency",
                                            "conversion_rate",
                                            "cost_per_resolution",
                                            "engagement",
                                            "churn_rate",
                                            "retention_rate",
                                            "referral_rate",
                                            "clv",
                                            "cac",
                                            "occupancy",
                                            "agents_required",
                                            "ticket_handle_time"};
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

namespace {

// A customer's changes of the customer base, each on the day at whose end it takes
// effect (CustomerDay), into the overall cells.
void add_customer(Partials& p, const CustomerSpan& c, LocalDays& local) {
  const Day first = local.day(c.first_seen);
  CustomerDay& seen = p.at(GroupBy::overall, "", first).customers;
  seen.seen.add(c);
  seen.referred += c.referral;
  if (c.churned_at) {
    p.at(GroupBy::overall, "", local.day(std::max(c.first_seen, *c.churned_at))).customers.gone++;
    // Churned in a window it was a customer at the start of: first seen on an earlier day.
    const Day churned = local.day(*c.churned_at);
    if (churned > first) p.at(GroupBy::overall, "", churned).customers.churns[churned - first]++;
  }
  const std::optional<Time> end = active_until(c);
  if (!end) return;
  if (*end < c.first_seen)
    seen.odd[local.day(*end)].add(c);
  else
    p.at(GroupBy::overall, "", local.day(*end)).customers.ended.add(c);
}

}  // namespace

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
  auto counts = [](const std::vector<bool>& mask, size_t i) { return mask.empty() || mask[i]; };
  const Contributors all;
  if (!only) only = &all;
  Partials p;
  p.zone = in.ctx.options.report_zone;
  p.totals = {(long long)in.data.calls.size(), (long long)in.data.tickets.size(),
              (long long)in.data.sessions.size(), (long long)in.data.customers.size()};
  LocalDays local(p.zone);
  for (size_t i = 0; i < in.data.customers.size(); ++i)
    if (counts(only->customers, i)) add_customer(p, span_of(in.data.customers[i]), local);
  const Options& o = in.ctx.options;
  std::vector<std::vector<std::pair<Day, Waiting>>> waiting(in.data.tickets.size());
  for (size_t i = 0; i < in.data.tickets.size(); ++i)
    if (!in.facts[i].excluded && counts(only->tickets, i))
      waiting[i] = waiting_changes(in, i, local);
  for (GroupBy by :
       {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue, GroupBy::channel}) {
    const Slice keys(in, Window{}, by);  // the key functions only
    auto cell = [&](const std::string& key, Time t) -> Cell& {
      return p.at(by, key, local.day(t));
    };
    for (size_t i = 0; i < in.data.tickets.size(); ++i) {
      const TicketFacts& f = in.facts[i];
      if (f.excluded || !counts(only->tickets, i)) continue;
      const std::string key = keys.ticket_key(i);
      Cell& created = cell(key, in.data.tickets[i].created_at);
      created.present++;
      created.volumes.add(std::string(to_string(in.data.tickets[i].channel)));
      for (const auto& topic : in.topics[i]) ++created.topics.created[topic];
      if (f.first_response) {
        Cell& c = cell(key, *f.first_response);
        c.present++;
        if (f.frt_business && f.frt_calendar) c.frt.add(*f.frt_business, *f.frt_calendar);
        c.bots.responded++;
        c.bots.bot_first += f.first_response_by_bot;
      }
      if (f.first_bot_response) {
        Cell& c = cell(key, *f.first_bot_response);
        c.bots.bot_tickets++;
        c.bots.contained += bot_contained(f);
      }
      for (const auto& [day, change] : waiting[i]) p.at(by, key, day).waiting.merge(change);
      if (f.first_human_response && f.frt_human_business && f.frt_human_calendar)
        cell(key, *f.first_human_response)
            .frt_human.add(*f.frt_human_business, *f.frt_human_calendar);
      if (f.assigned_at) cell(key, *f.assigned_at).assigned++;
      if (f.resolved_at) {
        Cell& c = cell(key, *f.resolved_at);
        c.present++;
        if (f.resolution_business && f.resolution_calendar) {
          c.resolution.add(*f.resolution_business, *f.resolution_calendar);
          auto& times = c.topics.resolved[in.topics[i].empty() ? "" : in.topics[i].front()];
          times.business.add(f.resolution_business->count());
          times.calendar.add(f.resolution_calendar->count());
        }
        c.outcomes.add(f, o.targets);
      }
    }
    const bool people = by == GroupBy::overall || by == GroupBy::agent || by == GroupBy::team;
    for (size_t i = 0; i < in.data.calls.size(); ++i) {
      const Call& c = in.data.calls[i];
      if (c.direction != Direction::inbound || !counts(only->calls, i)) continue;
      Cell& x = cell(keys.call_key(c), c.offered_at);
      x.present++;
      x.calls.add(c, o);
      if (is_offered(c)) x.volumes.add("phone");
      if (people && is_answered(c) && c.agent) x.occupancy.agents[*c.agent].add_call(c);
      if ((by == GroupBy::overall || by == GroupBy::queue) && is_offered(c)) {
        const Time day = local.midnight(local.day(c.offered_at));
        ++x.staffing.offered[(c.offered_at - day).count() / erlang_interval(o)];
        x.staffing.waited_s += c.wait.count();
      }
    }
    for (size_t i = 0; i < in.data.surveys.size(); ++i)
      if (counts(only->surveys, i) && in.survey_counts(in.data.surveys[i])) {
        const Survey& v = in.data.surveys[i];
        Cell& c = cell(keys.survey_key(v), v.at);
        c.present++;
        c.surveys.add(v);
        if (v.kind == SurveyKind::csat) {
          const auto t = v.ticket ? in.ticket_by_id.find(*v.ticket) : in.ticket_by_id.end();
          add_bot_csat(c.bots, v, t != in.ticket_by_id.end() && bot_contained(in.facts[t->second]));
        }
      }
    // Work: each (key, ticket)'s seconds per day, then its days in order (Work).
    std::map<std::pair<std::string, size_t>, std::map<Day, long long>> worked;
    for (size_t i = 0; i < in.data.events.size(); ++i)
      if (in.event_ticket[i] >= 0 && counts(only->tickets, size_t(in.event_ticket[i]))) {
        const TicketEvent& ev = in.data.events[i];
        std::string key = keys.work_key(ev, size_t(in.event_ticket[i]));
        cell(key, ev.at).present++;
        worked[{std::move(key), size_t(in.event_ticket[i])}][local.day(ev.at)] +=
            ev.time_spent.count();
      }
    for (const auto& [of, days] : worked) {
      auto& cells = p.cells[size_t(by)][of.first];
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
    if (by == GroupBy::agent) {  // mix-adjusted figures: every contributing ticket and call
      std::vector<size_t> tickets, calls;
      for (size_t i = 0; i < in.data.tickets.size(); ++i)
        if (counts(only->tickets, i)) tickets.push_back(i);
      for (size_t i = 0; i < in.data.calls.size(); ++i)
        if (counts(only->calls, i)) calls.push_back(i);
      each_mix_item(in, tickets, tickets, calls, [&](const MixItem& x) {
        MixTally& t = cell(x.key, x.at).mix;
        t.team = x.team;
        t.add(x.measure, x.cell, x.value);
      });
    }
    if (people)
      for (size_t i = 0; i < in.data.sessions.size(); ++i) {
        const AgentSession& a = in.data.sessions[i];
        if (!counts(only->sessions, i)) continue;
        // The days [start, end) overlaps; a zero-length session only inside a day.
        if (a.end <= a.start && local.at_midnight(a.start)) continue;
        const Day last = a.end > a.start ? local.day(a.end - Seconds(1)) : local.day(a.start);
        const std::string key = keys.person_key(a.agent);
        for (Day d = local.day(a.start); d <= last; ++d) {
          // Each day's piece: a window of whole days sums its days' pieces.
          const double secs = logged_in(a, {local.midnight(d), local.midnight(d + 1), ""});
          if (by == GroupBy::overall && !(secs > 0)) continue;
          Cell& c = p.at(by, key, d);
          if (by != GroupBy::overall) c.present++;
          if (secs > 0) c.occupancy.agents[a.agent].add_logged(secs);
        }
      }
  }
  return p;
}

// ---- cells as stored and merged ------------------------------------------------------

namespace {

constexpr size_t kSamples = 8;

// A cell's integers and samples in one fixed order (storage and merging).
template <class C>
auto counts_of(C& c) {
  return std::array{&c.calls.offered,
                    &c.calls.answered,
                    &c.calls.in_sl,
                    &c.calls.abandoned,
                    &c.calls.short_abandoned,
                    &c.calls.blocked,
                    &c.outcomes.resolved,
                    &c.outcomes.fcr,
                    &c.outcomes.one_touch,
                    &c.outcomes.no_reopen,
                    &c.outcomes.reopened,
                    &c.outcomes.sla_n,
                    &c.outcomes.sla_met,
                    &c.outcomes.frt_met,
                    &c.outcomes.res_met,
                    &c.assigned,
                    &c.present,
                    &c.bots.responded,
                    &c.bots.bot_first,
                    &c.bots.bot_tickets,
                    &c.bots.contained,
                    &c.bots.bot_csat_n,
                    &c.bots.bot_csat_top,
                    &c.bots.rest_csat_n,
                    &c.bots.rest_csat_top};
}
constexpr size_t kCounts = 25;
template <class C>
auto samples_of(C& c) {
  return std::array{&c.calls.waits,         &c.calls.handles,      &c.frt.business,
                    &c.frt.calendar,        &c.frt_human.business, &c.frt_human.calendar,
                    &c.resolution.business, &c.resolution.calendar};
}

using Buckets = std::vector<std::pair<int32_t, int64_t>>;

// A cell taken apart: what a stored day holds per key, decoded into reused buffers.
struct CellParts {
  std::array<long long, kCounts> counts{};
  std::array<Sample::Moments, kSamples> moments{};
  std::array<Buckets, kSamples> buckets;
  SurveyTally surveys;
  Volumes volumes;
  TopicTally topics;
  Occupancy occupancy;
  MixTally mix;
  Staffing staffing;
  Work work;
  Waiting waiting;        // of a running sums' row
  CustomerDay customers;  // of the overall running sums' row

  void assign(const Cell& c) {
    surveys = c.surveys;
    volumes = c.volumes;
    topics = c.topics;
    occupancy = c.occupancy;
    mix = c.mix;
    staffing = c.staffing;
    work = c.work;
    const auto cs = counts_of(c);
    for (size_t i = 0; i < kCounts; ++i) counts[i] = *cs[i];
    const auto ss = samples_of(c);
    for (size_t i = 0; i < kSamples; ++i) {
      moments[i] = ss[i]->moments();
      buckets[i] = ss[i]->sketch().buckets();
    }
  }
};

// Bucket counts summed densely over a window's days, from the lowest to the highest
// index seen.
class DenseSketch {
 public:
  // b is sorted by index (zeros first), as sketches keep it.
  void add(const Buckets& b) {
    size_t k = 0;
    if (!b.empty() && b[0].first == Sketch::kZeroBucket) zeros_ += b[k++].second;
    if (k == b.size()) return;
    // Indexes are 0..10,000 (read_cell checks stored ones): no overflow below.
    const int64_t lo = b[k].first, hi = b.back().first;
    if (c_.empty()) {
      lo_ = int32_t(lo);
      c_.assign(size_t(hi - lo + 1), 0);
    }
    if (lo < lo_) {  // room below for more: later days' lows come in small steps
      const int64_t grow = std::max<int64_t>(lo_ - lo, int64_t(c_.size() / 2));
      c_.insert(c_.begin(), size_t(grow), 0);
      lo_ = int32_t(lo_ - grow);
    }
    if (size_t(hi - lo_) >= c_.size()) c_.resize(std::max(size_t(hi - lo_) + 1, c_.size() * 3 / 2));
    for (; k < b.size(); ++k) c_[size_t(b[k].first - lo_)] += b[k].second;
  }
  Sketch finish() const {
    Buckets b;
    b.reserve(size_t(std::count_if(c_.begin(), c_.end(), [](int64_t c) { return c > 0; })) + 1);
    if (zeros_ > 0) b.push_back({Sketch::kZeroBucket, zeros_});
    for (size_t k = 0; k < c_.size(); ++k)
      if (c_[k] > 0) b.push_back({int32_t(int64_t(lo_) + int64_t(k)), c_[k]});
    return Sketch::from_buckets(std::move(b));
  }

 private:
  int32_t lo_ = 0;
  int64_t zeros_ = 0;
  std::vector<int64_t> c_;
};

// A key's cell in one window, merged from its days.
struct Acc {
  CellParts sums;  // counts and moments; buckets unused
  std::array<DenseSketch, kSamples> sketches;

  void add(const CellParts& p) {
    for (size_t i = 0; i < kCounts; ++i) sums.counts[i] += p.counts[i];
    for (size_t i = 0; i < kSamples; ++i) {
      auto& m = sums.moments[i];
      m.n += p.moments[i].n;
      m.sum += p.moments[i].sum;
      m.sumsq += p.moments[i].sumsq;
      sketches[i].add(p.buckets[i]);
    }
    sums.surveys.merge(p.surveys);
    sums.volumes.merge(p.volumes);
    sums.topics.merge(p.topics);
    sums.occupancy.merge(p.occupancy);
    sums.mix.merge(p.mix);
    sums.staffing.waited_s += p.staffing.waited_s;  // intervals: DayMerger, per window
    sums.work.days.merge(p.work.days);
  }
  // A window from day `from` on holds the earlier work days at or after it.
  void add_earlier(const CellParts& p, Day from) {
    for (const auto& [day, e] : p.work.earlier)
      if (day >= from) {
        sums.work.days.n -= e.repeats;
        sums.work.days.sumsq += 2 * e.products;
      }
  }
  Cell cell() const {
    Cell c;
    c.surveys = sums.surveys;
    c.volumes = sums.volumes;
    c.topics = sums.topics;
    c.occupancy = sums.occupancy;
    c.mix = sums.mix;
    c.staffing = sums.staffing;
    c.work.days = sums.work.days;
    const auto cs = counts_of(c);
    for (size_t i = 0; i < kCounts; ++i) *cs[i] = sums.counts[i];
    const auto ss = samples_of(c);
    for (size_t i = 0; i < kSamples; ++i)
      *ss[i] = Sample::from_parts(sums.moments[i], sketches[i].finish());
    return c;
  }
};

constexpr std::array<const char*, 6> kSurveyKpis = {"csat", "nps", "ces", "iqs", "esat", "cli"};

constexpr std::array<const char*, 6> kCustomerKpis = {
    "engagement", "churn_rate", "retention_rate", "referral_rate", "clv", "cac"};

template <size_t N>
bool wants_any(const Emitter& e, const std::array<const char*, N>& kpis) {
  return std::any_of(kpis.begin(), kpis.end(), [&](auto k) { return e.wants(k); });
}

using TopicCounts = std::map<std::string, std::map<std::string, long long>, std::less<>>;
using IntervalCounts = std::map<std::string, std::map<long long, long long>, std::less<>>;

// What a window's rows read besides its keys' merged cells.
struct Extras {
  const TopicCounts& before;        // topics of the window before, per key
  const IntervalCounts& intervals;  // calls offered per interval of the window, per key
  const CustomerBase& customers;    // over the window (overall only)
  bool any_calls, any_tickets, any_sessions, any_customers;  // record totals above 0
};

// The rows of one window and grouping from its keys' merged cells (and topic counts of
// the window before), in the record engine's order and with its rules for which keys
// are reported.
void emit_window(const Window& w, GroupBy by, const std::map<std::string, Cell>& merged,
                 const Extras& x, const Options& o, const std::set<std::string>& wanted,
                 std::vector<Row>& rows) {
  auto keyed = [&](auto&& emit) {
    for (const auto& [key, c] : merged)
      if (by == GroupBy::overall || c.present > 0) emit(key, c);
  };
  // In the record engine's order of families (engine.cpp).
  Emitter e(w, by, o, wanted, rows);
  if (wants_any(e, kSurveyKpis))
    keyed([&](const std::string& key, const Cell& c) { emit_surveys(e, key, c.surveys); });
  if (by == GroupBy::overall) {  // company-wide figures
    const Cell& all = merged.at("");
    if (wants_any(e, kCustomerKpis)) {
      long long interactions = 0;  // tickets created + calls offered + survey responses
      for (const auto& [_, n] : all.volumes.by_channel) interactions += n;
      for (const auto& points : all.surveys.kinds)
        for (const auto& [_, n] : points) interactions += n;
      emit_customer_base(e, o, w, x.customers, x.any_customers, interactions);
    }
    emit_conversion(e, o, w);
    emit_cost_per_resolution(e, o, w, all.outcomes.resolved, all.calls.answered);
  }
  if (e.wants("request_volume") || e.wants("volume_by_channel")) {
    std::set<std::string> channels;
    for (const auto& [_, c] : merged)
      for (const auto& [ch, n] : c.volumes.by_channel) channels.insert(ch);
    keyed([&](const std::string& key, const Cell& c) {
      emit_volumes(e, key, c.volumes, channels, x.any_calls || x.any_tickets);
    });
  }
  // A key with a ticket waiting at the window's end is reported, as with bot answers.
  if (e.wants("open_cases") || e.wants("backlog"))
    for (const auto& [key, c] : merged)
      if (by == GroupBy::overall || c.present > 0 || c.waiting.unresolved > 0)
        emit_waiting(e, key, c.waiting, o, x.any_tickets);
  for (const auto& [key, c] : merged)
    if (by == GroupBy::overall || c.present > 0 || c.assigned > 0)
      emit_resolution_rate(e, key, c.outcomes.resolved, c.assigned);
  for (const auto& [key, c] : merged)
    if (by == GroupBy::overall || c.present > 0 || c.frt_human.business.n() > 0)
      emit_frt(e, key, c.frt, c.frt_human);
  keyed([&](const std::string& key, const Cell& c) { emit_resolution(e, key, c.resolution); });
  if (e.wants("ticket_handle_time"))
    keyed([&](const std::string& key, const Cell& c) { emit_handle_time(e, key, c.work.days); });
  keyed([&](const std::string& key, const Cell& c) { emit_outcomes(e, key, c.outcomes, o); });
  if (e.wants("top_topics")) {
    static const std::map<std::string, long long> none;
    keyed([&](const std::string& key, const Cell& c) {
      auto it = x.before.find(key);
      emit_top_topics(e, key, c.topics.created, it == x.before.end() ? none : it->second,
                      o.top_topics);
    });
  }
  if (e.wants("resolution_consistency"))
    keyed([&](const std::string& key, const Cell& c) {
      emit_consistency(e, key, c.topics.resolved);
    });
  keyed(
      [&](const std::string& key, const Cell& c) { emit_calls(e, key, c.calls, o, x.any_calls); });
  if (e.wants("occupancy") &&
      (by == GroupBy::overall || by == GroupBy::agent || by == GroupBy::team))
    keyed([&](const std::string& key, const Cell& c) {
      emit_occupancy(e, key, c.occupancy, x.any_sessions);
    });
  if (wants_any(e, std::array{"bot_share", "bot_containment_rate", "bot_csat"}))
    for (const auto& [key, c] : merged)
      if (by == GroupBy::overall || c.present > 0 || c.bots.bot_tickets > 0)
        emit_bots(e, key, c.bots);
  if (e.wants("agents_required") && (by == GroupBy::overall || by == GroupBy::queue))
    keyed([&](const std::string& key, const Cell& c) {
      StaffingLoad l;
      if (auto it = x.intervals.find(key); it != x.intervals.end()) l.per_interval = it->second;
      l.offered = c.calls.offered;
      l.abandoned = c.calls.abandoned;
      l.answered = c.calls.answered;
      l.handle_s = c.calls.handles.moments().sum;
      l.waited_s = c.staffing.waited_s;
      emit_agents_required(e, key, l, o);
    });
  if (by == GroupBy::agent) {  // after every family, as in engine.cpp
    std::vector<std::pair<std::string, MixAgent>> agents;
    keyed([&](const std::string& key, const Cell& c) {
      MixAgent& a = agents.emplace_back(key, MixAgent{&c.mix, {}}).second;
      const std::array ss{&c.frt.business, &c.frt.calendar, &c.resolution.business,
                          &c.resolution.calendar, &c.calls.handles};
      for (size_t m = 0; m < kMeasures; ++m)
        if (!ss[m]->empty()) a.samples[m] = ss[m];
    });
    emit_mix_adjusted(e, agents, o.min_sample);
  }
}

}  // namespace

struct DayMerger::Impl {
  struct WindowState {
    Day from = 0, to = 0;
    Day before_from = 0, before_to = 0;  // the window before (top_topics)
    bool done = false;
    std::array<std::map<std::string, Acc, std::less<>>, Partials::kGroupings> keys;
    std::array<TopicCounts, Partials::kGroupings> before;
    Time start{};  // of the window (agents_required's intervals count from it)
    std::array<IntervalCounts, Partials::kGroupings> intervals;
    // The customer base: its sums before the window's first day, and its churns.
    std::optional<CustomerDay> customers_before;
    long long churned = 0;
    // Of the emitting thread (emit()): its rows, and whether they are ready.
    std::vector<Row> rows;
    bool emitted = false;
  };
  const Options& options;
  Request req;
  std::set<std::string> wanted;
  bool any_calls = false, any_tickets = false, any_sessions = false, any_customers = false;
  bool staffing = false;  // agents_required: intervals per window
  LocalDays local;
  Time day_start{};
  std::array<bool, Partials::kGroupings> grouped{};
  // open_cases and backlog: the sums of every day read so far, per key.
  bool waiting = false;
  std::array<std::map<std::string, Waiting, std::less<>>, Partials::kGroupings> running;
  // The customer base (overall): the sums of every day read so far (their churns are
  // not read: each window counts its own).
  bool customers = false;
  CustomerDay customer_sums;
  std::vector<WindowState> windows;
  std::vector<size_t> open;         // windows containing `day`
  std::vector<size_t> open_before;  // windows whose window before contains `day`
  std::function<void(std::vector<Row>&)> sink;
  std::vector<Row> out;
  std::vector<Row> spare;  // a handed-on window's rows, emptied: the next one fills them
  size_t emitted = 0;      // windows [0, emitted) are handed on
  Day day = 0;
  bool started = false;
  CellParts scratch;

  Impl(const Options& o, const std::string& zone) : options(o), local(zone) {}
  // A running sums' row of the current day.
  void add_history(GroupBy by, std::string_view key, const Waiting& change,
                   const CustomerDay& customers);

  // The customer base over window w, once every day before its end is read.
  CustomerBase customer_base(const WindowState& w) const {
    const CustomerDay& start = w.customers_before ? *w.customers_before : customer_sums;
    const CustomerDay& end = customer_sums;
    CustomerBase b;
    b.start = start.seen.n - start.gone;
    b.end = end.seen.n - end.gone;
    b.acquired = end.seen.n - start.seen.n;
    b.referred = end.referred - start.referred;
    b.churned = w.churned;
    // Active: seen before the end, less those ended before the start (seen before it
    // too), less those seen before the end that ended before their first sighting and
    // before the start.
    CustomerDay::Active active = end.seen;
    active.merge(start.ended, -1);
    for (auto odd = end.odd.begin(); odd != end.odd.end() && odd->first < w.from; ++odd)
      active.merge(odd->second, -1);
    b.active = active.n;
    b.with_revenue = active.with;
    b.revenue = active.revenue;
    return b;
  }

  // A window's merged state, once every day before its end is read: its rows are
  // emitted from it, on the emitting thread when there is one.
  struct Ended {
    size_t index = 0;
    std::array<std::map<std::string, Acc, std::less<>>, Partials::kGroupings> keys;
    std::array<TopicCounts, Partials::kGroupings> before;
    std::array<IntervalCounts, Partials::kGroupings> intervals;
    std::array<std::map<std::string, Waiting, std::less<>>, Partials::kGroupings> waiting;
    CustomerBase customers;
  };

  void flush(WindowState& w, size_t index) {
    Ended e{index,
            std::move(w.keys),
            std::move(w.before),
            std::move(w.intervals),
            {},
            customers ? customer_base(w) : CustomerBase{}};
    if (waiting)
      for (GroupBy by : req.groupings) e.waiting[size_t(by)] = running[size_t(by)];
    w.keys = {};
    w.before = {};
    w.intervals = {};
    w.done = true;
    emitting.submit(std::move(e));
  }

  // Windows are emitted as they end and handed on in the request's order (bucketed
  // windows end in that order): to the sink when there is one, else into `out`.
  void emit(Ended& e) {
    std::vector<Row>& rows = windows[e.index].rows;
    if (rows.capacity() == 0) rows.swap(spare);
    for (GroupBy by : req.groupings) {
      std::map<std::string, Cell> merged;
      for (const auto& [key, acc] : e.keys[size_t(by)]) merged.emplace(key, acc.cell());
      if (by == GroupBy::overall) merged.try_emplace("");
      for (const auto& [key, sum] : e.waiting[size_t(by)]) merged[key].waiting = sum;
      const Extras x{e.before[size_t(by)], e.intervals[size_t(by)],
                     e.customers,          any_calls,
                     any_tickets,          any_sessions,
                     any_customers};
      emit_window(req.windows[e.index], by, merged, x, options, wanted, rows);
    }
    windows[e.index].emitted = true;
    for (; emitted < windows.size() && windows[emitted].emitted; ++emitted) {
      std::vector<Row>& done = windows[emitted].rows;
      if (sink) {
        sink(done);
      } else {
        if (out.empty()) out.reserve(done.size() * windows.size() * 11 / 10);  // like the first
        std::move(done.begin(), done.end(), std::back_inserter(out));
      }
      done.clear();
      if (done.capacity() > spare.capacity()) done.swap(spare);
      done = {};
    }
  }

  // With more than one window, rows are emitted on a second thread while the days of
  // the next windows are read (each takes about half the time); at most two ended
  // windows wait for it, so memory holds few windows' merged state.
  class Emitting {
   public:
    explicit Emitting(Impl& impl) : impl_(impl) {}
    ~Emitting() {
      {
        std::lock_guard lock(m_);
        closing_ = true;
        queue_.clear();
      }
      cv_.notify_all();
      if (thread_.joinable()) thread_.join();
    }
    void submit(Ended e) {
      if (impl_.windows.size() < 2) return impl_.emit(e);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return queue_.size() < 2 || failed_; });
      queue_.push_back(std::move(e));
      cv_.notify_all();
    }
    // Waits for every submitted window; rethrows what the thread threw.
    void finish() {
      if (thread_.joinable()) {
        {
          std::lock_guard lock(m_);
          closing_ = true;
        }
        cv_.notify_all();
        thread_.join();
      }
      if (failed_) std::rethrow_exception(failed_);
    }

   private:
    void run() {
      for (;;) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;
        Ended e = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        cv_.notify_all();
        try {
          if (!failed_) impl_.emit(e);
        } catch (...) {
          std::lock_guard relock(m_);
          failed_ = std::current_exception();
          cv_.notify_all();
        }
      }
    }
    Impl& impl_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Ended> queue_;
    bool closing_ = false;
    std::exception_ptr failed_;
    std::thread thread_;
  };
  Emitting emitting{*this};  // last: stopped before the rest goes

  void to_day(Day d) {
    if (started && d == day) return;
    started = true;
    day = d;
    day_start = local.midnight(d);
    open.clear();
    open_before.clear();
    for (size_t i = 0; i < windows.size(); ++i) {
      WindowState& w = windows[i];
      // The sums so far are those of the days before the window's first: no day from it
      // to d is stored.
      if (customers && !w.done && !w.customers_before && w.from <= d)
        w.customers_before = customer_sums;
      if (!w.done && w.to <= d) flush(w, i);
      if (!w.done && w.from <= d && d < w.to) open.push_back(i);
      if (!w.done && w.before_from <= d && d < w.before_to) open_before.push_back(i);
    }
  }
  // The value of `key` in a map keyed by string, made when missing (no string built
  // when it is there).
  template <class M>
  static typename M::mapped_type& at_key(M& m, std::string_view key) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(std::string(key), typename M::mapped_type{}).first;
    return it->second;
  }
  void add(GroupBy by, std::string_view key, const CellParts& p) {
    if (!grouped[size_t(by)]) return;
    for (size_t i : open) {
      Acc& acc = at_key(windows[i].keys[size_t(by)], key);
      acc.add(p);
      if (!p.work.earlier.empty()) acc.add_earlier(p, windows[i].from);
    }
    if (staffing && !p.staffing.offered.empty())
      for (size_t i : open) {
        // make() checked that every day of the window starts on an interval's edge.
        const long long first = (day_start - windows[i].start).count() / erlang_interval(options);
        auto& counts = at_key(windows[i].intervals[size_t(by)], key);
        for (const auto& [interval, n] : p.staffing.offered) counts[first + interval] += n;
      }
    if (p.topics.created.empty()) return;
    for (size_t i : open_before) {
      auto& counts = at_key(windows[i].before[size_t(by)], key);
      for (const auto& [topic, n] : p.topics.created) counts[topic] += n;
    }
  }
};

void DayMerger::Impl::add_history(GroupBy by, std::string_view key, const Waiting& change,
                                  const CustomerDay& c) {
  if (customers && by == GroupBy::overall) {
    customer_sums.merge(c);
    // A window counts the customers churned on its days that were first seen before it.
    for (size_t i : open)
      for (auto it = c.churns.upper_bound(day - windows[i].from); it != c.churns.end(); ++it)
        windows[i].churned += it->second;
  }
  if (!waiting || !grouped[size_t(by)] || change == Waiting{}) return;
  auto& sums = running[size_t(by)];
  auto it = sums.find(key);
  if (it == sums.end()) it = sums.emplace(std::string(key), Waiting{}).first;
  it->second.merge(change);
  if (it->second == Waiting{}) sums.erase(it);
}

DayMerger::DayMerger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DayMerger::DayMerger(DayMerger&&) noexcept = default;
DayMerger::~DayMerger() = default;

Result<DayMerger> DayMerger::make(const std::string& zone, const Totals& totals, const Options& o,
                                  const Request& req) {
  auto impl = std::make_unique<Impl>(o, zone);
  LocalDays local(zone);
  for (const auto& k : req.kpis)
    if (kpis_with_partials().count(k)) impl->wanted.insert(k);
  if (impl->wanted.empty() && req.kpis.empty()) impl->wanted = kpis_with_partials();
  impl->req = req;
  if (impl->wanted.empty()) impl->req.windows.clear();  // none of the KPIs has partials
  impl->waiting = impl->wanted.count("open_cases") || impl->wanted.count("backlog");
  impl->any_calls = totals.calls > 0;
  impl->any_tickets = totals.tickets > 0;
  impl->any_sessions = totals.sessions > 0;
  impl->any_customers = totals.customers > 0;
  impl->staffing = impl->wanted.count("agents_required") > 0;
  for (GroupBy by : req.groupings) impl->grouped[size_t(by)] = true;
  impl->customers = impl->grouped[size_t(GroupBy::overall)] &&
                    std::any_of(kCustomerKpis.begin(), kCustomerKpis.end(),
                                [&](const char* k) { return impl->wanted.count(k) > 0; });
  for (const Window& w : impl->req.windows) {
    if (!local.at_midnight(w.from) || !local.at_midnight(w.to))
      return make_error("window " + w.label + " does not start and end at midnight in " + zone +
                        "; per-day partials cannot answer it");
    Impl::WindowState state;
    state.from = local.day(w.from);
    state.to = local.day(w.to);
    state.before_from = state.before_to = state.from;  // empty
    state.start = w.from;
    // agents_required counts intervals from the window's start: each day must start on
    // an interval's edge (not so across a DST change of 30 minutes with 60-minute ones).
    if (impl->staffing)
      for (Day d = state.from; d <= state.to; ++d)
        if ((local.midnight(d) - w.from).count() % erlang_interval(o) != 0)
          return make_error("window " + w.label + ": its days do not start on edges of " +
                            std::to_string(erlang_interval(o)) + " s intervals in " + zone +
                            "; per-day partials cannot answer agents_required for it");
    if (impl->wanted.count("top_topics")) {
      const Window before = previous(w, zone);
      if (!local.at_midnight(before.from) || !local.at_midnight(before.to))
        return make_error("window " + before.label + " (before " + w.label +
                          ") does not start and end at midnight in " + zone +
                          "; per-day partials cannot answer top_topics for it");
      state.before_from = local.day(before.from);
      state.before_to = local.day(before.to);
    }
    impl->windows.push_back(std::move(state));
  }
  return DayMerger(std::move(impl));
}

Day DayMerger::first_day() const {
  Day d = std::numeric_limits<Day>::max();
  for (const auto& w : impl_->windows) d = std::min({d, w.from, w.before_from});
  return d;
}

Day DayMerger::end_day() const {
  Day d = std::numeric_limits<Day>::min();
  for (const auto& w : impl_->windows) d = std::max(d, w.to);
  return d;
}

uint32_t DayMerger::groupings() const {
  uint32_t bits = 0;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    if (impl_->grouped[g]) bits |= 1u << g;
  return bits | history_groupings();
}

Day DayMerger::history_day() const {
  return history_groupings() && !impl_->windows.empty() ? std::numeric_limits<Day>::min()
                                                        : first_day();
}

uint32_t DayMerger::history_groupings() const {
  uint32_t bits = 0;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    if (impl_->waiting && impl_->grouped[g]) bits |= 1u << (kWaitingRow + g);
  if (impl_->customers) bits |= 1u << (kWaitingRow + size_t(GroupBy::overall));
  return bits;
}

void DayMerger::stream_to(std::function<void(std::vector<Row>&)> sink) {
  impl_->sink = std::move(sink);
}

std::vector<Row> DayMerger::finish() {
  for (size_t i = 0; i < impl_->windows.size(); ++i)
    if (!impl_->windows[i].done) impl_->flush(impl_->windows[i], i);
  impl_->emitting.finish();
  return std::move(impl_->out);
}

Result<std::vector<Row>> compute_from_partials(const Partials& p, const Options& o,
                                               const Request& req) {
  auto merger = DayMerger::make(p.zone, p.totals, o, req);
  if (!merger) return merger.error();
  // Day by day, as a stored state is read (Store::each_partial_day).
  std::map<Day, std::vector<std::tuple<GroupBy, const std::string*, const Cell*>>> by_day;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [d, c] : days) by_day[d].emplace_back(GroupBy(g), &key, &c);
  CellParts parts;
  for (const auto& [d, cells] : by_day) {
    if (d < merger->history_day() || d >= merger->end_day()) continue;  // as a store reads
    merger->impl_->to_day(d);
    for (const auto& [by, key, c] : cells) {
      merger->impl_->add_history(by, *key, c->waiting, c->customers);
      if (d < merger->first_day()) continue;
      parts.assign(*c);
      merger->impl_->add(by, *key, parts);
    }
  }
  return merger->finish();
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

// ---- storage ---------------------------------------------------------------------------
// A cell's blob: format byte (kPartialsFormat), then per cell: grouping byte, key, the 17 counts,
// and per sample n, sum, sum of squares and its buckets (first index, then gaps, each with a
// count), all as LEB128 varints, zigzag where a value may be negative; then the requests: how
// many channels, and per channel its name and count; then the survey responses: how many points,
// and per point its kind byte, scale low and high and score (raw IEEE doubles) and count; then
// the topics: how many created, each name and count, how many resolved, each name and the
// business and calendar n, sum and sum of squares; then how many agents' loads, each agent
// and its logged-in pieces, nanoseconds, handle seconds and calls; then how many intervals
// with calls offered, each number and count, and the summed waits; then the work's n, sum
// and sum of squares, how many earlier days, each day, repeats and products; then the
// agent's mix tally (write_mix(), empty outside agent cells). Deltas
// keep most buckets to two bytes: a year of 1M tickets is ~30 MB instead of 170.

namespace {

constexpr auto kFormat = uint8_t(kPartialsFormat);

void write_cell(Writer& w, size_t g, std::string_view key, const CellParts& c) {
  w.u8(uint8_t(g));
  w.str(key);
  for (long long v : c.counts) w.svar(v);
  for (size_t i = 0; i < kSamples; ++i) {
    w.svar(c.moments[i].n);
    w.svar(c.moments[i].sum);
    w.svar(c.moments[i].sumsq);
    const Buckets& b = c.buckets[i];
    w.uvar(b.size());
    int64_t prev = 0;
    for (size_t k = 0; k < b.size(); ++k) {
      if (k == 0)
        w.svar(b[k].first);
      else
        w.uvar(uint64_t(int64_t(b[k].first) - prev));
      prev = b[k].first;
      w.svar(b[k].second);
    }
  }
  w.uvar(c.volumes.by_channel.size());
  for (const auto& [channel, n] : c.volumes.by_channel) {
    w.str(channel);
    w.svar(n);
  }
  size_t points = 0;
  for (const auto& xs : c.surveys.kinds) points += xs.size();
  w.uvar(points);
  for (size_t k = 0; k < SurveyTally::kKinds; ++k)
    for (const auto& [p, count] : c.surveys.kinds[k]) {
      w.u8(uint8_t(k));
      w.f64(p.lo);
      w.f64(p.hi);
      w.f64(p.score);
      w.svar(count);
    }
  w.uvar(c.topics.created.size());
  for (const auto& [topic, n] : c.topics.created) {
    w.str(topic);
    w.svar(n);
  }
  w.uvar(c.topics.resolved.size());
  for (const auto& [topic, t] : c.topics.resolved) {
    w.str(topic);
    for (const Sample::Moments* m : {&t.business, &t.calendar}) {
      w.svar(m->n);
      w.svar(m->sum);
      w.svar(m->sumsq);
    }
  }
  w.uvar(c.occupancy.agents.size());
  for (const auto& [agent, l] : c.occupancy.agents) {
    w.str(agent);
    for (long long v : {l.logged_parts, l.logged_ns, l.handle_s, l.calls}) w.svar(v);
  }
  w.uvar(c.staffing.offered.size());
  for (const auto& [interval, n] : c.staffing.offered) {
    w.svar(interval);
    w.svar(n);
  }
  w.svar(c.staffing.waited_s);
  w.svar(c.work.days.n);
  w.svar(c.work.days.sum);
  w.svar(c.work.days.sumsq);
  w.uvar(c.work.earlier.size());
  for (const auto& [day, e] : c.work.earlier) {
    w.svar(day);
    w.svar(e.repeats);
    w.svar(e.products);
  }
  write_mix(w, c.mix);
}

void write_active(Writer& w, const CustomerDay::Active& a) {
  w.svar(a.n);
  w.svar(a.with);
  w.svar(a.revenue);
}

// A running sums' row: its Waiting, and overall the customer base's day.
void write_history(Writer& w, int code, std::string_view key, const Cell& c) {
  w.u8(uint8_t(code));
  w.str(key);
  for (long long v : {c.waiting.unresolved, c.waiting.open, c.waiting.backlog}) w.svar(v);
  if (code != kWaitingRow + int(GroupBy::overall)) return;
  const CustomerDay& x = c.customers;
  write_active(w, x.seen);
  w.svar(x.referred);
  w.svar(x.gone);
  write_active(w, x.ended);
  w.uvar(x.odd.size());
  for (const auto& [day, a] : x.odd) {
    w.svar(day);
    write_active(w, a);
  }
  w.uvar(x.churns.size());
  for (const auto& [lag, n] : x.churns) {
    w.svar(lag);
    w.svar(n);
  }
}

void read_active(Reader& r, CustomerDay::Active& a) {
  a.n = r.svar();
  a.with = r.svar();
  a.revenue = r.svar128();
}

bool read_history(Reader& r, int code, CellParts& c) {
  c.waiting.unresolved = r.svar();
  c.waiting.open = r.svar();
  c.waiting.backlog = r.svar();
  CustomerDay& x = c.customers;
  x = {};
  if (code != kWaitingRow + int(GroupBy::overall)) return r.ok();
  read_active(r, x.seen);
  x.referred = r.svar();
  x.gone = r.svar();
  read_active(r, x.ended);
  const auto odd = r.uvar();
  if (!r.ok() || odd > 1'000'000) return false;
  for (size_t i = 0; i < size_t(odd) && r.ok(); ++i) {
    const Day day = Day(r.svar());
    read_active(r, x.odd[day]);
  }
  const auto churns = r.uvar();
  if (!r.ok() || churns > 1'000'000) return false;
  for (size_t i = 0; i < size_t(churns) && r.ok(); ++i) {
    const auto lag = int32_t(r.svar());
    x.churns[lag] += r.svar();
  }
  return r.ok();
}

// Reads one cell into `c` (its buffers reused); false at a damaged cell.
bool read_cell(Reader& r, CellParts& c) {
  for (long long& v : c.counts) v = r.svar();
  for (size_t i = 0; i < kSamples; ++i) {
    c.moments[i].n = r.svar();
    c.moments[i].sum = r.svar();
    c.moments[i].sumsq = r.svar128();
    const auto nb = r.uvar();
    Buckets& b = c.buckets[i];
    b.clear();
    if (!r.ok() || nb > 1'000'000) return false;
    int64_t idx = 0;
    for (size_t k = 0; k < size_t(nb) && r.ok(); ++k) {
      idx = k == 0 ? r.svar() : idx + int64_t(r.uvar());
      const int64_t count = r.svar();
      // Durations are whole seconds below 2^63: indexes 0..4400, or the zeros' bucket.
      if (idx != Sketch::kZeroBucket && (idx < 0 || idx > 10'000)) return false;
      b.emplace_back(int32_t(idx), count);
    }
  }
  c.volumes.by_channel.clear();
  const auto channels = r.uvar();
  if (!r.ok() || channels > 1'000'000) return false;
  for (size_t i = 0; i < size_t(channels) && r.ok(); ++i) {
    const std::string_view channel = r.str();
    c.volumes.by_channel[std::string(channel)] += r.svar();
  }
  for (auto& xs : c.surveys.kinds) xs.clear();
  const auto points = r.uvar();
  if (!r.ok() || points > 1'000'000) return false;
  for (size_t i = 0; i < size_t(points) && r.ok(); ++i) {
    const uint8_t k = r.u8();
    SurveyTally::Point p;
    p.lo = r.f64();
    p.hi = r.f64();
    p.score = r.f64();
    const int64_t count = r.svar();
    if (k >= SurveyTally::kKinds || p.lo != p.lo || p.hi != p.hi || p.score != p.score)
      return false;  // NaN does not sort
    c.surveys.kinds[k][p] += count;
  }
  c.topics = {};
  const auto created = r.uvar();
  if (!r.ok() || created > 1'000'000) return false;
  for (size_t i = 0; i < size_t(created) && r.ok(); ++i) {
    const std::string_view topic = r.str();
    c.topics.created[std::string(topic)] += r.svar();
  }
  const auto resolved = r.uvar();
  if (!r.ok() || resolved > 1'000'000) return false;
  for (size_t i = 0; i < size_t(resolved) && r.ok(); ++i) {
    auto& t = c.topics.resolved[std::string(r.str())];
    for (Sample::Moments* m : {&t.business, &t.calendar}) {
      m->n = r.svar();
      m->sum = r.svar();
      m->sumsq = r.svar128();
    }
  }
  c.occupancy = {};
  const auto agents = r.uvar();
  if (!r.ok() || agents > 1'000'000) return false;
  for (size_t i = 0; i < size_t(agents) && r.ok(); ++i) {
    AgentLoad& l = c.occupancy.agents[std::string(r.str())];
    for (long long* v : {&l.logged_parts, &l.logged_ns, &l.handle_s, &l.calls}) *v = r.svar();
  }
  c.staffing = {};
  const auto intervals = r.uvar();
  if (!r.ok() || intervals > 1'000'000) return false;
  for (size_t i = 0; i < size_t(intervals) && r.ok(); ++i) {
    const int64_t interval = r.svar();
    c.staffing.offered[interval] += r.svar();
  }
  c.staffing.waited_s = r.svar();
  c.work = {};
  c.work.days.n = r.svar();
  c.work.days.sum = r.svar();
  c.work.days.sumsq = r.svar128();
  const auto earlier = r.uvar();
  if (!r.ok() || earlier > 1'000'000) return false;
  for (size_t i = 0; i < size_t(earlier) && r.ok(); ++i) {
    Work::Earlier& e = c.work.earlier[Day(r.svar())];
    e.repeats = r.svar();
    e.products = r.svar128();
  }
  return read_mix(r, c.mix);
}

// Calls fn(grouping, key, cell) for every main row of a stored day and
// history(grouping, key, waiting, customers) for every running sums' row.
template <class Fn, class HistoryFn>
Result<void> read_day(std::string_view blob, Day d, CellParts& scratch, Fn&& fn,
                      HistoryFn&& history) {
  Reader r(blob);
  if (r.u8() != kFormat)
    return make_error("partials of day " + std::to_string(d) +
                      ": unknown format (stored by another deskpulse?)");
  auto damaged = [&] {
    return make_error("partials of day " + std::to_string(d) + ": truncated or damaged");
  };
  while (!r.done()) {
    const uint8_t code = r.u8();
    const std::string_view key = r.str();
    if (!r.ok()) return damaged();
    if (code < Partials::kGroupings) {
      if (!read_cell(r, scratch)) return damaged();
      fn(GroupBy(code), key, scratch);
    } else if (code >= kWaitingRow && code < kWaitingRow + Partials::kGroupings) {
      if (!read_history(r, code, scratch)) return damaged();
      history(GroupBy(code - kWaitingRow), key, scratch.waiting, scratch.customers);
    } else {
      return damaged();
    }
  }
  return {};
}

}  // namespace

std::string encode_row(int code, const std::string& key, const Cell& c) {
  Writer w;
  w.u8(kFormat);
  if (code >= kWaitingRow) {
    if (c.waiting == Waiting{} &&
        (code != kWaitingRow + int(GroupBy::overall) || c.customers == CustomerDay{}))
      return "";
    write_history(w, code, key, c);
    return w.out;
  }
  Cell rest = c;
  rest.waiting = {};
  rest.customers = {};
  if (rest == Cell{}) return "";
  CellParts parts;
  parts.assign(c);
  write_cell(w, size_t(code), key, parts);
  return w.out;
}

Result<void> decode_day(std::string_view blob, Day d, Partials& into) {
  CellParts scratch;
  auto main = [&](GroupBy by, std::string_view key, const CellParts& p) {
    Cell c;
    const auto cs = counts_of(c);
    for (size_t i = 0; i < kCounts; ++i) *cs[i] = p.counts[i];
    const auto ss = samples_of(c);
    for (size_t i = 0; i < kSamples; ++i)
      *ss[i] = Sample::from_parts(p.moments[i], Sketch::from_buckets(p.buckets[i]));
    c.surveys = p.surveys;
    c.volumes = p.volumes;
    c.topics = p.topics;
    c.occupancy = p.occupancy;
    c.mix = p.mix;
    c.staffing = p.staffing;
    c.work = p.work;
    Cell& cell = into.cells[size_t(by)][std::string(key)][d];
    c.waiting = cell.waiting;  // from their own row
    c.customers = std::move(cell.customers);
    cell = std::move(c);
  };
  return read_day(blob, d, scratch, main,
                  [&](GroupBy by, std::string_view key, const Waiting& w, const CustomerDay& x) {
                    Cell& cell = into.cells[size_t(by)][std::string(key)][d];
                    cell.waiting = w;
                    cell.customers = x;
                  });
}

Result<void> DayMerger::add_day(Day d, std::string_view blob) {
  impl_->to_day(d);
  const bool history = d < first_day();  // only the running sums
  return read_day(
      blob, d, impl_->scratch,
      [&](GroupBy by, std::string_view key, const CellParts& p) {
        if (!history) impl_->add(by, key, p);
      },
      [&](GroupBy by, std::string_view key, const Waiting& w, const CustomerDay& x) {
        impl_->add_history(by, key, w, x);
      });
}

}  // namespace dp::kpi
