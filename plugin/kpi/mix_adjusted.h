// Mix-adjusted agent figures (docs/kpis.md, "Mix-adjusted agent figures"): frt,
// resolution_time and aht per agent, variant `mix_adjusted`, by indirect
// standardisation on the log scale. Each of the agent's items is compared with the
// team's geometric mean in the item's cell (topic x channel for a ticket, queue for a
// call; a team cell under min_sample is pooled up topic -> channel -> team and the row
// flagged `pooled`); the agent's index is the geometric mean of those ratios, and the
// figure is the team's figure (median frt and resolution, mean aht) times the index:
// what the agent's figure would be on the team's mix.
//
// Both engines build the same MixTally per agent (log-scale moments in whole
// millionths, so partials add and subtract them exactly) and call the same emitter.
// Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kpi/emit.h"
#include "kpi/input.h"
#include "kpi/sample.h"

namespace dp::kpi {

// The figures adjusted, each with its own tally.
enum class Measure : uint8_t {
  frt_business,
  frt_calendar,
  resolution_business,
  resolution_calendar,
  aht
};
inline constexpr size_t kMeasures = 5;

// A duration on the log scale in millionths: round(1e6 * ln(1 + seconds)); 1 + so that
// a 0 s duration (answered before business hours began) has a logarithm.
int64_t log_units(Seconds s);

// One agent's items in a window (or on a day, in the partials): per cell, each
// measure's log-scale moments (n, sum, sum of squares of log_units), and the agent's
// team (its key under the team grouping).
struct MixTally {
  using CellKey = std::pair<std::string, std::string>;  // (topic or queue, channel)
  std::string team;
  std::map<CellKey, std::array<Sample::Moments, kMeasures>> cells;
  void add(Measure m, const CellKey& cell, Seconds v);
  // sign -1 takes `o` out; cells (and the team) that become empty are dropped.
  void merge(const MixTally& o, int sign = 1);
  bool operator==(const MixTally&) const = default;
};

// The agent's index for one measure against its team's tally (the sum of the team's
// agents' tallies): exp(mean of log(agent item / team's geometric mean in its cell)),
// with a 95% interval from the t distribution of those log ratios (n >= 2). nullopt
// when the agent has no item of that measure.
struct MixIndex {
  double index = 1;
  std::optional<Interval> ci;  // of the index
  long long n = 0;
  bool pooled = false;  // some item's team cell had fewer than min_sample items
};
std::optional<MixIndex> mix_index(const MixTally& agent, const MixTally& team, Measure m,
                                  int min_sample);

// What an agent's rows read: its tally and its raw samples of each measure (summed per
// team for the team's figure). Null pointers: the key has no item.
struct MixAgent {
  const MixTally* mix = nullptr;
  std::array<const Sample*, kMeasures> samples{};
};

// Every item of the index lists (tickets by first response and by final resolution,
// calls by offer; in the window for the record engine, all of them for the partials)
// that counts in a mix-adjusted figure, with its agent key (never "(unassigned)"),
// the agent's team, its time, measure, cell and duration.
struct MixItem {
  std::string key, team;
  Time at;
  Measure measure;
  MixTally::CellKey cell;
  Seconds value;
};
void each_mix_item(const Input& in, const std::vector<size_t>& responded,
                   const std::vector<size_t>& resolved, const std::vector<size_t>& calls,
                   const std::function<void(const MixItem&)>& fn);

// The mix_adjusted rows of frt, resolution_time and aht for the agent keys given (in
// order), after the raw rows.
void emit_mix_adjusted(Emitter& e, const std::vector<std::pair<std::string, MixAgent>>& agents,
                       int min_sample);

// Storage of a tally in a stored cell of the partials (kpi/codec.h): the team, how many
// cells, and per cell its two names and each measure's n, sum and sum of squares.
class Writer;
class Reader;
void write_mix(Writer& w, const MixTally& t);
bool read_mix(Reader& r, MixTally& t);  // false at damaged input

// The record engine's family: agent grouping only.
void mix_adjusted_kpis(const Slice& s, Emitter& e);

}  // namespace dp::kpi
