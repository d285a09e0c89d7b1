#include "rollup/cells.h"

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <tuple>

#include "rollup/tag.h"
#include "sync/link.h"

namespace dp::rollup {

namespace {

// The grouping of a stored row (kpi::encode_row()'s code).
size_t grouping_of(int32_t code) {
  return size_t(code >= kpi::kWaitingRow ? code - kpi::kWaitingRow : code);
}

}  // namespace

void phone_keys_of(const Records& r, std::vector<Store::PhoneKey>& out) {
  for (const Call& c : r.calls) out.push_back({"call", c.id, sync::phone_key(c.caller)});
  for (const Customer& c : r.customers)
    out.push_back({"customer", c.id, c.phone ? sync::phone_key(*c.phone) : ""});
}

std::vector<Store::PartialCell> cells_of(const kpi::Partials& p,
                                         const std::vector<Store::PartialCell>* like) {
  std::vector<Store::PartialCell> out;
  if (like) {
    for (Store::PartialCell c : *like) {
      c.cells.clear();
      const auto& keys = p.cells[grouping_of(c.grouping)];
      if (auto k = keys.find(c.key); k != keys.end())
        if (auto d = k->second.find(c.day); d != k->second.end())
          c.cells = kpi::encode_row(c.grouping, c.key, d->second);
      out.push_back(std::move(c));
    }
    return out;
  }
  for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [day, cell] : days)
        for (const int32_t code : {int32_t(g), int32_t(kpi::kWaitingRow + g)})
          if (std::string row = kpi::encode_row(code, key, cell); !row.empty())
            out.push_back({day, code, key, std::move(row)});
  // Stored in day order, compute's reading order: its scan is sequential in the file.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.day, a.grouping, a.key) < std::tie(b.day, b.grouping, b.key);
  });
  return out;
}

std::vector<Store::PartialCell> touched(const kpi::Partials& a, const kpi::Partials& b) {
  std::set<std::tuple<int32_t, int32_t, std::string>> keys;
  for (const kpi::Partials* p : {&a, &b})
    for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
      for (const auto& [key, days] : p->cells[g])
        for (const auto& [day, _] : days)
          for (const int32_t code : {int32_t(g), int32_t(kpi::kWaitingRow + g)})
            keys.emplace(day, code, key);
  std::vector<Store::PartialCell> out;
  for (const auto& [day, g, key] : keys) out.push_back({day, g, key, {}});
  return out;
}

Result<void> write_partials(Store& store, const kpi::Partials& p, int64_t version,
                            const kpi::Context& ctx, bool refs) {
  return store.replace_partials(cells_of(p), tag_of(version, ctx) + tag_rest({p.totals, refs}));
}

Result<void> spill(Store& store, kpi::Partials& held, bool first) {
  if (first)
    if (auto r = store.replace_partials({}, kBuilding); !r) return r.error();
  const std::set<kpi::Day> all = held.days();
  const std::vector<kpi::Day> days(all.begin(), all.end());
  for (size_t i = 0; i < days.size(); i += kSpillDays) {
    const kpi::Day from = days[i];
    const kpi::Day to =
        i + kSpillDays < days.size() ? days[i + kSpillDays] : std::numeric_limits<kpi::Day>::max();
    kpi::Partials block;  // the held cells of days [from, to), then with the stored ones
    block.zone = held.zone;
    for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
      for (auto& [key, cells] : held.cells[g]) {
        auto begin = cells.lower_bound(from), end = cells.lower_bound(to);
        if (begin == end) continue;
        auto& into = block.cells[g][key];
        for (auto it = begin; it != end; ++it) into.emplace(it->first, std::move(it->second));
        cells.erase(begin, end);
      }
    std::vector<Store::PartialCell> rows = touched(block, block);
    if (!first) {
      if (auto r = store.partial_cells(rows); !r) return r.error();
      kpi::Partials stored;
      stored.zone = held.zone;
      for (const auto& c : rows)
        if (!c.cells.empty())
          if (auto r = kpi::decode_day(c.cells, c.day, stored); !r) return r.error();
      stored.merge(block);
      block = std::move(stored);
    }
    if (auto r = store.update_partials(cells_of(block, &rows), kBuilding); !r) return r.error();
  }
  held.cells = {};
  return {};
}

}  // namespace dp::rollup
