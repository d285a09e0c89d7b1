// The store's side of per-day partial aggregates: blobs by day and the tag saying
// what they were computed from.
#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "store/store.h"
#include "store/store_impl.h"
#include "store/tables.h"

namespace dp {

Result<int64_t> Store::data_version() {
  return store::guarded([&]() -> Result<int64_t> {
    return impl_->single_int(
        "SELECT CAST(value AS INTEGER) FROM store_meta WHERE name = 'data_version'");
  });
}

Result<std::optional<std::string>> Store::partials_tag() {
  return store::guarded([&]() -> Result<std::optional<std::string>> {
    auto st = impl_->stmt("SELECT value FROM store_meta WHERE name = 'partials_tag'");
    if (!st) return st.error();
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>((*st)->text(0));
  });
}

Result<std::vector<Store::PartialCell>> Store::partials() {
  return store::guarded([&]() -> Result<std::vector<PartialCell>> {
    auto st = impl_->stmt(
        "SELECT day, grouping, key, cells FROM kpi_partials ORDER BY day, grouping, key");
    if (!st) return st.error();
    std::vector<PartialCell> out;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back(
          {int32_t((*st)->int64(0)), int32_t((*st)->int64(1)), (*st)->text(2), (*st)->blob(3)});
    }
    return out;
  });
}

Result<void> Store::each_partial_day(
    int32_t from, int32_t to, const std::function<Result<void>(int32_t, std::string_view)>& fn,
    uint32_t groupings, int32_t history_to, uint32_t history_groupings) {
  return store::guarded([&]() -> Result<void> {
    // Each page is read once, straight from the mapped file.
    if (auto r = impl_->map_file(); !r) return r.error();
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    auto st = impl_->stmt(
        "SELECT day, cells FROM kpi_partials WHERE day >= ?1 AND day < ?2 "
        "AND ((1 << grouping) & (CASE WHEN day < ?4 THEN ?5 ELSE ?3 END)) != 0 "
        "ORDER BY day, grouping, key");
    if (!st) return st.error();
    (*st)->bind(1, int64_t(from));
    (*st)->bind(2, int64_t(to));
    (*st)->bind(3, int64_t(groupings));
    (*st)->bind(4, int64_t(history_to));
    (*st)->bind(5, int64_t(history_groupings));
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      if (auto r = fn(int32_t((*st)->int64(0)), (*st)->blob_view(1)); !r) return r.error();
    }
    return tx->commit();
  });
}

Result<void> Store::partial_cells(std::vector<PartialCell>& cells) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    auto st =
        impl_->stmt("SELECT cells FROM kpi_partials WHERE day = ?1 AND grouping = ?2 AND key = ?3");
    if (!st) return st.error();
    for (auto& c : cells) {
      (*st)->reset();
      (*st)->bind(1, int64_t(c.day));
      (*st)->bind(2, int64_t(c.grouping));
      (*st)->bind(3, c.key);
      auto row = (*st)->step();
      if (!row) return row.error();
      c.cells = *row ? (*st)->blob(0) : std::string();
    }
    (*st)->reset();
    return tx->commit();
  });
}

namespace {

Result<void> write_cells(Store::Impl& impl, const std::vector<Store::PartialCell>& cells,
                         const std::string& tag) {
  auto put = impl.stmt(
      "INSERT INTO kpi_partials(day, grouping, key, cells) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (day, grouping, key) DO UPDATE SET cells = excluded.cells");
  if (!put) return put.error();
  auto del = impl.stmt("DELETE FROM kpi_partials WHERE day = ?1 AND grouping = ?2 AND key = ?3");
  if (!del) return del.error();
  for (const auto& c : cells) {
    sql::Stmt& s = c.cells.empty() ? **del : **put;
    s.reset();
    s.bind(1, int64_t(c.day));
    s.bind(2, int64_t(c.grouping));
    s.bind(3, c.key);
    if (!c.cells.empty()) s.bind_blob(4, c.cells);
    if (auto r = s.run(); !r) return r.error();
  }
  auto st = impl.stmt(
      "INSERT INTO store_meta(name, value) VALUES ('partials_tag', ?1) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  if (!st) return st.error();
  (*st)->bind(1, tag);
  return (*st)->run();
}

}  // namespace

Result<void> Store::replace_partials(const std::vector<PartialCell>& cells,
                                     const std::string& tag) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    if (auto r = impl_->run("DELETE FROM kpi_partials"); !r) return r.error();
    if (auto r = write_cells(*impl_, cells, tag); !r) return r.error();
    return tx->commit();
  });
}

Result<void> Store::update_partials(const std::vector<PartialCell>& cells, const std::string& tag) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    if (auto r = write_cells(*impl_, cells, tag); !r) return r.error();
    return tx->commit();
  });
}

}  // namespace dp

