#include "kpi/partials.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>

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

 private:
  const date::time_zone* tz_ = nullptr;
  date::sys_seconds begin_{}, end_{};
  long long offset_ = 0;
};

}  // namespace

const std::set<std::string>& additive_kpis() {
  static const std::set<std::string> ids = {"frt",
                                            "resolution_time",
                                            "fcr",
                                            "reopen_rate",
                                            "sla_compliance",
                                            "calls_offered",
                                            "asa",
                                            "service_level",
                                            "abandonment_rate",
                                            "blocked_calls",
                                            "aht"};
  return ids;
}

void Cell::merge(const Cell& o, int sign) {
  calls.merge(o.calls, sign);
  frt.merge(o.frt, sign);
  frt_human.merge(o.frt_human, sign);
  resolution.merge(o.resolution, sign);
  outcomes.merge(o.outcomes, sign);
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
  calls_total += sign * o.calls_total;
}

std::set<Day> Partials::days() const {
  std::set<Day> out;
  for (const auto& g : cells)
    for (const auto& [_, days] : g)
      for (const auto& [d, __] : days) out.insert(d);
  return out;
}

Partials build_partials(const Input& in) {
  Partials p;
  p.zone = in.ctx.options.report_zone;
  p.calls_total = (long long)in.data.calls.size();
  LocalDays local(p.zone);
  const Options& o = in.ctx.options;
  for (GroupBy by :
       {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue, GroupBy::channel}) {
    const Slice keys(in, Window{}, by);  // the key functions only
    auto cell = [&](const std::string& key, Time t) -> Cell& {
      return p.at(by, key, local.day(t));
    };
    for (size_t i = 0; i < in.data.tickets.size(); ++i) {
      const TicketFacts& f = in.facts[i];
      if (f.excluded) continue;
      const std::string key = keys.ticket_key(i);
      cell(key, in.data.tickets[i].created_at).present++;
      if (f.first_response) {
        Cell& c = cell(key, *f.first_response);
        c.present++;
        if (f.frt_business && f.frt_calendar) c.frt.add(*f.frt_business, *f.frt_calendar);
      }
      if (f.first_human_response && f.frt_human_business && f.frt_human_calendar)
        cell(key, *f.first_human_response)
            .frt_human.add(*f.frt_human_business, *f.frt_human_calendar);
      if (f.resolved_at) {
        Cell& c = cell(key, *f.resolved_at);
        c.present++;
        if (f.resolution_business && f.resolution_calendar)
          c.resolution.add(*f.resolution_business, *f.resolution_calendar);
        c.outcomes.add(f, o.targets);
      }
    }
    for (const Call& c : in.data.calls) {
      if (c.direction != Direction::inbound) continue;
      Cell& x = cell(keys.call_key(c), c.offered_at);
      x.present++;
      x.calls.add(c, o);
    }
    for (const Survey& s : in.data.surveys) cell(keys.survey_key(s), s.at).present++;
    for (size_t i = 0; i < in.data.events.size(); ++i)
      if (in.event_ticket[i] >= 0)
        cell(keys.work_key(in.data.events[i], size_t(in.event_ticket[i])), in.data.events[i].at)
            .present++;
    if (by == GroupBy::agent || by == GroupBy::team)
      for (const AgentSession& a : in.data.sessions) {
        // The days [start, end) overlaps; a zero-length session only inside a day.
        if (a.end <= a.start && local.at_midnight(a.start)) continue;
        const Day last = a.end > a.start ? local.day(a.end - Seconds(1)) : local.day(a.start);
        const std::string key = keys.person_key(a.agent);
        for (Day d = local.day(a.start); d <= last; ++d) p.at(by, key, d).present++;
      }
  }
  return p;
}

Result<std::vector<Row>> compute_from_partials(const Partials& p, const Options& o,
                                               const Request& req) {
  LocalDays local(p.zone);
  std::set<std::string> wanted;
  for (const auto& k : req.kpis)
    if (additive_kpis().count(k)) wanted.insert(k);
  if (!req.kpis.empty() && wanted.empty()) return std::vector<Row>{};
  if (wanted.empty()) wanted = additive_kpis();
  const bool any_calls = p.calls_total > 0;
  std::vector<Row> rows;
  size_t keys = 0;  // ~40 rows per key and window at most
  for (GroupBy by : req.groupings) keys += p.cells[size_t(by)].size() + 1;
  rows.reserve(std::min<size_t>(keys * req.windows.size() * 40, 50'000'000));
  for (const Window& w : req.windows) {
    if (!local.at_midnight(w.from) || !local.at_midnight(w.to))
      return make_error("window " + w.label + " does not start and end at midnight in " + p.zone +
                        "; per-day partials cannot answer it");
    const Day from = local.day(w.from), to = local.day(w.to);
    for (GroupBy by : req.groupings) {
      // The window's cells per key, merged from its days.
      std::map<std::string, Cell> merged;
      for (const auto& [key, days] : p.cells[size_t(by)])
        for (auto it = days.lower_bound(from); it != days.end() && it->first < to; ++it)
          merged[key].merge(it->second);
      if (by == GroupBy::overall) merged.try_emplace("");
      auto keyed = [&](auto&& emit) {
        for (const auto& [key, c] : merged)
          if (by == GroupBy::overall || c.present > 0) emit(key, c);
      };
      Emitter e(w, by, o, wanted, rows);
      for (const auto& [key, c] : merged)
        if (by == GroupBy::overall || c.present > 0 || c.frt_human.business.n() > 0)
          emit_frt(e, key, c.frt, c.frt_human);
      keyed([&](const std::string& key, const Cell& c) { emit_resolution(e, key, c.resolution); });
      keyed([&](const std::string& key, const Cell& c) { emit_outcomes(e, key, c.outcomes, o); });
      keyed([&](const std::string& key, const Cell& c) {
        emit_calls(e, key, c.calls, o, any_calls);
      });
    }
  }
  return rows;
}

