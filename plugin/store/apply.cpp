// Store::apply: the batch upsert. Records are inserted kRowsPerInsert at a time by
// one multi-row INSERT that skips an id already stored (an import is mostly new rows,
// and one statement per row spent more time starting and ending statements than
// storing rows). A chunk that did not go in whole is redone row by row: an INSERT
// that does nothing when the id exists, then an UPDATE that only matches when some
// column differs. SQLite's change count tells inserted / updated / unchanged apart
// without reading rows back, and an unchanged record never takes a new `seq`.
#include <array>
#include <span>

#include "store/store.h"
#include "store/store_impl.h"
#include "store/tables.h"

namespace dp {

namespace {

using store::Table;

// 64 rows of the widest table bind 1,024 parameters, far below SQLite's limit; more
// rows per statement gained nothing measurable.
constexpr size_t kRowsPerInsert = 64;

// Parameters one record takes: its columns, then its seq when the table has one.
template <class R>
constexpr int kParams = int(Table<R>::columns.size()) + (Table<R>::has_seq ? 1 : 0);

// Sets every column but the id, when some column differs; a kept_when_null column
// bound to NULL neither changes nor counts as different.
template <class R>
std::string update_sql() {
  const auto& cols = Table<R>::columns;
  std::string set, differs;
  for (size_t i = 1; i < cols.size(); ++i) {
    const std::string p = "?" + std::to_string(i + 1), col(cols[i]);
    const bool kept = store::kept_when_null<R>(col);
    set += (i > 1 ? ", " : "") + col + " = " + (kept ? "coalesce(" + p + ", " + col + ")" : p);
    differs +=
        (i > 1 ? " OR " : "") +
        (kept ? "(" + p + " IS NOT NULL AND " + col + " IS NOT " + p + ")" : col + " IS NOT " + p);
  }
  if (Table<R>::has_seq) set += ", seq = ?" + std::to_string(cols.size() + 1);
  return "UPDATE " + std::string(Table<R>::name) + " SET " + set + " WHERE id = ?1 AND (" +
         differs + ")";
}

// INSERT of `rows` records, the k-th taking parameters k * kParams<R> + 1, ... One row
// stops at any constraint (its error names the record). Several rows skip a refused
// one (OR IGNORE) and the caller redoes them row by row: a statement that may stop
// halfway through writing several rows keeps a statement journal, a copy of every
// page it touches, which cost a tenth of the bulk insert.
template <class R>
std::string insert_sql(size_t rows) {
  std::string names = store::column_list<R>(), values;
  if (Table<R>::has_seq) names += ", seq";
  int p = 0;
  for (size_t r = 0; r < rows; ++r) {
    values += r ? ", (" : "(";
    for (int c = 0; c < kParams<R>; ++c) values += (c ? ", ?" : "?") + std::to_string(++p);
    values += ')';
  }
  if (rows > 1)
    return "INSERT OR IGNORE INTO " + std::string(Table<R>::name) + " (" + names + ") VALUES " +
           values;
  return "INSERT INTO " + std::string(Table<R>::name) + " (" + names + ") VALUES " + values +
         " ON CONFLICT (id) DO NOTHING";
}

// Takes back the rows a multi-row INSERT just stored: only they carry these seqs.
template <class R>
std::string unstore_sql() {
  return "DELETE FROM " + std::string(Table<R>::name) + " WHERE id = ?1 AND seq = ?2";
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
    auto insert = impl_.stmt(insert_sql<R>(1));
    if (!insert) return insert.error();
    Statements st{**insert, **update};
    size_t i = 0;
    if (rows.size() >= kRowsPerInsert) {
      auto many = impl_.stmt(insert_sql<R>(kRowsPerInsert));
      if (!many) return many.error();
      std::vector<R> scratch(kRowsPerInsert);
      std::array<const R*, kRowsPerInsert> chunk;
      for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
        for (size_t k = 0; k < kRowsPerInsert; ++k) chunk[k] = &keyed(rows[i + k], scratch[k]);
        if (auto done = many_rows(**many, st, chunk, counts); !done) return done.error();
      }
    }
    R scratch;
    for (; i < rows.size(); ++i)
      if (auto done = one_row(st, keyed(rows[i], scratch), counts); !done) return done.error();
    return {};
  }

 private:
  struct Statements {
    sql::Stmt& insert;  // one row
    sql::Stmt& update;
  };

  // The row-at-a-time upsert: INSERT, else UPDATE when something differs.
  template <class R>
  Result<void> one_row(Statements& st, const R& r, UpsertCounts& counts) {
    if (auto done = one(st.insert, r); !done) return done.error();
    if (impl_.db.changes() > 0) {
      ++counts.inserted;
      return {};
    }
    if (auto done = one(st.update, r); !done) return done.error();
    if (impl_.db.changes() > 0)
      ++counts.updated;
    else
      ++counts.unchanged;
    return {};
  }

  template <class R>
  Result<void> many_rows(sql::Stmt& many, Statements& st,
                         const std::array<const R*, kRowsPerInsert>& chunk, UpsertCounts& counts) {
    many.reset();
    for (size_t k = 0; k < chunk.size(); ++k) {
      const int first = int(k) * kParams<R> + 1;
      Table<R>::bind(many, *chunk[k], first);
      if constexpr (Table<R>::has_seq) many.bind(first + kParams<R> - 1, seq_ + 1 + int64_t(k));
    }
    if (auto done = many.run(); !done) return done.error();
    const size_t inserted = size_t(impl_.db.changes());
    if (inserted == chunk.size()) {  // the bulk load's case
      counts.inserted += inserted;
      if constexpr (Table<R>::has_seq) seq_ += int64_t(inserted);
      return {};
    }
    // Not all went in: stored before, the same id twice, or a row the table refuses
    // (skipped by OR IGNORE). Redone row by row, which names a refused row in its
    // error. Rows with a seq that went in are taken back first, so every changed row
    // takes the next sequence number in record order; rows without one that went in
    // meet their identical copy in the redo and count as inserted, not unchanged.
    if constexpr (Table<R>::has_seq)
      if (inserted > 0)
        if (auto undone = unstore(chunk); !undone) return undone.error();
    for (const R* r : chunk)
      if (auto done = one_row(st, *r, counts); !done) return done.error();
    if constexpr (!Table<R>::has_seq) {
      counts.inserted += inserted;
      counts.unchanged -= inserted;
    }
    return {};
  }

  template <class R>
  Result<void> unstore(const std::array<const R*, kRowsPerInsert>& chunk) {
    auto del = impl_.stmt(unstore_sql<R>());
    if (!del) return del.error();
    for (size_t k = 0; k < chunk.size(); ++k) {
      (*del)->reset();
      (*del)->bind(1, chunk[k]->id);
      (*del)->bind(2, seq_ + 1 + int64_t(k));
      if (auto done = (*del)->run(); !done) return done.error();
    }
    return {};
  }

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
