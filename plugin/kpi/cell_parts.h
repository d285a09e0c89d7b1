// The partials' cells as stored and merged (private to kpi/partials*.cpp and
// kpi/day_merger.cpp): a cell taken apart into its counts, samples (moments and sketch
// buckets) and the families' other tallies; a window's accumulator of such cells; and
// the reader of a stored day's rows (kpi/partials_codec.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "kpi/codec.h"
#include "kpi/partials.h"

namespace dp::kpi::detail {

// A cell's integers and samples in one fixed order (storage and merging), as the
// families' tallies list them.
template <class T, size_t... N>
std::array<T, (N + ...)> joined(const std::array<T, N>&... parts) {
  std::array<T, (N + ...)> out{};
  size_t i = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + i), i += N), ...);
  return out;
}
template <class C>
auto counts_of(C& c) {
  return joined(CallTally::counts(c.calls), Outcomes::counts(c.outcomes),
                std::array{&c.assigned, &c.present}, BotTally::counts(c.bots));
}
template <class C>
auto samples_of(C& c) {
  return joined(CallTally::samples(c.calls), Durations::samples(c.frt),
                Durations::samples(c.frt_human), Durations::samples(c.resolution));
}
inline constexpr size_t kCounts = std::tuple_size_v<decltype(counts_of(std::declval<Cell&>()))>;
inline constexpr size_t kSamples = std::tuple_size_v<decltype(samples_of(std::declval<Cell&>()))>;

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

inline constexpr auto kFormat = uint8_t(kPartialsFormat);

// Whether a stored count of entries can be read on (damaged input claims billions).
inline bool sized(const Reader& r, uint64_t n) {
  return r.ok() && n <= 1'000'000;
}

void write_cell(Writer& w, size_t g, std::string_view key, const CellParts& c);
void write_history(Writer& w, int code, std::string_view key, const Cell& c);
// One cell or running sums' row into `c` (its buffers reused); false when damaged.
bool read_cell(Reader& r, CellParts& c);
bool read_history(Reader& r, int code, CellParts& c);

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

}  // namespace dp::kpi::detail
