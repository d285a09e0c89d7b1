#include "app/partials_state.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <limits>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "ops/progress.h"
#include "sync/link.h"

namespace dp::app {

namespace {

std::string tag_of(int64_t version, const kpi::Context& ctx) {
  return std::to_string(version) + ':' + kpi::context_fingerprint(ctx) + ":f" +
         std::to_string(kpi::kPartialsFormat) + ':';
}

// What the tag says besides the version and context: the numbers of call, ticket,
// agent session and customer records (not per day) and whether any ticket names a call
// (then links cross requesters, and changes are not followed incrementally).
struct TagRest {
  kpi::Totals totals;
  bool refs = false;
};

std::string tag_rest(const TagRest& t) {
  return std::to_string(t.totals.calls) + ',' + std::to_string(t.totals.tickets) + ',' +
         std::to_string(t.totals.sessions) + ',' + std::to_string(t.totals.customers) +
         (t.refs ? ":refs" : ":-");
}

// The rest of the stored tag when it is current for `version` and `ctx`.
Result<std::optional<TagRest>> current_tag(Store& store, int64_t version, const kpi::Context& ctx) {
  auto tag = store.partials_tag();
  if (!tag) return tag.error();
  const std::string want = tag_of(version, ctx);
  if (!*tag || !(*tag)->starts_with(want)) return std::optional<TagRest>();
  TagRest t;
  const std::string rest = (*tag)->substr(want.size());
  const char* end = rest.data() + rest.size();
  const char* at = rest.data();
  for (long long* v : {&t.totals.calls, &t.totals.tickets, &t.totals.sessions}) {
    at = std::from_chars(at, end, *v).ptr;
    if (at == end || *at != ',') return std::optional<TagRest>();  // damaged
    ++at;
  }
  std::from_chars(at, end, t.totals.customers);
  t.refs = rest.ends_with(":refs");
  return std::optional<TagRest>(t);
}

void phone_keys_of(const Records& r, std::vector<Store::PhoneKey>& out) {
  for (const Call& c : r.calls) out.push_back({"call", c.id, sync::phone_key(c.caller)});
  for (const Customer& c : r.customers)
    out.push_back({"customer", c.id, c.phone ? sync::phone_key(*c.phone) : ""});
}

// The grouping of a stored row (kpi::encode_row()'s code).
size_t grouping_of(int32_t code) {
  return size_t(code >= kpi::kWaitingRow ? code - kpi::kWaitingRow : code);
}

// Every row of `p` as stored, or only those `like` names (deleted when absent in p).
std::vector<Store::PartialCell> cells_of(const kpi::Partials& p,
                                         const std::vector<Store::PartialCell>* like = nullptr) {
  std::vector<Store::PartialCell> out;
  if (like) {
    for (Store::PartialCell c : *like) {
      c.cells.clear();
      const auto& keys = p.cells[grouping_of(c.grouping)];
      if (auto k = keys.find(c.key); k != keys.end())
        if (auto d = k->second.find(c.day); d != k->second.end())
          c.cells = kpi::encode_row(c.grouping, c.key, d->second);
      out.push_back(std::move(c));
    }
    return out;
  }
  for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [day, cell] : days)
        for (const int32_t code : {int32_t(g), int32_t(kpi::kWaitingRow + g)})
          if (std::string row = kpi::encode_row(code, key, cell); !row.empty())
            out.push_back({day, code, key, std::move(row)});
  // Stored in day order, compute's reading order: its scan is sequential in the file.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.day, a.grouping, a.key) < std::tie(b.day, b.grouping, b.key);
  });
  return out;
}

// The rows of the cells either partials has, keys only.
std::vector<Store::PartialCell> touched(const kpi::Partials& a, const kpi::Partials& b) {
  std::set<std::tuple<int32_t, int32_t, std::string>> keys;
  for (const kpi::Partials* p : {&a, &b})
    for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
      for (const auto& [key, days] : p->cells[g])
        for (const auto& [day, _] : days)
          for (const int32_t code : {int32_t(g), int32_t(kpi::kWaitingRow + g)})
            keys.emplace(day, code, key);
  std::vector<Store::PartialCell> out;
  for (const auto& [day, g, key] : keys) out.push_back({day, g, key, {}});
  return out;
}

