// KPI rows from the stored partials (docs/performance.md): the request's windows
// answered day by day from the stored cells, after bringing stale partials current
// (rebuild.h, bring_current()). Medians and p90s are within 0.5% of the records'.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "kpi/partials.h"
#include "model/progress.h"
#include "model/result.h"
#include "rollup/rebuild.h"
#include "store/store.h"

namespace dp::rollup {

// Rows of the request's KPIs from the stored partials, streamed day by day; stale
// partials are first rebuilt and stored (bring_current(): records_ctx makes the context
// of all records loaded at once). nullopt: the windows are not whole local days, so
// partials cannot answer (nothing is rebuilt). `rebuilt` says whether a rebuild was
// needed. With a sink, rows are handed to it window by window (in order) and the
// returned vector is empty. A rebuild shows its progress (ops::make_progress(), task
// "partials") unless `progress` is given.
Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const ContextOf& records_ctx, const kpi::Request& req,
    bool* rebuilt = nullptr, const std::function<void(std::vector<kpi::Row>&)>& sink = {},
    Progress* progress = nullptr);

}  // namespace dp::rollup
