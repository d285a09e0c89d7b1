#include "report/rows.h"

#include <set>

#include "kpi/engine.h"

namespace dp::report {
namespace {

std::string key_of(const std::string& window, kpi::GroupBy by, const std::string& key,
                   const std::string& kpi, const std::string& stat,
                   const std::optional<std::string>& variant,
                   const std::optional<std::string>& basis, const std::string& item) {
  const std::string sep(1, '\x1f');
  return window + sep + std::string(kpi::to_string(by)) + sep + key + sep + kpi + sep + stat + sep +
         (variant ? *variant : "-") + sep + (basis ? *basis : "-") + sep + item;
}

}  // namespace

RowIndex::RowIndex(std::vector<kpi::Row> rows) : rows_(std::move(rows)) {
  for (size_t i = 0; i < rows_.size(); ++i) {
    const kpi::Row& r = rows_[i];
    at_.emplace(key_of(r.window.label, r.by, r.key, r.kpi, r.stat, r.variant, r.basis, r.item), i);
  }
}

const kpi::Row* RowIndex::find(const std::string& window, kpi::GroupBy by, const std::string& key,
                               const Pick& p, const std::string& item) const {
  auto it = at_.find(key_of(window, by, key, p.kpi, p.stat, p.variant, p.basis, item));
  return it == at_.end() ? nullptr : &rows_[it->second];
}

std::vector<const kpi::Row*> RowIndex::items(const std::string& window, kpi::GroupBy by,
                                             const std::string& key, const std::string& kpi,
                                             const std::string& stat) const {
  std::vector<const kpi::Row*> out;
  for (const kpi::Row& r : rows_)
    if (r.window.label == window && r.by == by && r.key == key && r.kpi == kpi && r.stat == stat &&
        !r.item.empty())
      out.push_back(&r);
  return out;
}

std::vector<std::string> RowIndex::keys(const std::string& window, kpi::GroupBy by) const {
  std::set<std::string> keys;
  for (const kpi::Row& r : rows_)
    if (r.window.label == window && r.by == by) keys.insert(r.key);
  return {keys.begin(), keys.end()};
}

kpi::Row row_or_missing(const kpi::Row* r, const Pick& p) {
  if (r) return *r;
  kpi::Row m;
  m.kpi = p.kpi;
  m.stat = p.stat;
  m.variant = p.variant;
  m.basis = p.basis;
  if (const auto* e = kpi::find_kpi(p.kpi)) {
    m.unit = e->unit;
    m.definition = e->definition;
  }
  m.reason = "not computed by this version of the KPI engine";
  return m;
}

}  // namespace dp::report
