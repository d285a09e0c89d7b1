// Storage of the partials (kpi/partials.h): encode_row() and decode_day(), and the cell
// format both the store and DayMerger::add_day() read (kpi/cell_parts.h).
#include <string>

#include "kpi/cell_parts.h"
#include "kpi/family.h"
#include "kpi/partials.h"

namespace dp::kpi {

// A cell's blob: format byte (kPartialsFormat), then per cell: grouping byte, key, the
// counts and per sample n, sum, sum of squares and its buckets (first index, then gaps,
// each with a count), all as LEB128 varints, zigzag where a value may be negative; then
// each family's own fields in registry order (Family::write: survey points, requests per
// channel, work, topics, occupancy, calls per interval, the agent's mix tally). Deltas
// keep most buckets to two bytes: a year of 1M tickets is ~30 MB instead of 170. A
// running sums' row (code kWaitingRow + grouping) holds the Waiting and, overall, the
// customer base's day.

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
  for (const Family& f : families())
    if (f.write) f.write(w, c);
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
  for (const Family& f : families())
    if (f.read && !f.read(r, c)) return false;
  return r.ok();
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
