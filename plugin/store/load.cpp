// Reading records back: everything, or what changed after a change sequence.
#include "store/store.h"
#include "store/store_impl.h"
#include "store/tables.h"

namespace dp {

namespace {

using store::Table;

// Appends the rows of `SELECT <columns of R> FROM <table> <where> ORDER BY <order>`,
// with `seq` bound to ?1 when the filter uses it.
template <class R>
Result<void> select_into(Store::Impl& impl, std::vector<R>& out, const std::string& where = {},
                         std::optional<int64_t> seq = {}) {
  auto st = impl.stmt("SELECT " + store::column_list<R>() + " FROM " + std::string(Table<R>::name) +
                      " " + where + " ORDER BY " + std::string(Table<R>::order));
  if (!st) return st.error();
  if (seq) (*st)->bind(1, *seq);
  return store::read_rows<R>(**st, [&](R&& rec) { out.push_back(std::move(rec)); });
}

// Tickets touched after ?1: the ticket row itself changed, or one of its events did.
constexpr const char* kChangedTickets =
    "(SELECT id FROM tickets WHERE seq > ?1 "
    "UNION SELECT ticket FROM ticket_events WHERE seq > ?1)";

}  // namespace

Result<Records> Store::load_all() {
  return store::guarded([&]() -> Result<Records> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    Records r;
    Result<void> done;
    if (done) done = select_into(*impl_, r.tickets);
    if (done) done = select_into(*impl_, r.events);
    if (done) done = select_into(*impl_, r.calls);
    if (done) done = select_into(*impl_, r.surveys);
    if (done) done = select_into(*impl_, r.customers);
    if (done) done = select_into(*impl_, r.agents);
    if (done) done = select_into(*impl_, r.sessions);
    if (!done) return done.error();
    return r;
  });
}

Result<std::vector<Agent>> Store::agents() {
  return store::guarded([&]() -> Result<std::vector<Agent>> {
    std::vector<Agent> out;
    if (auto r = select_into(*impl_, out); !r) return r.error();
    return out;
  });
}

Result<std::vector<std::pair<std::string, std::string>>> Store::open_tickets() {
  using Out = std::vector<std::pair<std::string, std::string>>;
  return store::guarded([&]() -> Result<Out> {
    // The condition is tickets_open's, so the index answers it alone.
    auto st = impl_->stmt(
        "SELECT owner, id FROM tickets WHERE status IN ('new', 'open', 'pending') AND "
        "owner IS NOT NULL ORDER BY owner, id");
    if (!st) return st.error();
    Out out;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) return out;
      out.emplace_back((*st)->text(0), (*st)->text(1));
    }
  });
}

Result<Records> Store::load_tickets_changed_since(int64_t seq, int64_t* max_seq) {
  return store::guarded([&]() -> Result<Records> {
    // One read transaction: the records and max_seq describe the same snapshot.
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    Records r;
    const std::string changed = kChangedTickets;
    Result<void> done = select_into(*impl_, r.tickets, "WHERE id IN " + changed, seq);
    if (done) done = select_into(*impl_, r.events, "WHERE ticket IN " + changed, seq);
    if (done) done = select_into(*impl_, r.calls, "WHERE seq > ?1", seq);
    if (!done) return done.error();
    if (max_seq) {
      auto m = impl_->max_seq();
      if (!m) return m.error();
      *max_seq = *m;
    }
    return r;
  });
}

}  // namespace dp