// ---- records by their links (incremental partials) ------------------------------------

namespace dp {

namespace {

using store::json_array;
using store::Table;

// Rows of R whose `column` is one of `values`, or matches `in` (a subquery on ?1) into
// `by_id`; `columns` replaces R's column list (same order).
template <class R>
Result<void> select_in(Store::Impl& impl, const std::string& column, const std::string& values,
                       std::map<std::string, R>& by_id, const std::string& in = {},
                       const std::string& columns = {}) {
  if (values == "[]") return {};  // nothing to match (`in` reads ?1 too)
  auto st = impl.stmt("SELECT " + (columns.empty() ? store::column_list<R>() : columns) + " FROM " +
                      std::string(Table<R>::name) + " WHERE " + column + " IN (" +
                      (in.empty() ? "SELECT value FROM json_each(?1)" : in) + ")");
  if (!st) return st.error();
  (*st)->bind(1, values);
  return store::read_rows<R>(**st, [&](R&& rec) {
    std::string id = rec.id;
    by_id.try_emplace(std::move(id), std::move(rec));
  });
}

// A ticket as a contact: the columns of the index tickets_contacts, the others blank.
const std::string kContactColumns = "id, '', '" + std::string(to_string(Channel{})) +
                                    "', requester, NULL, subject, tags, '', status, created_at, "
                                    "created_at, extra";
// The events of the index ticket_events_status (with its WHERE), the others blank.
const std::string kStatusEventColumns = "id, ticket, at, type, '', 0, 0, NULL, to_value, ''";
const std::string kStatusEventTypes = " AND type IN ('status_change', 'merged', 'deleted')";

template <class R>
std::vector<R> values_of(std::map<std::string, R>& m) {
  std::vector<R> out;
  out.reserve(m.size());
  for (auto& [_, r] : m) out.push_back(std::move(r));
  return out;
}

template <class R>
std::string ids_of(const std::map<std::string, R>& m) {
  std::vector<std::string> ids;
  for (const auto& [id, _] : m) ids.push_back(id);
  return json_array(ids);
}

}  // namespace

Result<Records> Store::load_related(const Related& q, std::vector<std::string>& contacts) {
  return store::guarded([&]() -> Result<Records> {
    if (auto r = impl_->map_file(); !r) return r.error();
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    Impl& db = *impl_;
    const std::string keys = json_array(q.phone_keys);
    auto by_key = [](const char* kind) {
      return std::string("SELECT id FROM phone_keys WHERE kind = '") + kind +
             "' AND key IN (SELECT value FROM json_each(?1))";
    };
    std::map<std::string, Ticket> tickets, as_contacts;
    std::map<std::string, Call> calls;
    std::map<std::string, Survey> surveys;
    std::map<std::string, Customer> customers;
    std::map<std::string, AgentSession> sessions;
    Records r;
    // Events by their tickets (sorted below).
    auto events_of = [&](const std::map<std::string, Ticket>& of, const std::string& columns,
                         const std::string& filter) -> Result<void> {
      if (of.empty()) return {};
      auto st =
          db.stmt("SELECT " + columns +
                  " FROM ticket_events WHERE ticket IN (SELECT value FROM json_each(?1))" + filter);
      if (!st) return st.error();
      const std::string ids = ids_of(of);
      (*st)->bind(1, ids);
      return store::read_rows<TicketEvent>(
          **st, [&](TicketEvent&& e) { r.events.push_back(std::move(e)); });
    };
    Result<void> done = select_in(db, "id", json_array(q.tickets), tickets);
    if (done) {
      done = select_in(db, "requester", json_array(q.requesters), as_contacts, {}, kContactColumns);
      for (const auto& [id, _] : tickets) as_contacts.erase(id);
    }
    if (done) done = events_of(tickets, store::column_list<TicketEvent>(), "");
    if (done) done = events_of(as_contacts, kStatusEventColumns, kStatusEventTypes);
    if (done) done = select_in(db, "id", json_array(q.calls), calls);
    if (done) done = select_in(db, "ticket", ids_of(tickets), calls);
    if (done) done = select_in(db, "ticket", ids_of(as_contacts), calls);
    if (done) done = select_in(db, "caller", json_array(q.callers), calls);
    if (done) done = select_in(db, "id", keys, calls, by_key("call"));
    if (done) done = select_in(db, "id", json_array(q.surveys), surveys);
    if (done) done = select_in(db, "ticket", ids_of(tickets), surveys);
    if (done) done = select_in(db, "call", ids_of(calls), surveys);
    if (done) done = select_in(db, "id", json_array(q.requesters), customers);
    if (done) done = select_in(db, "id", keys, customers, by_key("customer"));
    if (done) done = select_in(db, "id", json_array(q.sessions), sessions);
    if (!done) return done.error();
    for (const auto& [id, _] : as_contacts) contacts.push_back(id);
    tickets.merge(as_contacts);
    std::sort(r.events.begin(), r.events.end(), [](const auto& a, const auto& b) {
      return std::tie(a.ticket, a.at, a.id) < std::tie(b.ticket, b.at, b.id);
    });
    r.tickets = values_of(tickets);
    r.calls = values_of(calls);
    r.surveys = values_of(surveys);
    r.customers = values_of(customers);
    r.sessions = values_of(sessions);
    return r;
  });
}

Result<Store::Page> Store::page(PageOf kind, const std::optional<std::string>& after,
                                size_t limit) {
  return store::guarded([&]() -> Result<Page> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    Impl& db = *impl_;
    Page out;
    const std::string start = after.value_or("");
    // Rows of R matching `where` (?1: after, ?2: limit), appended; the page continues
    // after the last one's key.
    auto rows = [&](auto& into, const std::string& columns, const std::string& table,
                    const std::string& where, auto key) -> Result<void> {
      using R = typename std::decay_t<decltype(into)>::value_type;
      auto st = db.stmt("SELECT " + columns + " FROM " + table + " WHERE " + where);
      if (!st) return st.error();
      (*st)->bind(1, start);
      (*st)->bind(2, int64_t(limit));
      auto read = store::read_rows<R>(**st, [&](R&& r) { into.push_back(std::move(r)); });
      if (read && !into.empty()) out.last = key(into.back());
      return read;
    };
    auto id = [](const auto& r) { return r.id; };
    Result<void> done;
    switch (kind) {
      case PageOf::requesters:  // a requester may be "": the first page starts at it
        done = rows(out.records.tickets, kContactColumns, "tickets",
                    std::string("requester IN (SELECT DISTINCT requester FROM tickets WHERE ") +
                        (after ? "requester > ?1" : "requester >= ?1") +
                        " ORDER BY requester LIMIT ?2) ORDER BY requester",
                    [](const Ticket& t) { return t.requester; });
        break;
      case PageOf::calls:
        done = rows(out.records.calls, store::column_list<Call>(), "calls",
                    "id > ?1 ORDER BY id LIMIT ?2", id);
        break;
      case PageOf::loose_surveys: {
        done = rows(out.records.surveys, store::column_list<Survey>(), "surveys",
                    "id > ?1 AND (ticket IS NULL OR ticket NOT IN (SELECT id FROM tickets)) "
                    "ORDER BY id LIMIT ?2",
                    id);
        std::vector<std::string> calls;
        for (const Survey& v : out.records.surveys)
          if (v.call) calls.push_back(*v.call);
        std::map<std::string, Call> by_id;
        if (done) done = select_in(db, "id", json_array(calls), by_id);
        out.records.calls = values_of(by_id);
        break;
      }
      case PageOf::sessions:
        done = rows(out.records.sessions, store::column_list<AgentSession>(), "agent_sessions",
                    "id > ?1 ORDER BY id LIMIT ?2", id);
        break;
      case PageOf::callers:  // only the columns phone keys read; the others blank
        done = rows(out.records.calls,
                    "id, '', caller, NULL, 'inbound', 0, NULL, NULL, 0, 0, 0, 0, 'answered', "
                    "NULL, ''",
                    "calls", "id > ?1 ORDER BY id LIMIT ?2", id);
        break;
      case PageOf::customers:
        done = rows(out.records.customers, store::column_list<Customer>(), "customers",
                    "id > ?1 ORDER BY id LIMIT ?2", id);
        break;
    }
    if (!done) return done.error();
    return out;
  });
}

Result<void> Store::put_phone_keys(const std::vector<PhoneKey>& keys, bool replace_all) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    if (replace_all)
      if (auto r = impl_->run("DELETE FROM phone_keys"); !r) return r.error();
    auto put = impl_->stmt(
        "INSERT INTO phone_keys(kind, id, key) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (kind, id) DO UPDATE SET key = excluded.key");
    if (!put) return put.error();
    auto del = impl_->stmt("DELETE FROM phone_keys WHERE kind = ?1 AND id = ?2");
    if (!del) return del.error();
    for (const auto& k : keys) {
      sql::Stmt& s = k.key.empty() ? **del : **put;
      s.reset();
      s.bind(1, k.kind);
      s.bind(2, k.id);
      if (!k.key.empty()) s.bind(3, k.key);
      if (auto r = s.run(); !r) return r.error();
    }
    return tx->commit();
  });
}

}  // namespace dp
