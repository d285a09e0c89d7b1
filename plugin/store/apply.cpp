// Store::apply: the batch upsert. Each record is tried as an INSERT that does
// nothing when the id exists (an import is mostly new rows: one statement each),
// then as an UPDATE that only matches when some column differs. SQLite's change
// count tells inserted / updated / unchanged apart without reading the row back,
// and an unchanged record never takes a new `seq`.
#include "store/store.h"
#include "store/store_impl.h"
#include "store/tables.h"

namespace dp {

namespace {

using store::Table;

template <class R>
std::string update_sql() {
  const auto& cols = Table<R>::columns;
  std::string set, differs;
  for (size_t i = 1; i < cols.size(); ++i) {
    std::string p = "?" + std::to_string(i + 1);
    set += (i > 1 ? ", " : "") + std::string(cols[i]) + " = " + p;
    differs += (i > 1 ? " OR " : "") + std::string(cols[i]) + " IS NOT " + p;
  }
  if (Table<R>::has_seq) set += ", seq = ?" + std::to_string(cols.size() + 1);
  return "UPDATE " + std::string(Table<R>::name) + " SET " + set + " WHERE id = ?1 AND (" +
         differs + ")";
}

template <class R>
std::string insert_sql() {
  const auto& cols = Table<R>::columns;
  std::string names = store::column_list<R>(), params;
  for (size_t i = 1; i <= cols.size(); ++i) params += (i > 1 ? ", ?" : "?") + std::to_string(i);
  if (Table<R>::has_seq) {
    names += ", seq";
    params += ", ?" + std::to_string(cols.size() + 1);
  }
  return "INSERT INTO " + std::string(Table<R>::name) + " (" + names + ") VALUES (" + params +
         ") ON CONFLICT (id) DO NOTHING";
}

// Records whose source gives no id are keyed by their content, so re-importing
// them is idempotent. Returns the record to store (r itself, or a keyed copy).
template <class R>
const R& keyed(const R& r, R&) {
  return r;
}
const TicketEvent& keyed(const TicketEvent& e, TicketEvent& scratch) {
  if (!e.id.empty()) return e;
  scratch = e;
  scratch.id = event_key(e);
  return scratch;
}
const Survey& keyed(const Survey& s, Survey& scratch) {
  if (!s.id.empty()) return s;
  scratch = s;
  scratch.id = survey_key(s);
  return scratch;
}

class Upserter {
 public:
  Upserter(Store::Impl& impl, int64_t last_seq) : impl_(impl), seq_(last_seq) {}

  template <class R>
  Result<void> all(const std::vector<R>& rows, UpsertCounts& counts) {
    auto update = impl_.stmt(update_sql<R>());
    if (!update) return update.error();
    auto insert = impl_.stmt(insert_sql<R>());
    if (!insert) return insert.error();
    R scratch;
    for (const R& row : rows) {
      const R& r = keyed(row, scratch);
      if (auto done = one(**insert, r); !done) return done.error();
      if (impl_.db.changes() > 0) {
        ++counts.inserted;
        continue;
      }
      if (auto done = one(**update, r); !done) return done.error();
      if (impl_.db.changes() > 0)
        ++counts.updated;
      else
        ++counts.unchanged;
    }
    return {};
  }

 private:
  template <class R>
  Result<void> one(sql::Stmt& s, const R& r) {
    s.reset();
    Table<R>::bind(s, r);
    if constexpr (Table<R>::has_seq) s.bind(int(Table<R>::columns.size()) + 1, seq_ + 1);
    auto done = s.run();
    if (!done)
      return make_error(done.error().message, std::string(Table<R>::name) + " '" + r.id + "'");
    // The next sequence number is only used up by a row that actually changed.
    if (Table<R>::has_seq && impl_.db.changes() > 0) ++seq_;
    return {};
  }

  Store::Impl& impl_;
  int64_t seq_;
};

}  // namespace

Result<ApplyStats> Store::apply(const Records& r, const std::string& source,
                                const std::optional<std::string>& cursor) {
  return store::guarded([&]() -> Result<ApplyStats> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    auto last = impl_->max_seq();
    if (!last) return last.error();
    Upserter up(*impl_, *last);
    ApplyStats stats;
    Result<void> done;
    if (done) done = up.all(r.tickets, stats.tickets);
    if (done) done = up.all(r.events, stats.events);
    if (done) done = up.all(r.calls, stats.calls);
    if (done) done = up.all(r.surveys, stats.surveys);
    if (done) done = up.all(r.customers, stats.customers);
    if (done) done = up.all(r.agents, stats.agents);
    if (done) done = up.all(r.sessions, stats.sessions);
    if (!done) return done.error();
    if (stats.total().changed() > 0)
      if (auto v = impl_->run("UPDATE store_meta SET value = CAST(value AS INTEGER) + 1 "
                              "WHERE name = 'data_version'");
          !v)
        return v.error();
    if (cursor) {
      auto st = impl_->stmt(
          "INSERT INTO cursors (source, cursor, updated_at) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, "
          "updated_at = excluded.updated_at");
      if (!st) return st.error();
      (*st)->bind(1, source);
      (*st)->bind(2, *cursor);
      (*st)->bind(3, impl_->clock());
      if (auto set = (*st)->run(); !set) return set.error();
    }
    if (auto c = tx->commit(); !c) return c.error();
    return stats;
  });
}

}  // namespace dp
