// Mix-adjusted agent figures (docs/kpis.md, "Mix-adjusted agent figures"; the interval:
// docs/statistics.md, "Mix-adjusted figures").
#include "kpi/mix_adjusted.h"

#include <cmath>

#include "kpi/call_class.h"
#include "kpi/cell_parts.h"
#include "kpi/codec.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

constexpr double kUnits = 1e6;  // log_units per unit of the natural logarithm

// A measure's KPI, statistic, basis and definition.
struct MeasureText {
  const char* kpi;
  const char* stat;
  std::optional<std::string> basis;
  const char* definition;
  const char* none;  // the raw row's reason when there is no item
};

MeasureText text_of(Measure m) {
  static const char* frt =
      "team's median first response x the agent's time relative to the team's in the same "
      "topic and channel (geometric mean): the agent's median on the team's mix";
  static const char* res =
      "team's median resolution x the agent's time relative to the team's in the same topic "
      "and channel (geometric mean): the agent's median on the team's mix";
  static const char* aht =
      "team's mean handle time x the agent's handle time relative to the team's in the same "
      "queue (geometric mean): the agent's mean on the team's mix";
  switch (m) {
    case Measure::frt_business:
      return {"frt", "median", "business", frt, "no first response in the window"};
    case Measure::frt_calendar:
      return {"frt", "median", "calendar", frt, "no first response in the window"};
    case Measure::resolution_business:
      return {"resolution_time", "median", "business", res, "no ticket resolved in the window"};
    case Measure::resolution_calendar:
      return {"resolution_time", "median", "calendar", res, "no ticket resolved in the window"};
    case Measure::aht:
      return {"aht", "mean", std::nullopt, aht, "no calls answered in the window"};
  }
  return {"", "", std::nullopt, "", ""};
}

bool empty(const std::array<Sample::Moments, kMeasures>& ms) {
  for (const auto& m : ms)
    if (m != Sample::Moments{}) return false;
  return true;
}

// The team's log-scale totals of one measure at each level of the pooling hierarchy.
struct Pools {
  struct Sum {
    long long n = 0;
    long double s = 0;  // sum of log_units
    void add(const Sample::Moments& m) {
      n += m.n;
      s += (long double)m.sum;
    }
  };
  std::map<MixTally::CellKey, Sum> cell;
  std::map<std::string, Sum> topic, channel;
  Sum all;

  Pools(const MixTally& team, Measure m) {
    for (const auto& [key, ms] : team.cells) {
      const Sample::Moments& x = ms[size_t(m)];
      if (x.n == 0) continue;
      cell[key].add(x);
      topic[key.first].add(x);
      channel[key.second].add(x);
      all.add(x);
    }
  }
  // The team's mean log_units for a cell: the cell itself when it holds min_sample
  // items, else its topic (or queue), else its channel, else the whole team.
  long double expected(const MixTally::CellKey& key, int min_sample, bool& pooled) const {
    for (const Sum* s : {find(cell, key), find(topic, key.first), find(channel, key.second)}) {
      if (s && s->n >= min_sample) return s->s / (long double)s->n;
      pooled = true;
    }
    return all.s / (long double)all.n;
  }

 private:
  template <class M, class K>
  static const Sum* find(const M& m, const K& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
  }
};

struct Team {
  MixTally tally;
  std::array<Sample, kMeasures> samples;
};

}  // namespace

int64_t log_units(Seconds s) {
  const double x = double(std::max<Seconds::rep>(s.count(), 0));
  return std::llround(kUnits * std::log1p(x));
}

void MixTally::add(Measure m, const CellKey& cell, Seconds v) {
  cells[cell][size_t(m)].add(log_units(v));
}

void MixTally::merge(const MixTally& o, int sign) {
  if (team.empty()) team = o.team;
  for (const auto& [key, ms] : o.cells) {
    auto& mine = cells[key];
    for (size_t i = 0; i < kMeasures; ++i) mine[i].merge(ms[i], sign);
    if (empty(mine)) cells.erase(key);
  }
  if (cells.empty()) team.clear();
}

