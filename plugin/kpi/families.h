// The KPI families, one file each (registered in kpi/families.cpp, kpi/family.h). Each
// computes its KPIs for one window under one grouping from the records (collect: the
// exact engine) and from per-day partials (build: records into day cells; emit: a
// window's rows from its merged cells), a row per KPI figure per key.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "kpi/emit.h"
#include "kpi/input.h"

namespace dp::kpi {

void survey_kpis(const Slice& s, Emitter& e);     // surveys.cpp
void customer_kpis(const Slice& s, Emitter& e);   // customers.cpp
void business_kpis(const Slice& s, Emitter& e);   // business.cpp
void volume_kpis(const Slice& s, Emitter& e);     // volumes.cpp
void time_kpis(const Slice& s, Emitter& e);       // ticket_times.cpp
void outcome_kpis(const Slice& s, Emitter& e);    // outcomes.cpp
void topic_kpis(const Slice& s, Emitter& e);      // topic_kpis.cpp
void call_kpis(const Slice& s, Emitter& e);       // calls.cpp
void occupancy_kpis(const Slice& s, Emitter& e);  // occupancy.cpp
void bot_kpis(const Slice& s, Emitter& e);        // bots.cpp
void staffing_kpis(const Slice& s, Emitter& e);   // staffing.cpp

class CellBuild;
struct WindowCells;
class Writer;
class Reader;
namespace detail {
struct CellParts;
}
void survey_build(CellBuild& b);
void survey_emit(const WindowCells& w, Emitter& e);
void survey_write(Writer& w, const detail::CellParts& c);
bool survey_read(Reader& r, detail::CellParts& c);
void customer_build(CellBuild& b);
void customer_emit(const WindowCells& w, Emitter& e);
void business_emit(const WindowCells& w, Emitter& e);
void volume_build(CellBuild& b);
void volume_emit(const WindowCells& w, Emitter& e);
void volume_write(Writer& w, const detail::CellParts& c);
bool volume_read(Reader& r, detail::CellParts& c);
void time_build(CellBuild& b);
void time_emit(const WindowCells& w, Emitter& e);
void time_write(Writer& w, const detail::CellParts& c);
bool time_read(Reader& r, detail::CellParts& c);
void outcome_build(CellBuild& b);
void outcome_emit(const WindowCells& w, Emitter& e);
void topic_build(CellBuild& b);
void topic_emit(const WindowCells& w, Emitter& e);
void topic_write(Writer& w, const detail::CellParts& c);
bool topic_read(Reader& r, detail::CellParts& c);
void call_build(CellBuild& b);
void call_emit(const WindowCells& w, Emitter& e);
void occupancy_build(CellBuild& b);
void occupancy_emit(const WindowCells& w, Emitter& e);
void occupancy_write(Writer& w, const detail::CellParts& c);
bool occupancy_read(Reader& r, detail::CellParts& c);
void bot_build(CellBuild& b);
void bot_emit(const WindowCells& w, Emitter& e);
void staffing_build(CellBuild& b);
void staffing_emit(const WindowCells& w, Emitter& e);
void staffing_write(Writer& w, const detail::CellParts& c);
bool staffing_read(Reader& r, detail::CellParts& c);
void mix_build(CellBuild& b);  // mix_adjusted.cpp
void mix_emit(const WindowCells& w, Emitter& e);
void mix_write(Writer& w, const detail::CellParts& c);
bool mix_read(Reader& r, detail::CellParts& c);

// Per-key accumulators of a family.
template <class Acc>
using ByKey = std::map<std::string, Acc>;

template <class Acc>
const Acc& at_or_empty(const ByKey<Acc>& m, const std::string& key) {
  static const Acc empty{};
  auto it = m.find(key);
  return it == m.end() ? empty : it->second;
}

// The keys to report: the slice's, plus any key a family found input for that the
// slice does not know (a ticket created long ago still waiting at the window's end).
template <class Acc>
std::vector<std::string> keys_of(const Slice& s, const ByKey<Acc>& m) {
  std::vector<std::string> keys = s.keys();
  bool added = false;
  for (const auto& [k, _] : m)
    if (!std::binary_search(s.keys().begin(), s.keys().end(), k)) {
      keys.push_back(k);
      added = true;
    }
  if (added) std::sort(keys.begin(), keys.end());
  return keys;
}

std::string seconds_text(Seconds s);  // "20 s"

}  // namespace dp::kpi
