// What the sidecar produced: the write-back ledger, posted reports, KPI snapshots.
#include "store/store.h"
#include "store/store_impl.h"

namespace dp {

namespace {

// A ledger key is parameters ?1..?3 in every ledger statement.
void bind_target(sql::Stmt& s, TargetKind kind, const std::string& target,
                 const std::string& field) {
  s.bind(1, std::string_view(kind == TargetKind::ticket ? "ticket" : "user"));
  s.bind(2, target);
  s.bind(3, field);
}

}  // namespace

Result<std::optional<std::string>> Store::ledger_value(TargetKind kind, const std::string& target,
                                                       const std::string& field) {
  return store::guarded([&]() -> Result<std::optional<std::string>> {
    auto st = impl_->stmt(
        "SELECT value FROM writeback_ledger "
        "WHERE target_kind = ?1 AND target_id = ?2 AND field = ?3");
    if (!st) return st.error();
    bind_target(**st, kind, target, field);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>((*st)->text(0));
  });
}

Result<Store::LedgerValues> Store::ledger_values(TargetKind kind,
                                                 const std::vector<std::string>& targets) {
  return store::guarded([&]() -> Result<LedgerValues> {
    auto st = impl_->stmt(
        "SELECT target_id, field, value FROM writeback_ledger "
        "WHERE target_kind = ?1 AND target_id IN (SELECT value FROM json_each(?2))");
    if (!st) return st.error();
    const std::string ids = store::json_array(targets);
    (*st)->bind(1, std::string_view(kind == TargetKind::ticket ? "ticket" : "user"));
    (*st)->bind(2, ids);
    LedgerValues out;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) return out;
      out.emplace(std::pair((*st)->text(0), (*st)->text(1)), (*st)->text(2));
    }
  });
}

Result<void> Store::ledger_record(TargetKind kind, const std::string& target,
                                  const std::string& field, const std::string& value, Time at) {
  return store::guarded([&]() -> Result<void> {
    // Re-recording the value already there keeps its first time: nothing was changed.
    auto st = impl_->stmt(
        "INSERT INTO writeback_ledger (target_kind, target_id, field, value, written_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (target_kind, target_id, field) DO UPDATE "
        "SET value = excluded.value, written_at = excluded.written_at "
        "WHERE value IS NOT excluded.value");
    if (!st) return st.error();
    bind_target(**st, kind, target, field);
    (*st)->bind(4, value);
    (*st)->bind(5, at);
    return (*st)->run();
  });
}

Result<std::vector<Store::LastWrite>> Store::ledger_latest(TargetKind kind) {
  return store::guarded([&]() -> Result<std::vector<LastWrite>> {
    // SQLite takes the bare columns of a MAX() aggregate from the row holding the max.
    auto st = impl_->stmt(
        "SELECT field, target_id, value, MAX(written_at) FROM writeback_ledger "
        "WHERE target_kind = ?1 AND value <> '' GROUP BY field ORDER BY field");
    if (!st) return st.error();
    (*st)->bind(1, std::string_view(kind == TargetKind::ticket ? "ticket" : "user"));
    std::vector<LastWrite> out;
    for (;;) {
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back({(*st)->text(0), (*st)->text(1), (*st)->text(2)});
    }
  });
}

Result<bool> Store::report_posted(const std::string& team, const std::string& period) {
  return store::guarded([&]() -> Result<bool> {
    auto st = impl_->stmt("SELECT 1 FROM posted_reports WHERE team = ?1 AND period = ?2");
    if (!st) return st.error();
    (*st)->bind(1, team);
    (*st)->bind(2, period);
    auto row = (*st)->step();
    if (!row) return row.error();
    return *row;
  });
}

Result<void> Store::record_report(const std::string& team, const std::string& period,
                                  const std::string& ref, Time at) {
  return store::guarded([&]() -> Result<void> {
    auto st = impl_->stmt(
        "INSERT INTO posted_reports (team, period, ref, posted_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (team, period) DO NOTHING");
    if (!st) return st.error();
    (*st)->bind(1, team);
    (*st)->bind(2, period);
    (*st)->bind(3, ref);
    (*st)->bind(4, at);
    return (*st)->run();
  });
}

Result<void> Store::put_snapshots(const std::vector<SnapshotRow>& rows) {
  return store::guarded([&]() -> Result<void> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    auto st = impl_->stmt(
        "INSERT OR REPLACE INTO kpi_snapshots (kpi, window_from, window_to, group_by, "
        "group_key, variant, basis, stat, value, n, row_json, computed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!st) return st.error();
    for (const auto& r : rows) {
      auto& s = **st;
      s.reset();
      s.bind(1, r.kpi);
      s.bind(2, r.window_from);
      s.bind(3, r.window_to);
      s.bind(4, r.group_by);
      s.bind(5, r.group_key);
      s.bind(6, r.variant);
      s.bind(7, r.basis);
      s.bind(8, r.stat);
      s.bind(9, r.value);
      s.bind(10, r.n);
      s.bind(11, r.row_json);
      s.bind(12, r.computed_at);
      if (auto done = s.run(); !done) return done.error();
    }
    return tx->commit();
  });
}

Result<std::vector<SnapshotRow>> Store::snapshots(Time window_from, Time window_to) {
  return store::guarded([&]() -> Result<std::vector<SnapshotRow>> {
    auto st = impl_->stmt(
        "SELECT kpi, window_from, window_to, group_by, group_key, variant, basis, stat, value, "
        "n, row_json, computed_at FROM kpi_snapshots WHERE window_from = ?1 AND window_to = ?2 "
        "ORDER BY kpi, group_by, group_key, variant, basis, stat");
    if (!st) return st.error();
    auto& s = **st;
    s.bind(1, window_from);
    s.bind(2, window_to);
    std::vector<SnapshotRow> out;
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back(SnapshotRow{s.text(0), s.time(1), s.time(2), s.text(3), s.text(4), s.text(5),
                                s.text(6), s.text(7), s.opt_real(8), s.int64(9), s.text(10),
                                s.time(11)});
    }
  });
}

}  // namespace dp
