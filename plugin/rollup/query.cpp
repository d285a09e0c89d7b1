#include "rollup/query.h"

#include <utility>

namespace dp::rollup {

Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const ContextOf& records_ctx, const kpi::Request& req,
    bool* rebuilt, const std::function<void(std::vector<kpi::Row>&)>& sink, Progress* progress) {
  using Rows = std::optional<std::vector<kpi::Row>>;
  if (rebuilt) *rebuilt = false;
  const auto& zone = ctx.options.report_zone;
  if (!kpi::DayMerger::make(zone, {}, ctx.options, req)) return Rows();  // not whole days
  auto current = bring_current(store, ctx, records_ctx, progress);
  if (!current) return current.error();
  if (rebuilt) *rebuilt = current->rebuilt;
  if (current->whole) {
    // Rebuilt from all records at once: answered from the partials held.
    auto rows = kpi::compute_from_partials(*current->whole, current->whole_ctx.options, req);
    if (!rows) return rows.error();
    if (sink) {
      sink(*rows);
      rows->clear();
    }
    return Rows(std::move(*rows));
  }
  auto merger = kpi::DayMerger::make(zone, current->totals, ctx.options, req);
  if (!merger) return merger.error();
  if (sink) merger->stream_to(sink);
  // Before the windows, only what open_cases, backlog and the customer base sum up.
  auto read = store.each_partial_day(
      merger->history_day(), merger->end_day(),
      [&](int32_t day, std::string_view blob) { return merger->add_day(day, blob); },
      merger->groupings(), merger->first_day(), merger->history_groupings());
  if (!read) return read.error();
  return Rows(merger->finish());
}

}  // namespace dp::rollup
