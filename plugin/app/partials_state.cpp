#include "app/partials_state.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>
#include <tuple>

#include "sync/link.h"

namespace dp::app {

namespace {

std::string tag_of(int64_t version, const kpi::Context& ctx) {
  return std::to_string(version) + ':' + kpi::context_fingerprint(ctx) + ":f" +
         std::to_string(kpi::kPartialsFormat) + ':';
}

// What the tag says besides the version and context: the number of call records (not
// per day) and whether any ticket names a call (then links cross requesters, and
// changes are not followed incrementally).
struct TagRest {
  long long calls = 0;
  bool refs = false;
};

std::string tag_rest(const TagRest& t) {
  return std::to_string(t.calls) + (t.refs ? ":refs" : ":-");
}

// The rest of the stored tag when it is current for `version` and `ctx`.
Result<std::optional<TagRest>> current_tag(Store& store, int64_t version, const kpi::Context& ctx) {
  auto tag = store.partials_tag();
  if (!tag) return tag.error();
  const std::string want = tag_of(version, ctx);
  if (!*tag || !(*tag)->starts_with(want)) return std::optional<TagRest>();
  TagRest t;
  const std::string rest = (*tag)->substr(want.size());
  std::from_chars(rest.data(), rest.data() + rest.size(), t.calls);
  t.refs = rest.ends_with(":refs");
  return std::optional<TagRest>(t);
}

void phone_keys_of(const Records& r, std::vector<Store::PhoneKey>& out) {
  for (const Call& c : r.calls) out.push_back({"call", c.id, sync::phone_key(c.caller)});
  for (const Customer& c : r.customers)
    out.push_back({"customer", c.id, c.phone ? sync::phone_key(*c.phone) : ""});
}

// Every cell of `p` as stored, or only those `like` names (deleted when absent in p).
std::vector<Store::PartialCell> cells_of(const kpi::Partials& p,
                                         const std::vector<Store::PartialCell>* like = nullptr) {
  std::vector<Store::PartialCell> out;
  if (like) {
    for (Store::PartialCell c : *like) {
      const auto& keys = p.cells[size_t(c.grouping)];
      auto k = keys.find(c.key);
      auto d = k == keys.end() ? decltype(k->second.end()){} : k->second.find(c.day);
      c.cells = k == keys.end() || d == k->second.end()
                    ? std::string()
                    : kpi::encode_cell(kpi::GroupBy(c.grouping), c.key, d->second);
      out.push_back(std::move(c));
    }
    return out;
  }
  for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [day, cell] : days)
        out.push_back({day, int32_t(g), key, kpi::encode_cell(kpi::GroupBy(g), key, cell)});
  // Stored in day order, compute's reading order: its scan is sequential in the file.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.day, a.grouping, a.key) < std::tie(b.day, b.grouping, b.key);
  });
  return out;
}

// The cells either partials has, keys only.
std::vector<Store::PartialCell> touched(const kpi::Partials& a, const kpi::Partials& b) {
  std::set<std::tuple<int32_t, int32_t, std::string>> keys;
  for (const kpi::Partials* p : {&a, &b})
    for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
      for (const auto& [key, days] : p->cells[g])
        for (const auto& [day, _] : days) keys.emplace(day, int32_t(g), key);
  std::vector<Store::PartialCell> out;
  for (const auto& [day, g, key] : keys) out.push_back({day, g, key, {}});
  return out;
}

// A subset's partials, its calls linked among themselves as compute links all records.
kpi::Partials partials_of(Records subset, const kpi::Context& ctx) {
  sync::link_calls_to_tickets(subset, ctx.options.link_window);
  return kpi::build_partials(kpi::Input(subset, ctx));
}

}  // namespace

Result<kpi::Partials> store_partials(Store& store, const Records& records,
                                     const kpi::Context& ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  kpi::Partials p = kpi::build_partials(kpi::Input(records, ctx));
  const auto cells = cells_of(p);
  std::vector<Store::PhoneKey> keys;
  phone_keys_of(records, keys);
  if (auto r = store.put_phone_keys(keys, true); !r) return r.error();
  TagRest rest{p.calls_total, false};
  for (const Ticket& t : records.tickets) rest.refs = rest.refs || !sync::call_refs(t).empty();
  if (auto r = store.replace_partials(cells, tag_of(*version, ctx) + tag_rest(rest)); !r)
    return r.error();
  return p;
}

Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const std::function<kpi::Context(Records&)>& records_ctx,
    const kpi::Request& req, bool* rebuilt) {
  using Rows = std::optional<std::vector<kpi::Row>>;
  if (rebuilt) *rebuilt = false;
  const auto& zone = ctx.options.report_zone;
  if (!kpi::DayMerger::make(zone, 0, ctx.options, req)) return Rows();  // not whole days
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = current_tag(store, *version, ctx);
  if (!tag) return tag.error();
  if (*tag) {
    const long long calls = (*tag)->calls;
    auto merger = kpi::DayMerger::make(zone, calls, ctx.options, req);
    if (!merger) return merger.error();
    auto read = store.each_partial_day(
        merger->first_day(), merger->end_day(),
        [&](int32_t day, std::string_view blob) { return merger->add_day(day, blob); });
    if (!read) return read.error();
    return Rows(merger->finish());
  }
  auto records = store.load_all();
  if (!records) return records.error();
  const kpi::Context full = records_ctx(*records);
  auto p = store_partials(store, *records, full);
  if (!p) return p.error();
  if (rebuilt) *rebuilt = true;
  auto rows = kpi::compute_from_partials(*p, full.options, req);
  if (!rows) return rows.error();
  return Rows(std::move(*rows));
}

