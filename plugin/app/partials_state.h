// The state store's per-day partial aggregates (docs/performance.md): loaded when they
// match the stored data and the engine context, else rebuilt from the records once
// and stored for the next compute.
#pragma once

#include "kpi/partials.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::app {

struct PartialsLoad {
  kpi::Partials partials;
  bool rebuilt = false;
};

// `records_ctx` makes the context for a rebuild from all records (it may link them);
// it is only called when the stored partials are stale.
Result<PartialsLoad> current_partials(Store& store, const kpi::Context& ctx,
                                      const std::function<kpi::Context(Records&)>& records_ctx);

// Rebuilds and stores the partials from records already loaded.
Result<kpi::Partials> store_partials(Store& store, const Records& records, const kpi::Context& ctx);

}  // namespace dp::app
