// Storage of the partials (kpi/partials.h): encode_row() and decode_day(), and the cell
// format both the store and DayMerger::add_day() read (kpi/cell_parts.h).
#include <string>

#include "kpi/cell_parts.h"
#include "kpi/partials.h"

namespace dp::kpi {

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

namespace detail {

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

namespace {

void write_active(Writer& w, const CustomerDay::Active& a) {
  w.svar(a.n);
  w.svar(a.with);
  w.svar(a.revenue);
}

}  // namespace

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

namespace {

void read_active(Reader& r, CustomerDay::Active& a) {
  a.n = r.svar();
  a.with = r.svar();
  a.revenue = r.svar128();
}

}  // namespace

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

}  // namespace detail

using namespace detail;

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

}  // namespace dp::kpi
