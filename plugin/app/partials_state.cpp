#include "app/partials_state.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <set>
#include <tuple>
#include <utility>

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
      c.cells.clear();
      const auto& keys = p.cells[size_t(c.grouping)];
      if (auto k = keys.find(c.key); k != keys.end())
        if (auto d = k->second.find(c.day); d != k->second.end())
          c.cells = kpi::encode_cell(kpi::GroupBy(c.grouping), c.key, d->second);
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

// What a batch changes, for telling which records of a subset contribute anew and
// which are context only: the batch's own records, and every time at which a contact
// (a ticket's creation, a call) may have appeared, moved or been relinked.
struct Changed {
  std::set<std::string> tickets, calls, surveys, sessions;
  std::vector<Time> contacts;  // sorted

  Changed(const Records& batch, const Records& before, const Records& after, Seconds link_window) {
    for (const Ticket& t : batch.tickets) tickets.insert(t.id);
    for (const TicketEvent& e : batch.events) tickets.insert(e.ticket);
    for (const Call& c : batch.calls) calls.insert(c.id);
    for (const Survey& v : batch.surveys) surveys.insert(v.id);
    for (const AgentSession& a : batch.sessions) sessions.insert(a.id);
    std::vector<Time> created;  // of the changed tickets, old and new
    for (const Records* r : {&before, &after})
      for (const Ticket& t : r->tickets)
        if (tickets.count(t.id)) created.push_back(t.created_at);
    std::sort(created.begin(), created.end());
    contacts = created;
    // A call is linked to the nearest ticket of its phone created within the link
    // window: it may move when such a ticket changed, or when a customer's phone did.
    for (const Records* r : {&before, &after})
      for (const Call& c : r->calls) {
        auto near = std::lower_bound(created.begin(), created.end(), c.offered_at - link_window);
        if (calls.count(c.id) || !batch.customers.empty() ||
            (near != created.end() && *near <= c.offered_at + link_window))
          contacts.push_back(c.offered_at);
      }
    std::sort(contacts.begin(), contacts.end());
  }

  // Whether any contact time is in (from, to].
  bool contact_in(Time from, Time to) const {
    auto it = std::upper_bound(contacts.begin(), contacts.end(), from);
    return it != contacts.end() && *it <= to;
  }
};

// A subset's partials: its calls linked among themselves as compute links all records,
// facts computed on all of it, contributions only from the records the batch can
// change — its own, their events and surveys, and the tickets whose fcr a changed
// contact can change (a contact counts from creation to fcr_days after resolution).
kpi::Partials partials_of(Records subset, const kpi::Context& ctx, const Changed& ch) {
  sync::link_calls_to_tickets(subset, ctx.options.link_window);
  const kpi::Input in(subset, ctx);
  kpi::Contributors only;
  const auto fcr_days = std::chrono::days(ctx.options.fcr_days);
  for (size_t i = 0; i < subset.tickets.size(); ++i) {
    const kpi::TicketFacts& f = in.facts[i];
    only.tickets.push_back(
        ch.tickets.count(subset.tickets[i].id) > 0 ||
        (f.resolved_at && ch.contact_in(subset.tickets[i].created_at, *f.resolved_at + fcr_days)));
  }
  for (const Call& c : subset.calls) only.calls.push_back(ch.calls.count(c.id) > 0);
  for (const Survey& v : subset.surveys)
    only.surveys.push_back(ch.surveys.count(v.id) || (v.ticket && ch.tickets.count(*v.ticket)) ||
                           (v.call && ch.calls.count(*v.call)));
  for (const AgentSession& a : subset.sessions)
    only.sessions.push_back(ch.sessions.count(a.id) > 0);
  return kpi::build_partials(in, &only);
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
    const kpi::Request& req, bool* rebuilt,
    const std::function<void(std::vector<kpi::Row>&)>& sink) {
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
    if (sink) merger->stream_to(sink);
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
  if (sink) {
    sink(*rows);
    rows->clear();
  }
  return Rows(std::move(*rows));
}

namespace {

// The records whose contributions a batch can change, as the store's link queries:
// the batch's own records and, transitively, every record linked to them through a
// requester, a ticket, a caller or a phone key, so that facts computed on the subset
// (fcr's repeat contacts, call links) equal those computed on all records. nullopt
// when it does not settle (or a ticket names a call): then the partials are rebuilt.
// Records of one subset, each kind ordered as Store::load_related() orders it, so that
// facts (which may depend on the order of events at the same second) come out the same
// whichever way a subset was put together.
template <class R>
void by_id(std::vector<R>& v) {
  std::sort(v.begin(), v.end(), [](const R& a, const R& b) { return a.id < b.id; });
}

void normalise(Records& r) {
  by_id(r.tickets);
  std::sort(r.events.begin(), r.events.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ticket, a.at, a.id) < std::tie(b.ticket, b.at, b.id);
  });
  by_id(r.calls);
  by_id(r.surveys);
  by_id(r.customers);
  by_id(r.sessions);
}

