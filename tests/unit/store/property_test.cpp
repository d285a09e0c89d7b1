// Properties over random records (any bytes in text, any times): what load_all returns
// is the last version of each id, and applying the same records again changes nothing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>

#include "store/sample_records.h"
#include "store/store.h"

namespace dp {
namespace {

using namespace rc;

template <class T>
Gen<std::optional<T>> opt(Gen<T> g) {
  return gen::oneOf(gen::just(std::optional<T>()),
                    gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); }));
}

// A few ids, so that batches repeat and change records.
// Tags are stored as a JSON array, so they are UTF-8 text, as every source makes them
// (a files line that is not is rejected, RT's JSON is checked, a phone log's bytes are
// replaced).
Gen<std::vector<std::string>> utf8_tags() {
  return gen::map(gen::arbitrary<std::vector<std::string>>(), [](std::vector<std::string> tags) {
    for (auto& t : tags) t = repair_utf8(t);
    return tags;
  });
}

Gen<std::string> small_id(const char* prefix) {
  return gen::map(gen::inRange(0, 6),
                  [prefix](int i) { return std::string(prefix) + std::to_string(i); });
}

Gen<Time> any_time() {
  return gen::map(gen::inRange<int64_t>(-4'000'000'000, 8'000'000'000),
                  [](int64_t s) { return Time(Seconds(s)); });
}

Gen<Ticket> gen_ticket() {
  return gen::build<Ticket>(
      gen::set(&Ticket::id, small_id("rt:")), gen::set(&Ticket::queue),
      gen::set(&Ticket::channel, gen::element(Channel::email, Channel::web, Channel::chat,
                                              Channel::phone, Channel::social, Channel::other)),
      gen::set(&Ticket::requester), gen::set(&Ticket::owner, opt(gen::arbitrary<std::string>())),
      gen::set(&Ticket::subject), gen::set(&Ticket::tags, utf8_tags()), gen::set(&Ticket::priority),
      gen::set(&Ticket::status, gen::element(TicketStatus::new_, TicketStatus::open,
                                             TicketStatus::resolved, TicketStatus::merged)),
      gen::set(&Ticket::created_at, any_time()), gen::set(&Ticket::updated_at, any_time()),
      gen::set(&Ticket::extra));
}

Gen<TicketEvent> gen_event() {
  return gen::build<TicketEvent>(
      gen::set(&TicketEvent::id, small_id("ev:")), gen::set(&TicketEvent::ticket, small_id("rt:")),
      gen::set(&TicketEvent::at, any_time()),
      gen::set(&TicketEvent::type, gen::element(EventType::created, EventType::agent_reply,
                                                EventType::customer_reply, EventType::deleted)),
      gen::set(&TicketEvent::actor), gen::set(&TicketEvent::is_public),
      gen::set(&TicketEvent::time_spent,
               gen::map(gen::inRange<int64_t>(0, 100'000), [](int64_t s) { return Seconds(s); })),
      gen::set(&TicketEvent::from, opt(gen::arbitrary<std::string>())),
      gen::set(&TicketEvent::to, opt(gen::arbitrary<std::string>())),
      gen::set(&TicketEvent::extra));
}

// The last record of each id wins; order as load_all documents it.
template <class R, class Less>
std::vector<R> expected(const std::vector<R>& in, Less less) {
  std::map<std::string, R> last;
  for (const auto& r : in) last.insert_or_assign(r.id, r);
  std::vector<R> out;
  for (auto& [id, r] : last) out.push_back(r);
  std::sort(out.begin(), out.end(), less);
  return out;
}

RC_GTEST_PROP(StoreProperty, LoadAllReturnsTheLastVersionOfEachIdAndReapplyIsANoOp, ()) {
  Records in;
  in.tickets = *gen::container<std::vector<Ticket>>(gen_ticket());
  in.events = *gen::container<std::vector<TicketEvent>>(gen_event());
  auto store = Store::open(":memory:");
  RC_ASSERT(store.ok());

  auto first = (*store)->apply(in, "prop", "c");
  RC_ASSERT(first.ok());
  RC_ASSERT(first->total().changed() + first->total().unchanged == in.size());
  auto again = (*store)->apply(in, "prop", "c");
  RC_ASSERT(again.ok());
  // Re-applying a batch that repeats an id with different content rewrites it, so
  // only a batch of distinct ids is fully unchanged the second time.
  Records last;
  last.tickets = expected(in.tickets, [](auto& a, auto& b) { return a.id < b.id; });
  last.events = expected(in.events, [](const TicketEvent& a, const TicketEvent& b) {
    return std::tie(a.ticket, a.at, a.id) < std::tie(b.ticket, b.at, b.id);
  });
  auto third = (*store)->apply(last, "prop", "c");
  RC_ASSERT(third.ok());
  RC_ASSERT(third->total().unchanged == last.size());

  auto all = (*store)->load_all();
  RC_ASSERT(all.ok());
  RC_ASSERT(test::same(*all, last));
}

}  // namespace
}  // namespace dp