namespace {

// The records whose contributions a batch can change, as the store's link queries:
// the batch's own records and, transitively, every record linked to them through a
// requester, a ticket, a caller or a phone key, so that facts computed on the subset
// (fcr's repeat contacts, call links) equal those computed on all records. nullopt
// when it does not settle (or a ticket names a call): then the partials are rebuilt.
struct Scope {
  Store::Related query;
  Records records;  // what the query finds now
};

Result<std::optional<Scope>> related_scope(Store& store, const Records& batch) {
  std::set<std::string> requesters, tickets, calls, callers, keys, surveys, sessions;
  bool grew = false;
  auto add = [&grew](std::set<std::string>& set, const std::string& v) {
    if (!v.empty() && set.insert(v).second) grew = true;
  };
  auto add_phone = [&](const std::string& number) {
    add(callers, number);
    add(keys, sync::phone_key(number));
  };
  // Grows the sets from records in (or entering) the subset; false: a ticket names a call.
  auto grow = [&](const Records& r) {
    for (const Ticket& t : r.tickets) {
      if (!sync::call_refs(t).empty()) return false;
      add(requesters, t.requester);
      add(tickets, t.id);
    }
    for (const TicketEvent& e : r.events) add(tickets, e.ticket);
    for (const Call& c : r.calls) {
      add(calls, c.id);
      add(requesters, c.caller);  // a caller no customer matches is its own requester
      add_phone(c.caller);
      if (c.ticket) add(tickets, *c.ticket);
    }
    for (const Survey& s : r.surveys) {
      add(surveys, s.id);
      if (s.ticket) add(tickets, *s.ticket);
      if (s.call) add(calls, *s.call);
    }
    for (const Customer& c : r.customers) {
      add(requesters, c.id);
      if (c.phone) add_phone(*c.phone);
    }
    for (const AgentSession& a : r.sessions) add(sessions, a.id);
    return true;
  };
  if (!grow(batch)) return std::optional<Scope>();
  auto list = [](const std::set<std::string>& s) {
    return std::vector<std::string>(s.begin(), s.end());
  };
  for (int round = 0; round < 8; ++round) {
    Store::Related q{list(requesters), list(tickets), list(calls),   list(callers),
                     list(keys),       list(surveys), list(sessions)};
    auto found = store.load_related(q);
    if (!found) return found.error();
    grew = false;
    if (!grow(*found)) return std::optional<Scope>();
    if (!grew) return std::optional<Scope>(Scope{std::move(q), std::move(*found)});
  }
  return std::optional<Scope>();
}

}  // namespace

Result<ApplyStats> apply_keeping_partials(Store& store, const Records& batch,
                                          const std::string& source,
                                          const std::optional<std::string>& cursor,
                                          const kpi::Context& ctx, bool* kept) {
  if (kept) *kept = false;
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
  const Records& before = (*scope)->records;
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
  auto after = store.load_related((*scope)->query);
  if (!after) return after.error();
  const kpi::Partials old_part = partials_of(before, ctx);
  const kpi::Partials new_part = partials_of(*after, ctx);
  // The cells either touches, as stored, minus the old contributions plus the new.
  std::vector<Store::PartialCell> cells = touched(old_part, new_part);
  if (auto r = store.partial_cells(cells); !r) return r.error();
  kpi::Partials cur;
  cur.zone = ctx.options.report_zone;
  for (const auto& c : cells)
    if (!c.cells.empty())
      if (auto r = kpi::decode_day(c.cells, c.day, cur); !r) return r.error();
  cur.merge(old_part, -1);
  cur.merge(new_part);
  const auto out = cells_of(cur, &cells);  // "" where no cell is left
  std::vector<Store::PhoneKey> keys;
  phone_keys_of(batch, keys);
  if (auto r = store.put_phone_keys(keys, false); !r) return r.error();
  TagRest rest = **tag;
  rest.calls += (long long)after->calls.size() - (long long)before.calls.size();
  if (auto r = store.update_partials(out, tag_of(*now, ctx) + tag_rest(rest)); !r) return r.error();
  if (kept) *kept = true;
  return applied;
}

}  // namespace dp::app