// `base` with the records of `fresh` added, and replacing those with the same id (and
// the events of fresh's tickets, which fresh holds all of).
Records splice(Records base, Records fresh) {
  auto keep = [](auto& from, auto& into) {
    std::set<std::string> ids;
    for (const auto& x : into) ids.insert(x.id);
    for (auto& x : from)
      if (!ids.count(x.id)) into.push_back(std::move(x));
  };
  std::set<std::string> tickets;
  for (const Ticket& t : fresh.tickets) tickets.insert(t.id);
  for (TicketEvent& e : base.events)
    if (!tickets.count(e.ticket)) fresh.events.push_back(std::move(e));
  keep(base.tickets, fresh.tickets);
  keep(base.calls, fresh.calls);
  keep(base.surveys, fresh.surveys);
  keep(base.customers, fresh.customers);
  keep(base.sessions, fresh.sessions);
  normalise(fresh);
  return fresh;
}

// The records whose contributions a batch can change, read from the store: the
// batch's own records and, transitively, every record linked to them through a
// requester, a ticket, a caller or a phone key, so that facts computed on the subset
// (fcr's repeat contacts, call links) equal those computed on all records. Each round
// asks only for what the last one found. nullopt when it does not settle (or a ticket
// names a call): then the partials are rebuilt.
Result<std::optional<Records>> related_scope(Store& store, const Records& batch) {
  std::set<std::string> requesters, tickets, calls, callers, keys, surveys, sessions;
  Store::Related next;  // values not asked for yet
  auto add = [&](std::set<std::string>& set, std::vector<std::string>& ask, const std::string& v) {
    if (!v.empty() && set.insert(v).second) ask.push_back(v);
  };
  auto add_phone = [&](const std::string& number) {
    add(callers, next.callers, number);
    add(keys, next.phone_keys, sync::phone_key(number));
  };
  // Grows the sets from records in (or entering) the subset; false: a ticket names a call.
  auto grow = [&](const Records& r) {
    for (const Ticket& t : r.tickets) {
      if (!sync::call_refs(t).empty()) return false;
      add(requesters, next.requesters, t.requester);
      add(tickets, next.tickets, t.id);
    }
    for (const TicketEvent& e : r.events) add(tickets, next.tickets, e.ticket);
    for (const Call& c : r.calls) {
      add(calls, next.calls, c.id);
      // A caller no customer matches is its own requester.
      add(requesters, next.requesters, c.caller);
      add_phone(c.caller);
      if (c.ticket) add(tickets, next.tickets, *c.ticket);
    }
    for (const Survey& s : r.surveys) {
      add(surveys, next.surveys, s.id);
      if (s.ticket) add(tickets, next.tickets, *s.ticket);
      if (s.call) add(calls, next.calls, *s.call);
    }
    for (const Customer& c : r.customers) {
      add(requesters, next.requesters, c.id);
      if (c.phone) add_phone(*c.phone);
    }
    for (const AgentSession& a : r.sessions) add(sessions, next.sessions, a.id);
    return true;
  };
  if (!grow(batch)) return std::optional<Records>();
  Records found;
  for (int round = 0; round < 8; ++round) {
    const Store::Related ask = std::exchange(next, {});
    auto more = store.load_related(ask);
    if (!more) return more.error();
    if (!grow(*more)) return std::optional<Records>();
    found = splice(std::move(found), std::move(*more));
    if (next.requesters.empty() && next.tickets.empty() && next.calls.empty() &&
        next.callers.empty() && next.phone_keys.empty() && next.surveys.empty() &&
        next.sessions.empty())
      return std::optional<Records>(std::move(found));
  }
  return std::optional<Records>();
}

// The subset after the batch is stored: the batch's records read back (as stored),
// the rest as before.
Result<Records> reread(Store& store, const Records& before, const Records& batch) {
  Store::Related q;
  std::set<std::string> tickets;
  for (const Ticket& t : batch.tickets) tickets.insert(t.id);
  for (const TicketEvent& e : batch.events) tickets.insert(e.ticket);
  q.tickets.assign(tickets.begin(), tickets.end());
  for (const Call& c : batch.calls) q.calls.push_back(c.id);
  for (const Survey& s : batch.surveys) q.surveys.push_back(s.id);
  for (const Customer& c : batch.customers) q.requesters.push_back(c.id);
  for (const AgentSession& a : batch.sessions) q.sessions.push_back(a.id);
  auto fresh = store.load_related(q);
  if (!fresh) return fresh.error();
  return splice(before, std::move(*fresh));
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
  const Records& before = **scope;
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
  auto after = reread(store, before, batch);
  if (!after) return after.error();
  const Changed changed(batch, before, *after, ctx.options.link_window);
  const kpi::Partials old_part = partials_of(before, ctx, changed);
  const kpi::Partials new_part = partials_of(*after, ctx, changed);
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
