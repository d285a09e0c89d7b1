#include "rollup/rebuild.h"

#include <memory>
#include <unordered_set>
#include <utility>

#include "ops/progress.h"
#include "rollup/cells.h"
#include "rollup/scope.h"
#include "rollup/tag.h"
#include "sync/link.h"

namespace dp::rollup {

namespace {

// Rebuilds the partials without holding every record (docs/performance.md). First the
// phone-key index the scopes read, the customers contributing as their pages go by; then
// the tickets of size.requesters requesters at a time, each chunk with what their facts
// read (related_scope: the other tickets as contacts) and contributing only its own
// tickets and their surveys; then the calls, the surveys that name no stored ticket, and
// the agent sessions, a page at a time. Whenever size.spill records have contributed,
// the held partials are added to the stored ones (spill()), so memory holds a bounded
// part of them; at the end the tag for `version` is written. The record totals; nullopt
// (nothing current stored) when a scope does not settle or a ticket names a call.
Result<std::optional<kpi::Totals>> build_in_chunks(Store& store, const kpi::Context& ctx,
                                                   const Chunks& size, int64_t version,
                                                   const std::function<void(size_t)>& counted) {
  using Out = std::optional<kpi::Totals>;
  using Kind = Store::PageOf;
  kpi::Partials held;
  held.zone = ctx.options.report_zone;
  Result<void> failed = {};
  size_t contributed = 0;
  bool first_spill = true;
  // `shown`: counted on the progress (loose surveys are not: not in its total).
  auto add = [&](Records r, const kpi::Contributors& only, size_t records, bool shown = true) {
    if (!failed) return;
    sync::link_calls_to_tickets(r, ctx.options.link_window);
    held.merge(kpi::build_partials(kpi::Input(r, ctx), &only));
    contributed += records;
    if (counted && shown) counted(records);
    if (contributed >= size.spill) {
      failed = spill(store, held, std::exchange(first_spill, false));
      contributed = 0;
    }
  };
  // The phone keys' pages: the customers contribute as they are read.
  bool first = true;
  long long customers = 0;
  for (Kind kind : {Kind::callers, Kind::customers}) {
    auto r = each_page(store, kind, size.records, [&](Records& page) -> Result<bool> {
      std::vector<Store::PhoneKey> keys;
      phone_keys_of(page, keys);
      if (auto put = store.put_phone_keys(keys, std::exchange(first, false)); !put)
        return put.error();
      if (kind == Kind::customers) {
        customers += (long long)page.customers.size();
        const size_t n = page.customers.size();
        add(std::move(page), {}, n);
      }
      return bool(failed);
    });
    if (!r) return r.error();
  }
  if (first)
    if (auto r = store.put_phone_keys({}, true); !r) return r.error();

  long long tickets = 0;
  auto settled = each_requester_chunk(store, size.requesters,
                                      [&](Records sub, const std::unordered_set<std::string>& ids) {
                                        tickets += (long long)ids.size();
                                        kpi::Contributors only;
                                        for (const Ticket& t : sub.tickets)
                                          only.tickets.push_back(ids.count(t.id) > 0);
                                        only.calls.assign(sub.calls.size(), false);
                                        for (const Survey& v : sub.surveys)
                                          only.surveys.push_back(v.ticket && ids.count(*v.ticket));
                                        only.sessions.assign(sub.sessions.size(), false);
                                        only.customers.assign(sub.customers.size(), false);
                                        add(std::move(sub), only, ids.size());
                                        return bool(failed);
                                      });
  if (!settled) return settled.error();
  if (!*settled) return Out();
  long long calls = 0, sessions = 0;
  auto rest = each_page(store, Kind::calls, size.records, [&](Records& page) -> Result<bool> {
    const size_t n = page.calls.size();
    calls += (long long)n;
    add(std::move(page), {}, n);
    return bool(failed);
  });
  if (rest)
    rest = each_page(store, Kind::loose_surveys, size.records, [&](Records& page) -> Result<bool> {
      kpi::Contributors only;
      only.calls.assign(page.calls.size(), false);
      const size_t n = page.surveys.size();
      add(std::move(page), only, n, false);
      return bool(failed);
    });
  if (rest)
    rest = each_page(store, Kind::sessions, size.records, [&](Records& page) -> Result<bool> {
      const size_t n = page.sessions.size();
      sessions += (long long)n;
      add(std::move(page), {}, n);
      return bool(failed);
    });
  if (!rest) return rest.error();
  if (!failed) return failed.error();
  if (auto r = spill(store, held, first_spill); !r) return r.error();
  const TagRest tag{{calls, tickets, sessions, customers}, false};
  if (auto r = store.update_partials({}, tag_of(version, ctx) + tag_rest(tag)); !r)
    return r.error();
  return Out(tag.totals);
}

}  // namespace

Result<kpi::Partials> store_partials(Store& store, const Records& records,
                                     const kpi::Context& ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  kpi::Partials p = kpi::build_partials(kpi::Input(records, ctx));
  std::vector<Store::PhoneKey> keys;
  phone_keys_of(records, keys);
  if (auto r = store.put_phone_keys(keys, true); !r) return r.error();
  bool refs = false;
  for (const Ticket& t : records.tickets) refs = refs || !sync::call_refs(t).empty();
  if (auto r = write_partials(store, p, *version, ctx, refs); !r) return r.error();
  return p;
}

Result<std::optional<kpi::Totals>> rebuild_partials(Store& store, const kpi::Context& ctx,
                                                    const Chunks& size, Progress* progress) {
  auto version = store.data_version();
  if (!version) return version.error();
  std::optional<uint64_t> total;  // what build_in_chunks() counts, surveys aside
  if (progress) {
    auto counts = store.counts();
    if (!counts) return counts.error();
    total = uint64_t(counts->customers + counts->tickets + counts->calls + counts->sessions);
  }
  ProgressStep step{.what = "partials", .done = 0, .total = total};
  if (progress) progress->step(step);
  auto counted = [&](size_t n) {
    step.done += n;
    progress->step(step);
  };
  // Every page of the file is read once: through the page cache, not a map.
  if (auto r = store.map_reads(false); !r) return r.error();
  auto built = build_in_chunks(store, ctx, size, *version,
                               progress ? std::function<void(size_t)>(counted) : nullptr);
  if (auto r = store.map_reads(true); !r) return r.error();
  return built;
}

Result<Current> bring_current(Store& store, const kpi::Context& ctx, const ContextOf& records_ctx,
                              Progress* progress) {
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = current_tag(store, *version, ctx);
  if (!tag) return tag.error();
  Current out;
  if (*tag) {
    out.totals = (*tag)->totals;
    return out;
  }
  out.rebuilt = true;
  // Up to kWholeLoadRecords records are loaded whole (a few hundred MB, and ~2.5x
  // faster); more are read a chunk at a time.
  auto counts = store.counts();
  if (!counts) return counts.error();
  const int64_t stored = counts->tickets + counts->events + counts->calls + counts->surveys +
                         counts->customers + counts->sessions;
  std::unique_ptr<Progress> own;  // finished (its line ended) before any row is out
  if (!progress) progress = (own = ops::make_progress()).get();
  if (stored > kWholeLoadRecords) {
    auto chunked = rebuild_partials(store, ctx, {}, progress);
    if (!chunked) return chunked.error();
    if (*chunked) {
      // As stored: current unless another writer stored meanwhile (then they stay stale
      // for the next build).
      out.totals = **chunked;
      progress->finish();
      return out;
    }
  }
  // Built from all records in one go: counted when loaded and when stored.
  ProgressStep step{.what = "partials", .done = 0, .total = uint64_t(stored)};
  progress->step(step);
  auto records = store.load_all();
  if (!records) return records.error();
  out.whole_ctx = records_ctx(*records);
  auto whole = store_partials(store, *records, out.whole_ctx);
  if (!whole) return whole.error();
  step.done = step.total.value();
  progress->step(step);
  progress->finish();
  out.totals = whole->totals;
  out.whole = std::move(*whole);
  return out;
}

Result<bool> each_ticket_facts(Store& store, const kpi::Context& ctx, const Chunks& size,
                               const std::function<void(std::vector<kpi::TicketFacts>&)>& fn) {
  if (auto r = store.map_reads(false); !r) return r.error();
  auto settled = each_requester_chunk(
      store, size.requesters, [&](Records sub, const std::unordered_set<std::string>& ids) {
        sync::link_calls_to_tickets(sub, ctx.options.link_window);
        std::vector<kpi::TicketFacts> facts = kpi::ticket_facts(sub, ctx);
        std::erase_if(facts, [&](const kpi::TicketFacts& f) { return !ids.count(f.ticket); });
        fn(facts);
        return true;
      });
  if (auto r = store.map_reads(true); !r) return r.error();
  return settled;
}

}  // namespace dp::rollup
