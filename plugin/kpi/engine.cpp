// compute(): every window x grouping x KPI family (docs/kpis.md). Pure: no I/O.
#include "kpi/engine.h"

#include <set>

#include "kpi/families.h"
#include "kpi/input.h"
#include "kpi/mix_adjusted.h"

namespace dp::kpi {

std::vector<Row> compute(const Records& data, const Context& ctx, const Request& req) {
  const Input in(data, ctx);
  const std::set<std::string> wanted(req.kpis.begin(), req.kpis.end());
  std::vector<Row> rows;
  for (const Window& w : req.windows) {
    for (GroupBy by : req.groupings) {
      const Slice s(in, w, by);
      Emitter e(w, by, ctx.options, wanted, rows);
      survey_kpis(s, e);
      customer_kpis(s, e);
      business_kpis(s, e);
      volume_kpis(s, e);
      time_kpis(s, e);
      outcome_kpis(s, e);
      topic_kpis(s, e);
      call_kpis(s, e);
      occupancy_kpis(s, e);
      bot_kpis(s, e);
      staffing_kpis(s, e);
      mix_adjusted_kpis(s, e);  // agent grouping only
    }
  }
  return rows;
}

}  // namespace dp::kpi
