// Looks up engine rows by what they are (window, group, KPI, statistic, variant, basis,
// item), so the report asks for "frt median business of agent X in W46" by name.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kpi/row.h"
#include "report/model.h"

namespace dp::report {

class RowIndex {
 public:
  explicit RowIndex(std::vector<kpi::Row> rows);

  // nullptr when the engine gave no such row (a KPI not computed yet, say).
  const kpi::Row* find(const std::string& window, kpi::GroupBy by, const std::string& key,
                       const Pick& p, const std::string& item = "") const;
  // The rows of a list KPI (volume_by_channel, top_topics) in engine order.
  std::vector<const kpi::Row*> items(const std::string& window, kpi::GroupBy by,
                                     const std::string& key, const std::string& kpi,
                                     const std::string& stat) const;
  // Keys that have any row under `by` in `window`.
  std::vector<std::string> keys(const std::string& window, kpi::GroupBy by) const;

 private:
  std::vector<kpi::Row> rows_;
  std::map<std::string, size_t> at_;
};

// The row, or a stand-in that says why there is none.
kpi::Row row_or_missing(const kpi::Row* r, const Pick& p);

}  // namespace dp::report