// What a batch changes, for telling which records of a subset contribute anew and
// which are context only: the batch's own records, and every time at which a contact
// (a ticket's creation, a call) may have appeared, moved or been relinked.
struct Changed {
  std::set<std::string> tickets, calls, surveys, sessions, customers;
  std::vector<Time> contacts;  // sorted

  Changed(const Records& batch, const Records& before, const Records& after, Seconds link_window) {
    for (const Ticket& t : batch.tickets) tickets.insert(t.id);
    for (const TicketEvent& e : batch.events) tickets.insert(e.ticket);
    for (const Call& c : batch.calls) calls.insert(c.id);
    for (const Survey& v : batch.surveys) surveys.insert(v.id);
    for (const AgentSession& a : batch.sessions) sessions.insert(a.id);
    for (const Customer& c : batch.customers) customers.insert(c.id);
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
// nullopt when a ticket held as a contact only would contribute (it should have been
// read in full). `facts` receives the contributing tickets' facts.
std::optional<kpi::Partials> partials_of(Records subset,
                                         const std::unordered_set<std::string>& contacts,
                                         const kpi::Context& ctx, const Changed& ch,
                                         std::vector<kpi::TicketFacts>* facts = nullptr) {
  sync::link_calls_to_tickets(subset, ctx.options.link_window);
  const kpi::Input in(subset, ctx);
  kpi::Contributors only;
  const auto fcr_days = std::chrono::days(ctx.options.fcr_days);
  for (size_t i = 0; i < subset.tickets.size(); ++i) {
    const kpi::TicketFacts& f = in.facts[i];
    const bool contributes =
        ch.tickets.count(subset.tickets[i].id) > 0 ||
        (f.resolved_at && ch.contact_in(subset.tickets[i].created_at, *f.resolved_at + fcr_days));
    if (contributes && contacts.count(subset.tickets[i].id)) return std::nullopt;
    only.tickets.push_back(contributes);
    if (contributes && facts) facts->push_back(f);
  }
  for (const Call& c : subset.calls) only.calls.push_back(ch.calls.count(c.id) > 0);
  for (const Survey& v : subset.surveys)
    only.surveys.push_back(ch.surveys.count(v.id) || (v.ticket && ch.tickets.count(*v.ticket)) ||
                           (v.call && ch.calls.count(*v.call)));
  for (const AgentSession& a : subset.sessions)
    only.sessions.push_back(ch.sessions.count(a.id) > 0);
  for (const Customer& c : subset.customers) only.customers.push_back(ch.customers.count(c.id) > 0);
  return kpi::build_partials(in, &only);
}

// Partials built up to data version `version`, stored with their tag.
Result<void> write_partials(Store& store, const kpi::Partials& p, int64_t version,
                            const kpi::Context& ctx, bool refs) {
  return store.replace_partials(cells_of(p), tag_of(version, ctx) + tag_rest({p.totals, refs}));
}

Result<std::optional<kpi::Totals>> build_in_chunks(Store& store, const kpi::Context& ctx,
                                                   const Chunks& size, int64_t version,
                                                   const std::function<void(size_t)>& counted);
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

Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const std::function<kpi::Context(Records&)>& records_ctx,
    const kpi::Request& req, bool* rebuilt, const std::function<void(std::vector<kpi::Row>&)>& sink,
    Progress* progress) {
  using Rows = std::optional<std::vector<kpi::Row>>;
  if (rebuilt) *rebuilt = false;
  const auto& zone = ctx.options.report_zone;
  if (!kpi::DayMerger::make(zone, {}, ctx.options, req)) return Rows();  // not whole days
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = current_tag(store, *version, ctx);
  if (!tag) return tag.error();
  std::optional<kpi::Totals> built;  // by a rebuild in chunks
  if (!*tag) {
    if (rebuilt) *rebuilt = true;
    // Up to kWholeLoadRecords records are loaded whole (a few hundred MB, and ~2.5x
    // faster); more are read a chunk at a time, and the rows read back from the store.
    auto counts = store.counts();
    if (!counts) return counts.error();
    const int64_t stored = counts->tickets + counts->events + counts->calls + counts->surveys +
                           counts->customers + counts->sessions;
    std::unique_ptr<Progress> own;  // finished (its line ended) before any row is out
    if (!progress) progress = (own = ops::make_progress()).get();
    if (stored > kWholeLoadRecords) {
      auto chunked = rebuild_partials(store, ctx, {}, progress);
      if (!chunked) return chunked.error();
      built = *chunked;
    }
    if (!built) {
      // Built from all records in one go: counted when loaded and when stored.
      ProgressStep step{.what = "partials", .done = 0, .total = uint64_t(stored)};
      progress->step(step);
      auto records = store.load_all();
      if (!records) return records.error();
      const kpi::Context full = records_ctx(*records);
      auto whole = store_partials(store, *records, full);
      if (!whole) return whole.error();
      step.done = step.total.value();
      progress->step(step);
      progress->finish();
      auto rows = kpi::compute_from_partials(*whole, full.options, req);
      if (!rows) return rows.error();
      if (sink) {
        sink(*rows);
        rows->clear();
      }
      return Rows(std::move(*rows));
    }
    progress->finish();
  }
  // After a rebuild in chunks, its partials as stored (current unless another writer
  // stored meanwhile; then they stay stale for the next compute).
  auto merger = kpi::DayMerger::make(zone, *tag ? (*tag)->totals : *built, ctx.options, req);
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

namespace {

// Records whose contributions are recomputed together, each record once, by id.
// Tickets in `contacts` are held as contacts only (Store::load_related): never
// contributors, there for fcr's repeat contacts and call links. records() lists them
// each kind ordered as Store::load_all() orders it (events by ticket, time and id), so
// facts (which may depend on the order of events at the same second) come out the
// same whichever way a subset was put together.
class Subset {
 public:
  // Adds the records of `more` (`more_contacts` names its contacts). A ticket here
  // only as a contact is replaced by one read in full; otherwise a record already here
  // is kept, or with `replace`, replaced (a ticket in full, with its events).
  void add(Records more, const std::unordered_set<std::string>& more_contacts,
           bool replace = false) {
    std::unordered_set<std::string> taken;  // tickets whose events come from `more`
    for (Ticket& t : more.tickets) {
      const bool contact = more_contacts.count(t.id) > 0;
      auto it = tickets_.find(t.id);
      const bool held_as_contact = it != tickets_.end() && contacts.count(t.id);
      if (it != tickets_.end() && (contact || !(replace || held_as_contact))) continue;
      if (contact)
        contacts.insert(t.id);
      else
        contacts.erase(t.id);
      events_[t.id].clear();
      taken.insert(t.id);
      std::string id = t.id;
      tickets_.insert_or_assign(std::move(id), std::move(t));
    }
    for (TicketEvent& e : more.events)
      if (taken.count(e.ticket)) events_[e.ticket].push_back(std::move(e));
    put(more.calls, calls_, replace);
    put(more.surveys, surveys_, replace);
    put(more.customers, customers_, replace);
    put(more.sessions, sessions_, replace);
  }

  // The tickets (without events) and calls, for telling what changed.
  Records heads() const {
    Records r;
    for (const auto& [_, t] : tickets_) r.tickets.push_back(t);
    for (const auto& [_, c] : calls_) r.calls.push_back(c);
    return r;
  }
  // Record counts, as the partials' totals count them.
  kpi::Totals totals() const {
    return {(long long)calls_.size(), (long long)tickets_.size(), (long long)sessions_.size(),
            (long long)customers_.size()};
  }

  Records records() const {
    Records r;
    for (const auto& [id, t] : tickets_) {
      r.tickets.push_back(t);
      const auto& ev = events_.at(id);
      r.events.insert(r.events.end(), ev.begin(), ev.end());
    }
    for (const auto& [_, c] : calls_) r.calls.push_back(c);
    for (const auto& [_, v] : surveys_) r.surveys.push_back(v);
    for (const auto& [_, c] : customers_) r.customers.push_back(c);
    for (const auto& [_, a] : sessions_) r.sessions.push_back(a);
    return r;
  }

  // The contacts whose fcr a changed contact can change, by their last status change
  // (their resolution is one): resolved within fcr_days before a changed contact that
  // came after their creation.
  void fcr_can_change(const Changed& ch, int fcr_days, std::set<std::string>& out) const {
    for (const std::string& id : contacts) {
      const auto& ev = events_.at(id);
      if (ev.empty()) continue;
      Time last = ev.front().at;
      for (const TicketEvent& e : ev) last = std::max(last, e.at);
      if (ch.contact_in(tickets_.at(id).created_at, last + std::chrono::days(fcr_days)))
        out.insert(id);
    }
  }

  std::unordered_set<std::string> contacts;

 private:
  template <class R>
  static void put(std::vector<R>& from, std::map<std::string, R>& into, bool replace) {
    for (R& x : from) {
      std::string id = x.id;
      if (replace)
        into.insert_or_assign(std::move(id), std::move(x));
      else
        into.try_emplace(std::move(id), std::move(x));
    }
  }
  std::map<std::string, Ticket> tickets_;
  std::unordered_map<std::string, std::vector<TicketEvent>> events_;
  std::map<std::string, Call> calls_;
  std::map<std::string, Survey> surveys_;
  std::map<std::string, Customer> customers_;
  std::map<std::string, AgentSession> sessions_;
};

// load_related() with the requesters' other tickets as contacts.
Result<Records> load_with_contacts(Store& store, const Store::Related& q,
                                   std::unordered_set<std::string>& contacts) {
  std::vector<std::string> ids;
  auto r = store.load_related(q, ids);
  contacts = {ids.begin(), ids.end()};
  return r;
}

// The records whose contributions a batch can change, read from the store: the
// batch's own records and, transitively, every record linked to them through a
// requester, a ticket, a caller or a phone key, so that facts computed on the subset
// (fcr's repeat contacts, call links) equal those computed on all records. Tickets
// reached only through their requester come as contacts. Each round asks only for
// what the last one found. nullopt when it does not settle (or a ticket names a
// call): then the partials are rebuilt.
Result<std::optional<Subset>> related_scope(Store& store, const Records& batch) {
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
  auto grow = [&](const Records& r, const std::unordered_set<std::string>& contacts) {
    for (const Ticket& t : r.tickets) {
      if (!sync::call_refs(t).empty()) return false;
      add(requesters, next.requesters, t.requester);
      if (contacts.count(t.id))
        tickets.insert(t.id);  // known, and not asked for in full
      else
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
  if (!grow(batch, {})) return std::optional<Subset>();
  Subset found;
  for (int round = 0; round < 8; ++round) {
    const Store::Related ask = std::exchange(next, {});
    std::unordered_set<std::string> contacts;
    auto more = load_with_contacts(store, ask, contacts);
    if (!more) return more.error();
    if (!grow(*more, contacts)) return std::optional<Subset>();
    found.add(std::move(*more), contacts);
    if (next.requesters.empty() && next.tickets.empty() && next.calls.empty() &&
        next.callers.empty() && next.phone_keys.empty() && next.surveys.empty() &&
        next.sessions.empty())
      return std::optional<Subset>(std::move(found));
  }
  return std::optional<Subset>();
}

// The batch's records as stored (read back after it is), and the contacts among them.
Result<Records> reread(Store& store, const Records& batch,
                       std::unordered_set<std::string>& contacts) {
  Store::Related q;
  std::set<std::string> tickets;
  for (const Ticket& t : batch.tickets) tickets.insert(t.id);
  for (const TicketEvent& e : batch.events) tickets.insert(e.ticket);
  q.tickets.assign(tickets.begin(), tickets.end());
  for (const Call& c : batch.calls) q.calls.push_back(c.id);
  for (const Survey& s : batch.surveys) q.surveys.push_back(s.id);
  for (const Customer& c : batch.customers) q.requesters.push_back(c.id);
  for (const AgentSession& a : batch.sessions) q.sessions.push_back(a.id);
  return load_with_contacts(store, q, contacts);
}

// Steps through the pages of one kind; fn returns false to stop.
Result<void> each_page(Store& store, Store::PageOf kind, size_t limit,
                       const std::function<Result<bool>(Records&)>& fn) {
  std::optional<std::string> after;
  for (;;) {
    auto page = store.page(kind, after, limit);
    if (!page) return page.error();
    const Records& r = page->records;
    if (r.tickets.empty() && r.calls.empty() && r.surveys.empty() && r.customers.empty() &&
        r.sessions.empty())
      return {};
    auto more = fn(page->records);
    if (!more) return more.error();
    if (!*more) return {};
    after = std::move(page->last);
  }
}

// The tickets of `requesters` requesters at a time with what their facts read
// (related_scope: the requesters' other tickets as contacts, linked calls), handed to
// fn with the ids of the chunk's own tickets. False when a scope does not settle or a
// ticket names a call.
Result<bool> each_requester_chunk(
    Store& store, size_t requesters,
    const std::function<bool(Records, const std::unordered_set<std::string>&)>& fn) {
  bool settled = true;
  auto r =
      each_page(store, Store::PageOf::requesters, requesters, [&](Records& seeds) -> Result<bool> {
        auto scope = related_scope(store, seeds);
        if (!scope) return scope.error();
        if (!*scope) return settled = false;
        std::unordered_set<std::string> ids;
        for (const Ticket& t : seeds.tickets) ids.insert(t.id);
        return fn((*scope)->records(), ids);
      });
  if (!r) return r.error();
  return settled;
}

// Adds `held` to the partials stored so far (`first`: the build's first, the stored ones
// are dropped), kSpillDays days at a time, and empties it. Until the build is complete
// the tag says "building": stale.
constexpr const char* kBuilding = "building";
constexpr size_t kSpillDays = 16;

Result<void> spill(Store& store, kpi::Partials& held, bool first) {
  if (first)
    if (auto r = store.replace_partials({}, kBuilding); !r) return r.error();
  const std::set<kpi::Day> all = held.days();
  const std::vector<kpi::Day> days(all.begin(), all.end());
  for (size_t i = 0; i < days.size(); i += kSpillDays) {
    const kpi::Day from = days[i];
    const kpi::Day to =
        i + kSpillDays < days.size() ? days[i + kSpillDays] : std::numeric_limits<kpi::Day>::max();
    kpi::Partials block;  // the held cells of days [from, to), then with the stored ones
    block.zone = held.zone;
    for (size_t g = 0; g < kpi::Partials::kGroupings; ++g)
      for (auto& [key, cells] : held.cells[g]) {
        auto begin = cells.lower_bound(from), end = cells.lower_bound(to);
        if (begin == end) continue;
        auto& into = block.cells[g][key];
        for (auto it = begin; it != end; ++it) into.emplace(it->first, std::move(it->second));
        cells.erase(begin, end);
      }
    std::vector<Store::PartialCell> rows = touched(block, block);
    if (!first) {
      if (auto r = store.partial_cells(rows); !r) return r.error();
      kpi::Partials stored;
      stored.zone = held.zone;
      for (const auto& c : rows)
        if (!c.cells.empty())
          if (auto r = kpi::decode_day(c.cells, c.day, stored); !r) return r.error();
      stored.merge(block);
      block = std::move(stored);
    }
    if (auto r = store.update_partials(cells_of(block, &rows), kBuilding); !r) return r.error();
  }
  held.cells = {};
  return {};
}

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

}  // namespace dp::app
