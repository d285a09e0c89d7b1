// compute(): every window x grouping x KPI family (kpi/family.h), the exact engine: each
// family straight from the records of one window, exact samples. Pure: no I/O.
#include "kpi/engine.h"

#include <set>

#include "kpi/family.h"
#include "kpi/input.h"

namespace dp::kpi {

std::vector<Row> compute(const Records& data, const Context& ctx, const Request& req) {
  const Input in(data, ctx);
  const std::set<std::string> wanted(req.kpis.begin(), req.kpis.end());
  std::vector<Row> rows;
  for (const Window& w : req.windows) {
    for (GroupBy by : req.groupings) {
      const Slice s(in, w, by);
      Emitter e(w, by, ctx.options, wanted, rows);
      for (const Family& f : families())
        if (f.wanted(e)) f.collect(s, e);
    }
  }
  return rows;
}

}  // namespace dp::kpi