std::string context_fingerprint(const Context& ctx) {
  const Options& o = ctx.options;
  std::string s = o.report_zone + '|' + std::to_string(o.sl_threshold.count()) + '|' +
                  std::to_string(o.short_abandon.count()) + '|' + std::to_string(o.fcr_days) + '|' +
                  std::to_string(o.link_window.count()) + '|' + std::to_string(int(o.ownership)) +
                  '|' + o.default_calendar + '|' +
                  std::to_string(o.targets.frt.value_or(Seconds(-1)).count()) + '|' +
                  std::to_string(o.targets.resolution.value_or(Seconds(-1)).count());
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
// A day's blob: for each grouping with cells that day, its keys and cells, as
// little-endian integers. Versioned by its first byte.

namespace {

constexpr uint8_t kFormat = 1;

class Writer {
 public:
  void u8(uint8_t v) { out.push_back(char(v)); }
  void i64(int64_t v) { raw(&v, sizeof v); }
  void i32(int32_t v) { raw(&v, sizeof v); }
  void str(const std::string& s) {
    i64(int64_t(s.size()));
    out += s;
  }
  void sample(const Sample& s) {
    const auto m = s.moments();
    i64(m.n);
    i64(m.sum);
    raw(&m.sumsq, sizeof m.sumsq);
    i64(int64_t(s.sketch().buckets().size()));
    for (const auto& [i, c] : s.sketch().buckets()) {
      i32(i);
      i64(c);
    }
  }
  std::string out;

 private:
  void raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint8_t u8() {
    uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  int64_t i64() {
    int64_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  int32_t i32() {
    int32_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::string str() {
    const int64_t n = i64();
    if (n < 0 || size_t(n) > in_.size() - pos_) return fail(), std::string();
    std::string s(in_.substr(pos_, size_t(n)));
    pos_ += size_t(n);
    return s;
  }
  Sample sample() {
    Sample::Moments m;
    m.n = i64();
    m.sum = i64();
    raw(&m.sumsq, sizeof m.sumsq);
    const int64_t nb = i64();
    if (nb < 0 || size_t(nb) > (in_.size() - pos_) / 12)
      return fail(), Sample(Sample::Mode::sketch);
    std::vector<std::pair<int32_t, int64_t>> b(static_cast<size_t>(nb));
    for (auto& [i, c] : b) {
      i = i32();
      c = i64();
    }
    return Sample::from_parts(m, Sketch::from_buckets(std::move(b)));
  }

 private:
  void fail() { ok_ = false; }
  void raw(void* p, size_t n) {
    if (n > in_.size() - pos_) {
      fail();
      std::memset(p, 0, n);
      return;
    }
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

template <class IO, class C>
void counts(IO&& io, C& c) {
  for (auto* v :
       {&c.calls.offered, &c.calls.answered, &c.calls.in_sl, &c.calls.abandoned,
        &c.calls.short_abandoned, &c.calls.blocked, &c.outcomes.resolved, &c.outcomes.fcr,
        &c.outcomes.one_touch, &c.outcomes.no_reopen, &c.outcomes.reopened, &c.outcomes.sla_n,
        &c.outcomes.sla_met, &c.outcomes.frt_met, &c.outcomes.res_met, &c.present})
    io(*v);
}

}  // namespace

std::string encode_day(const Partials& p, Day d) {
  Writer w;
  w.u8(kFormat);
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g]) {
      auto it = days.find(d);
      if (it == days.end()) continue;
      const Cell& c = it->second;
      w.u8(uint8_t(g));
      w.str(key);
      counts([&](long long v) { w.i64(v); }, c);
      for (const Sample* s : {&c.calls.waits, &c.calls.handles, &c.frt.business, &c.frt.calendar,
                              &c.frt_human.business, &c.frt_human.calendar, &c.resolution.business,
                              &c.resolution.calendar})
        w.sample(*s);
    }
  return w.out;
}

Result<void> decode_day(std::string_view blob, Day d, Partials& into) {
  Reader r(blob);
  if (r.u8() != kFormat)
    return make_error("partials of day " + std::to_string(d) +
                      ": unknown format (stored by another deskpulse?)");
  while (r.ok() && !r.done()) {
    const uint8_t g = r.u8();
    std::string key = r.str();
    if (g >= Partials::kGroupings) break;
    Cell c;
    counts([&](long long& v) { v = r.i64(); }, c);
    for (Sample* s :
         {&c.calls.waits, &c.calls.handles, &c.frt.business, &c.frt.calendar, &c.frt_human.business,
          &c.frt_human.calendar, &c.resolution.business, &c.resolution.calendar})
      *s = r.sample();
    if (!r.ok()) break;
    into.cells[g][std::move(key)][d] = std::move(c);
  }
  if (!r.ok() || !r.done())
    return make_error("partials of day " + std::to_string(d) + ": truncated or damaged");
  return {};
}

}  // namespace dp::kpi