// docs/kpis.md, "Mix-adjusted agent figures": the mean of the log ratios of the agent's
// items to the team's geometric mean in their (pooled) cells, and its t interval.
std::optional<MixIndex> mix_index(const MixTally& agent, const MixTally& team, Measure m,
                                  int min_sample) {
  const Pools pools(team, m);
  MixIndex x;
  long double sum = 0, sumsq = 0;  // of the log ratios, in log_units
  for (const auto& [key, ms] : agent.cells) {
    const Sample::Moments& a = ms[size_t(m)];
    if (a.n == 0) continue;
    const long double mu = pools.expected(key, min_sample, x.pooled);
    const auto n = (long double)a.n, s1 = (long double)a.sum, s2 = (long double)a.sumsq;
    x.n += a.n;
    sum += s1 - n * mu;
    sumsq += s2 - 2 * mu * s1 + n * mu * mu;
  }
  if (x.n == 0) return std::nullopt;
  const auto n = (long double)x.n;
  const double mean = double(sum / n / kUnits);
  x.index = std::exp(mean);
  if (x.n >= 2) {
    const long double var = std::max<long double>(0, (sumsq - sum * sum / n) / (n - 1));
    const double h = t975(x.n) * double(std::sqrt(var / n) / kUnits);
    x.ci = Interval{std::exp(mean - h), std::exp(mean + h)};
  }
  return x;
}

void each_mix_item(const Input& in, const std::vector<size_t>& responded,
                   const std::vector<size_t>& resolved, const std::vector<size_t>& calls,
                   const std::function<void(const MixItem&)>& fn) {
  const Slice agents(in, Window{}, GroupBy::agent), teams(in, Window{}, GroupBy::team);
  auto ticket = [&](size_t i, Time at, Measure b, Measure c, std::optional<Seconds> vb,
                    std::optional<Seconds> vc) {
    if (in.facts[i].excluded || !vb || !vc) return;
    std::string key = agents.ticket_key(i);
    if (key == kUnassigned) return;
    const Ticket& t = in.data.tickets[i];
    MixItem item{
        std::move(key),
        teams.ticket_key(i),
        at,
        b,
        {in.topics[i].empty() ? "" : in.topics[i].front(), std::string(to_string(t.channel))},
        *vb};
    fn(item);
    item.measure = c;
    item.value = *vc;
    fn(item);
  };
  for (size_t i : responded) {
    const TicketFacts& f = in.facts[i];
    if (f.first_response)
      ticket(i, *f.first_response, Measure::frt_business, Measure::frt_calendar, f.frt_business,
             f.frt_calendar);
  }
  for (size_t i : resolved) {
    const TicketFacts& f = in.facts[i];
    if (f.resolved_at)
      ticket(i, *f.resolved_at, Measure::resolution_business, Measure::resolution_calendar,
             f.resolution_business, f.resolution_calendar);
  }
  for (size_t i : calls) {
    const Call& c = in.data.calls[i];
    // As aht counts (CallTally::add): answered inbound calls that have ended.
    if (!is_answered(c) || c.outcome == CallOutcome::in_progress) continue;
    std::string key = agents.call_key(c);
    if (key == kUnassigned) continue;
    fn({std::move(key),
        teams.call_key(c),
        c.offered_at,
        Measure::aht,
        {c.queue, "phone"},
        handle_time(c)});
  }
}

void write_mix(Writer& w, const MixTally& t) {
  w.str(t.team);
  w.uvar(t.cells.size());
  for (const auto& [key, ms] : t.cells) {
    w.str(key.first);
    w.str(key.second);
    for (const Sample::Moments& m : ms) {
      w.svar(m.n);
      w.svar(m.sum);
      w.svar(m.sumsq);
    }
  }
}

bool read_mix(Reader& r, MixTally& t) {
  t = {};
  t.team = std::string(r.str());
  const auto cells = r.uvar();
  if (!r.ok() || cells > 1'000'000) return false;
  for (size_t i = 0; i < size_t(cells) && r.ok(); ++i) {
    std::string topic(r.str());
    auto& ms = t.cells[{std::move(topic), std::string(r.str())}];
    for (Sample::Moments& m : ms) {
      m.n = r.svar();
      m.sum = r.svar();
      m.sumsq = r.svar128();
    }
  }
  return r.ok();
}

