// Building the partials from the stored records (docs/performance.md): from all
// records loaded at once up to kWholeLoadRecords of them, else a chunk at a time with
// memory bounded by a chunk and a part of the partials. Every build stores the partials
// with their tag (tag.h): current for the data version it read and the context given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "kpi/facts.h"
#include "kpi/partials.h"
#include "model/progress.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::rollup {

// Records up to which a rebuild loads them all at once (a few hundred MB, ~2.5x
// faster than in chunks).
inline constexpr int64_t kWholeLoadRecords = 1'000'000;

// Makes the engine context for records loaded whole (may link their calls, as
// app::make_context does).
using ContextOf = std::function<kpi::Context(Records&)>;

// Rebuilds and stores the partials from records already loaded.
Result<kpi::Partials> store_partials(Store& store, const Records& records, const kpi::Context& ctx);

// Rebuilds and stores the partials reading the records a chunk at a time, so memory is
// bounded by a chunk and a part of the partials, not the state: the tickets of
// `requesters` requesters (with what their facts read: the requesters' other tickets as
// contacts, linked calls), then calls, surveys and agent sessions `records` at a time;
// whenever `spill` records have contributed, the partials held are added to the stored
// ones. Returns the record totals; nullopt (nothing current stored) when a ticket names
// a call, whose links cross requesters: then store_partials() over all records is the
// way. `progress` counts the customers, tickets, calls and agent sessions that
// contributed, of the stored ones; the caller finishes it.
struct Chunks {
  size_t requesters = 5000;
  size_t records = 50000;
  size_t spill = 1'000'000;
};
Result<std::optional<kpi::Totals>> rebuild_partials(Store& store, const kpi::Context& ctx,
                                                    const Chunks& size,
                                                    Progress* progress = nullptr);

// What bring_current() found or did.
struct Current {
  bool rebuilt = false;  // the partials were stale and have been rebuilt
  kpi::Totals totals;    // the record totals the stored partials count
  // After a rebuild from all records at once: the partials built (the same as stored)
  // and the context they were built with (records_ctx's), to answer from directly.
  std::optional<kpi::Partials> whole;
  kpi::Context whole_ctx;
};

// Makes the stored partials current for `ctx` when they are not: rebuilt from all
// records loaded at once (with records_ctx(records) as the context) up to
// kWholeLoadRecords stored records, else with rebuild_partials(). Nothing is read or
// built when they are current. A rebuild shows its progress (task "partials") on
// `progress`, else on its own ops::make_progress(), and finishes it.
Result<Current> bring_current(Store& store, const kpi::Context& ctx, const ContextOf& records_ctx,
                              Progress* progress = nullptr);

// Every stored ticket's facts, handed to `fn` a chunk of `size.requesters` requesters
// at a time (each computed with what it reads: the requesters' other tickets, linked
// calls), so memory is bounded by a chunk. False (after no call of fn, or some) when
// a ticket names a call: then the facts come from all records at once.
Result<bool> each_ticket_facts(Store& store, const kpi::Context& ctx, const Chunks& size,
                               const std::function<void(std::vector<kpi::TicketFacts>&)>& fn);

}  // namespace dp::rollup
