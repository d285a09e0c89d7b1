// The store's side of per-day partial aggregates: blobs by day and the tag saying
// what they were computed from.
#include "store/store.h"
#include "store/store_impl.h"

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

Result<std::vector<Store::PartialDay>> Store::partials() {
  return store::guarded([&]() -> Result<std::vector<PartialDay>> {
    auto st = impl_->stmt("SELECT day, cells FROM kpi_partials ORDER BY day");
    if (!st) return st.error();
    std::vector<PartialDay> out;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back({int32_t((*st)->int64(0)), (*st)->blob(1)});
    }
    return out;
  });
}

Result<void> Store::each_partial_day(
    int32_t from, int32_t to, const std::function<Result<void>(int32_t, std::string_view)>& fn) {
  return store::guarded([&]() -> Result<void> {
    // Each page is read once: a small page cache keeps the year's ~30 MB of blobs out of
    // memory (every MiB of it costs a few ms of page faults).
    auto cache = impl_->single_int("PRAGMA cache_size");
    if (!cache) return cache.error();
    if (auto r = impl_->run("PRAGMA cache_size=-2048"); !r) return r.error();
    struct Restore {
      Store::Impl& impl;
      int64_t size;
      ~Restore() { (void)impl.run("PRAGMA cache_size=" + std::to_string(size)); }
    } restore{*impl_, *cache};
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    auto st = impl_->stmt(
        "SELECT day, cells FROM kpi_partials WHERE day >= ?1 AND day < ?2 ORDER BY day");
    if (!st) return st.error();
    (*st)->bind(1, int64_t(from));
    (*st)->bind(2, int64_t(to));
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) break;
      if (auto r = fn(int32_t((*st)->int64(0)), (*st)->blob_view(1)); !r) return r.error();
    }
    return tx->commit();
  });
}

namespace {

Result<void> write_days(Store::Impl& impl, const std::vector<Store::PartialDay>& days,
                        const std::string& tag) {
  auto put = impl.stmt(
      "INSERT INTO kpi_partials(day, cells) VALUES (?1, ?2) "
      "ON CONFLICT (day) DO UPDATE SET cells = excluded.cells");
  if (!put) return put.error();
  auto del = impl.stmt("DELETE FROM kpi_partials WHERE day = ?1");
  if (!del) return del.error();
  for (const auto& d : days) {
    sql::Stmt& s = d.cells.empty() ? **del : **put;
    s.reset();
    s.bind(1, int64_t(d.day));
    if (!d.cells.empty()) s.bind_blob(2, d.cells);
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

Result<void> Store::replace_partials(const std::vector<PartialDay>& days, const std::string& tag) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    if (auto r = impl_->run("DELETE FROM kpi_partials"); !r) return r.error();
    if (auto r = write_days(*impl_, days, tag); !r) return r.error();
    return tx->commit();
  });
}

Result<void> Store::update_partials(const std::vector<PartialDay>& days, const std::string& tag) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    if (auto r = write_days(*impl_, days, tag); !r) return r.error();
    return tx->commit();
  });
}

}  // namespace dp