void emit_mix_adjusted(Emitter& e, const std::vector<std::pair<std::string, MixAgent>>& agents,
                       int min_sample) {
  const bool frt = e.wants("frt"), res = e.wants("resolution_time"), aht = e.wants("aht");
  if (!frt && !res && !aht) return;
  // The team's tally and samples: the sums of its agents'.
  std::map<std::string, Team> teams;
  for (const auto& [_, a] : agents) {
    if (!a.mix || a.mix->team.empty()) continue;
    Team& t = teams[a.mix->team];
    t.tally.merge(*a.mix);
    for (size_t m = 0; m < kMeasures; ++m) {
      if (!a.samples[m]) continue;
      if (t.samples[m].empty()) t.samples[m] = Sample(a.samples[m]->mode());
      t.samples[m].merge(*a.samples[m]);
    }
  }
  for (const auto& [key, a] : agents)
    for (size_t m = 0; m < kMeasures; ++m) {
      const MeasureText x = text_of(Measure(m));
      if (!e.wants(x.kpi)) continue;
      const Figure f{x.kpi, x.stat, "s", x.definition, "mix_adjusted", x.basis};
      if (key == kUnassigned) {
        e.value(f, key, std::nullopt, 0, std::nullopt, "not an agent: nobody to compare");
        continue;
      }
      const Team* team = nullptr;
      if (a.mix && !a.mix->team.empty()) team = &teams.at(a.mix->team);
      const auto ix = team ? mix_index(*a.mix, team->tally, Measure(m), min_sample) : std::nullopt;
      // The team's figure: its median time, or its mean handle time.
      const Sample* all = team ? &team->samples[m] : nullptr;
      const std::optional<double> base = !all                         ? std::nullopt
                                         : Measure(m) == Measure::aht ? all->mean()
                                                                      : all->quantile(0.5);
      if (!ix || !base) {
        e.value(f, key, std::nullopt, 0, std::nullopt, x.none);
        continue;
      }
      std::optional<Interval> ci;
      if (ix->ci) ci = Interval{*base * ix->ci->first, *base * ix->ci->second};
      std::vector<std::string> flags;
      if (ix->pooled) flags.push_back("pooled");
      e.value(f, key, *base * ix->index, ix->n, ci, x.none, flags);
    }
}

void mix_adjusted_kpis(const Slice& s, Emitter& e) {
  if (s.by != GroupBy::agent) return;
  if (!e.wants("frt") && !e.wants("resolution_time") && !e.wants("aht")) return;
  struct Acc {
    MixTally mix;
    std::array<Sample, kMeasures> samples;
  };
  ByKey<Acc> by;
  each_mix_item(s.in, s.in.responded.in(s.window), s.in.resolved.in(s.window),
                s.in.offered.in(s.window), [&](const MixItem& i) {
                  Acc& a = by[i.key];
                  a.mix.team = i.team;
                  a.mix.add(i.measure, i.cell, i.value);
                  a.samples[size_t(i.measure)].add(double(i.value.count()));
                });
  std::vector<std::pair<std::string, MixAgent>> agents;
  for (const auto& key : keys_of(s, by)) {
    MixAgent a;
    if (auto it = by.find(key); it != by.end()) {
      a.mix = &it->second.mix;
      for (size_t m = 0; m < kMeasures; ++m)
        if (!it->second.samples[m].empty()) a.samples[m] = &it->second.samples[m];
    }
    agents.emplace_back(key, a);
  }
  emit_mix_adjusted(e, agents, s.in.ctx.options.min_sample);
}

// Partials (agent cells): every contributing ticket's and call's item.
void mix_build(CellBuild& b) {
  if (b.by != GroupBy::agent) return;
  std::vector<size_t> tickets, calls;
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i)
    if (b.ticket_any(i)) tickets.push_back(i);
  for (size_t i = 0; i < b.in.data.calls.size(); ++i)
    if (b.call(i)) calls.push_back(i);
  each_mix_item(b.in, tickets, tickets, calls, [&](const MixItem& x) {
    MixTally& t = b.cell(x.key, x.at).mix;
    t.team = x.team;
    t.add(x.measure, x.cell, x.value);
  });
}

void mix_emit(const WindowCells& w, Emitter& e) {
  if (w.by != GroupBy::agent) return;  // after every family, as in engine.cpp
  std::vector<std::pair<std::string, MixAgent>> agents;
  w.each([&](const std::string& key, const Cell& c) {
    MixAgent& a = agents.emplace_back(key, MixAgent{&c.mix, {}}).second;
    const std::array ss{&c.frt.business, &c.frt.calendar, &c.resolution.business,
                        &c.resolution.calendar, &c.calls.handles};
    for (size_t m = 0; m < kMeasures; ++m)
      if (!ss[m]->empty()) a.samples[m] = ss[m];
  });
  emit_mix_adjusted(e, agents, w.options.min_sample);
}

void mix_write(Writer& w, const detail::CellParts& c) {
  write_mix(w, c.mix);
}

bool mix_read(Reader& r, detail::CellParts& c) {
  return read_mix(r, c.mix);
}

}  // namespace dp::kpi
