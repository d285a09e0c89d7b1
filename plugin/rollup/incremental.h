// Keeping the partials current batch by batch (docs/performance.md "Incremental"), and
// the store step every sync stores through (plugin/sync/sync.h).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kpi/facts.h"
#include "kpi/partials.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::rollup {

// Applies a batch like Store::apply() and, when the stored partials are current for
// `ctx`, keeps them current: the contributions of the batch's records and of every
// record linked to them (same requester, caller or phone, linked calls and surveys)
// are taken out as they were and put back as they are, on the days they touch
// (docs/performance.md). Otherwise the partials are left stale, rebuilt by the next
// compute; so are they after a batch of more than kIncrementalRecords records, which a
// rebuild follows faster. `kept` says whether they are current afterwards; when they
// are, `facts` receives, as after the batch, the facts of every ticket whose facts the
// batch can change (its own tickets, and those whose fcr a changed contact changes):
// what the write-back of ticket figures needs.
inline constexpr size_t kIncrementalRecords = 20000;

Result<ApplyStats> apply_keeping_partials(Store& store, const Records& batch,
                                          const std::string& source,
                                          const std::optional<std::string>& cursor,
                                          const kpi::Context& ctx, bool* kept = nullptr,
                                          std::vector<kpi::TicketFacts>* facts = nullptr);

// The store step of a sync: each batch is stored with its cursor in one transaction
// and the partials kept current with it (apply_keeping_partials() with the context
// given here). Across batches it remembers whether every one kept the partials current
// and, with `track_facts`, the facts of the tickets they changed. Not thread-safe; one
// per store and context.
class Upkeep {
 public:
  // `ctx`: the context the stored partials are kept with.
  Upkeep(Store& store, kpi::Context ctx, bool track_facts = false);

  Store& store() const { return store_; }
  const kpi::Context& context() const { return ctx_; }

  // Stores `batch` with `cursor` under `source` (Store::apply) keeping the partials.
  Result<ApplyStats> apply(const Records& batch, const std::string& source,
                           const std::optional<std::string>& cursor);

  // Whether every batch stored so far left the partials current (true before any).
  bool kept() const { return kept_; }
  // With track_facts: by ticket id, as after the last batch that changed them, the
  // facts of every ticket whose facts a batch that kept the partials can change;
  // handed over and forgotten.
  std::map<std::string, kpi::TicketFacts> take_changed() { return std::move(changed_); }

 private:
  Store& store_;
  kpi::Context ctx_;
  bool track_facts_;
  bool kept_ = true;
  std::map<std::string, kpi::TicketFacts> changed_;
};

}  // namespace dp::rollup
