// The state store's per-day partial aggregates (docs/performance.md): loaded when they
// match the stored data and the engine context, else rebuilt from the records once
// and stored for the next compute.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "kpi/facts.h"
#include "kpi/partials.h"
#include "model/progress.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::app {

// Rows of the request's KPIs from the stored partials, streamed day by day;
// stale partials are first rebuilt and stored: from all records loaded at once up to
// kWholeLoadRecords of them, else with rebuild_partials() (bounded memory). nullopt: the windows
// are not whole local days, so partials cannot answer. `records_ctx` makes the
// context for a rebuild from all records (it may link them); `rebuilt` says whether
// one was needed. With a sink, rows are handed to it window by window (in order) and
// the returned vector is empty. A rebuild shows its progress (ops::make_progress(),
// task "partials") unless `progress` is given.
inline constexpr int64_t kWholeLoadRecords = 1'000'000;
Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const std::function<kpi::Context(Records&)>& records_ctx,
    const kpi::Request& req, bool* rebuilt = nullptr,
    const std::function<void(std::vector<kpi::Row>&)>& sink = {}, Progress* progress = nullptr);

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
// contributed, of the stored ones.
struct Chunks {
  size_t requesters = 5000;
  size_t records = 50000;
  size_t spill = 1'000'000;
};
Result<std::optional<kpi::Totals>> rebuild_partials(Store& store, const kpi::Context& ctx,
                                                    const Chunks& size,
                                                    Progress* progress = nullptr);

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

// Every stored ticket's facts, handed to `fn` a chunk of `size.requesters` requesters
// at a time (each computed with what it reads: the requesters' other tickets, linked
// calls), so memory is bounded by a chunk. False (after no call of fn, or some) when
// a ticket names a call: then the facts come from all records at once.
Result<bool> each_ticket_facts(Store& store, const kpi::Context& ctx, const Chunks& size,
                               const std::function<void(std::vector<kpi::TicketFacts>&)>& fn);

}  // namespace dp::app
