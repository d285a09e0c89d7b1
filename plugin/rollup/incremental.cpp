#include "rollup/incremental.h"

#include <set>
#include <unordered_set>
#include <utility>

#include "rollup/cells.h"
#include "rollup/scope.h"
#include "rollup/tag.h"

namespace dp::rollup {

Result<ApplyStats> apply_keeping_partials(Store& store, const Records& batch,
                                          const std::string& source,
                                          const std::optional<std::string>& cursor,
                                          const kpi::Context& ctx, bool* kept,
                                          std::vector<kpi::TicketFacts>* facts) {
  if (kept) *kept = false;
  if (facts) facts->clear();
  auto plain = [&] { return store.apply(batch, source, cursor); };
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = current_tag(store, *version, ctx);
  if (!tag) return tag.error();
  // Stale partials stay stale (the next compute rebuilds them); a changed agent
  // directory changes the context, and a call named by a ticket links across requesters.
  // A batch as big as a bulk import is cheaper to follow with one rebuild.
  const size_t records = batch.tickets.size() + batch.events.size() + batch.calls.size() +
                         batch.surveys.size() + batch.customers.size() + batch.sessions.size();
  if (!*tag || (*tag)->refs || !batch.agents.empty() || records > kIncrementalRecords)
    return plain();
  auto scope = related_scope(store, batch);
  if (!scope) return scope.error();
  if (!*scope) return plain();
  Subset subset = std::move(**scope);
  auto applied = plain();
  if (!applied) return applied;
  auto now = store.data_version();
  if (!now) return now.error();
  if (*now == *version) {  // nothing changed: the partials are still current
    if (kept) *kept = true;
    return applied;
  }
  // Another writer in between (the version moved by more than this apply): stale.
  if (*now != *version + 1) return applied;
  std::unordered_set<std::string> fresh_contacts;
  auto fresh = reread(store, batch, fresh_contacts);
  if (!fresh) return fresh.error();
  // After the batch, the subset is itself with the fresh records in place (the fresh
  // contacts, the tickets of the batch's customers, are in it already: the scope
  // started from those requesters).
  const Changed changed(batch, subset.heads(), *fresh, ctx.options.link_window);
  // The contacts whose fcr can change contribute anew: read them in full (the batch
  // did not change them).
  std::set<std::string> upgrade;
  subset.fcr_can_change(changed, ctx.options.fcr_days, upgrade);
  if (!upgrade.empty()) {
    Store::Related q;
    q.tickets.assign(upgrade.begin(), upgrade.end());
    std::unordered_set<std::string> none;  // no requesters asked: no contacts
    auto full = load_with_contacts(store, q, none);
    if (!full) return full.error();
    subset.add(std::move(*full), none);
  }
  const kpi::Totals before = subset.totals();
  const auto old_part = partials_of(subset.records(), subset.contacts, ctx, changed);
  subset.add(std::move(*fresh), fresh_contacts, true);
  std::vector<kpi::TicketFacts> new_facts;
  const auto new_part = partials_of(subset.records(), subset.contacts, ctx, changed, &new_facts);
  if (!old_part || !new_part) return applied;  // left stale: the next compute rebuilds
  // The cells either touches, as stored, minus the old contributions plus the new.
  std::vector<Store::PartialCell> cells = touched(*old_part, *new_part);
  if (auto r = store.partial_cells(cells); !r) return r.error();
  kpi::Partials cur;
  cur.zone = ctx.options.report_zone;
  for (const auto& c : cells)
    if (!c.cells.empty())
      if (auto r = kpi::decode_day(c.cells, c.day, cur); !r) return r.error();
  cur.merge(*old_part, -1);
  cur.merge(*new_part);
  const auto out = cells_of(cur, &cells);  // "" where no cell is left
  std::vector<Store::PhoneKey> keys;
  phone_keys_of(batch, keys);
  if (auto r = store.put_phone_keys(keys, false); !r) return r.error();
  TagRest rest = **tag;
  rest.totals.merge(subset.totals());
  rest.totals.merge(before, -1);
  if (auto r = store.update_partials(out, tag_of(*now, ctx) + tag_rest(rest)); !r) return r.error();
  if (kept) *kept = true;
  if (facts) *facts = std::move(new_facts);
  return applied;
}

Upkeep::Upkeep(Store& store, kpi::Context ctx, bool track_facts)
    : store_(store), ctx_(std::move(ctx)), track_facts_(track_facts) {}

Result<ApplyStats> Upkeep::apply(const Records& batch, const std::string& source,
                                 const std::optional<std::string>& cursor) {
  bool kept = false;
  std::vector<kpi::TicketFacts> facts;
  auto applied = apply_keeping_partials(store_, batch, source, cursor, ctx_, &kept,
                                        track_facts_ ? &facts : nullptr);
  if (applied && !kept) kept_ = false;
  for (auto& f : facts) changed_.insert_or_assign(f.ticket, std::move(f));
  return applied;
}

}  // namespace dp::rollup
