#include "rollup/scope.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "sync/link.h"

namespace dp::rollup {

Changed::Changed(const Records& batch, const Records& before, const Records& after,
                 Seconds link_window) {
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

bool Changed::contact_in(Time from, Time to) const {
  auto it = std::upper_bound(contacts.begin(), contacts.end(), from);
  return it != contacts.end() && *it <= to;
}

namespace {

// Adds (or with `replace`, replaces) records by id.
template <class R>
void put(std::vector<R>& from, std::map<std::string, R>& into, bool replace) {
  for (R& x : from) {
    std::string id = x.id;
    if (replace)
      into.insert_or_assign(std::move(id), std::move(x));
    else
      into.try_emplace(std::move(id), std::move(x));
  }
}

}  // namespace

void Subset::add(Records more, const std::unordered_set<std::string>& more_contacts, bool replace) {
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

Records Subset::heads() const {
  Records r;
  for (const auto& [_, t] : tickets_) r.tickets.push_back(t);
  for (const auto& [_, c] : calls_) r.calls.push_back(c);
  return r;
}

kpi::Totals Subset::totals() const {
  return {(long long)calls_.size(), (long long)tickets_.size(), (long long)sessions_.size(),
          (long long)customers_.size()};
}

Records Subset::records() const {
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

void Subset::fcr_can_change(const Changed& ch, int fcr_days, std::set<std::string>& out) const {
  for (const std::string& id : contacts) {
    const auto& ev = events_.at(id);
    if (ev.empty()) continue;
    Time last = ev.front().at;
    for (const TicketEvent& e : ev) last = std::max(last, e.at);
    if (ch.contact_in(tickets_.at(id).created_at, last + std::chrono::days(fcr_days)))
      out.insert(id);
  }
}

Result<Records> load_with_contacts(Store& store, const Store::Related& q,
                                   std::unordered_set<std::string>& contacts) {
  std::vector<std::string> ids;
  auto r = store.load_related(q, ids);
  contacts = {ids.begin(), ids.end()};
  return r;
}

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

std::optional<kpi::Partials> partials_of(Records subset,
                                         const std::unordered_set<std::string>& contacts,
                                         const kpi::Context& ctx, const Changed& ch,
                                         std::vector<kpi::TicketFacts>* facts) {
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

}  // namespace dp::rollup
