// The incremental scope (internal to the rollup, docs/performance.md "Incremental"):
// which stored records a batch's contributions depend on, read so that facts computed
// on the subset (fcr's repeat contacts, call-to-ticket links) equal those computed on
// all records; and the page and requester-chunk walks a rebuild reads the state by.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kpi/facts.h"
#include "kpi/partials.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::rollup {

// What a batch changes, for telling which records of a subset contribute anew and
// which are context only: the batch's own records, and every time at which a contact
// (a ticket's creation, a call) may have appeared, moved or been relinked. `before`
// and `after` hold the subset's tickets and calls before and after the batch.
struct Changed {
  std::set<std::string> tickets, calls, surveys, sessions, customers;
  std::vector<Time> contacts;  // sorted

  Changed(const Records& batch, const Records& before, const Records& after, Seconds link_window);
  // Whether any contact time is in (from, to].
  bool contact_in(Time from, Time to) const;
};

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
           bool replace = false);
  // The tickets (without events) and calls, for telling what changed.
  Records heads() const;
  // Record counts, as the partials' totals count them.
  kpi::Totals totals() const;
  Records records() const;
  // The contacts whose fcr a changed contact can change, by their last status change
  // (their resolution is one): resolved within fcr_days before a changed contact that
  // came after their creation.
  void fcr_can_change(const Changed& ch, int fcr_days, std::set<std::string>& out) const;

  std::unordered_set<std::string> contacts;

 private:
  std::map<std::string, Ticket> tickets_;
  std::unordered_map<std::string, std::vector<TicketEvent>> events_;
  std::map<std::string, Call> calls_;
  std::map<std::string, Survey> surveys_;
  std::map<std::string, Customer> customers_;
  std::map<std::string, AgentSession> sessions_;
};

// load_related() with the requesters' other tickets as contacts (named in `contacts`).
Result<Records> load_with_contacts(Store& store, const Store::Related& q,
                                   std::unordered_set<std::string>& contacts);

// The records whose contributions a batch can change, read from the store: the
// batch's own records and, transitively, every record linked to them through a
// requester, a ticket, a caller or a phone key. Tickets reached only through their
// requester come as contacts. Each round asks only for what the last one found.
// nullopt when it does not settle within 8 rounds (or a ticket names a call): then
// the partials are rebuilt.
Result<std::optional<Subset>> related_scope(Store& store, const Records& batch);

// The batch's records as stored (read back after it is), and the contacts among them.
Result<Records> reread(Store& store, const Records& batch,
                       std::unordered_set<std::string>& contacts);

// A subset's partials: its calls linked among themselves as compute links all records,
// facts computed on all of it, contributions only from the records the batch can
// change — its own, their events and surveys, and the tickets whose fcr a changed
// contact can change (a contact counts from creation to fcr_days after resolution).
// nullopt when a ticket held as a contact only would contribute (it should have been
// read in full). `facts` receives the contributing tickets' facts.
std::optional<kpi::Partials> partials_of(Records subset,
                                         const std::unordered_set<std::string>& contacts,
                                         const kpi::Context& ctx, const Changed& ch,
                                         std::vector<kpi::TicketFacts>* facts = nullptr);

// Steps through the pages of one kind, `limit` records at a time; fn returns false to
// stop.
Result<void> each_page(Store& store, Store::PageOf kind, size_t limit,
                       const std::function<Result<bool>(Records&)>& fn);

// The tickets of `requesters` requesters at a time with what their facts read
// (related_scope: the requesters' other tickets as contacts, linked calls), handed to
// fn with the ids of the chunk's own tickets; fn returns false to stop. False when a
// scope does not settle or a ticket names a call.
Result<bool> each_requester_chunk(
    Store& store, size_t requesters,
    const std::function<bool(Records, const std::unordered_set<std::string>&)>& fn);

}  // namespace dp::rollup
