#include "store/schema.h"

#include <filesystem>

namespace dp::schema {

namespace {

// Kept outside the steps: it must exist before any step can be recorded.
constexpr const char* kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version("
    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT (unixepoch()))";

// Record tables are WITHOUT ROWID: rows are looked up and listed by their text id,
// so the id b-tree is the table and an upsert touches one b-tree instead of two.
// Enums are stored as their canonical text so the file reads well from plain SQL.
constexpr const char* kV1Records = R"sql(
CREATE TABLE tickets(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  queue TEXT NOT NULL, channel TEXT NOT NULL, requester TEXT NOT NULL, owner TEXT,
  subject TEXT NOT NULL, tags TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, extra TEXT NOT NULL,
  seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX tickets_seq ON tickets(seq);
CREATE TABLE ticket_events(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  ticket TEXT NOT NULL CHECK (ticket <> ''), at INTEGER NOT NULL, type TEXT NOT NULL,
  actor TEXT NOT NULL, public INTEGER NOT NULL, time_spent_s INTEGER NOT NULL,
  from_value TEXT, to_value TEXT, extra TEXT NOT NULL,
  seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket, at);
CREATE INDEX ticket_events_seq ON ticket_events(seq);
CREATE TABLE calls(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  queue TEXT NOT NULL, caller TEXT NOT NULL, agent TEXT, direction TEXT NOT NULL,
  offered_at INTEGER NOT NULL, answered_at INTEGER, ended_at INTEGER,
  wait_s INTEGER NOT NULL, talk_s INTEGER NOT NULL, hold_s INTEGER NOT NULL,
  wrap_s INTEGER NOT NULL, outcome TEXT NOT NULL, ticket TEXT, extra TEXT NOT NULL,
  seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX calls_seq ON calls(seq);
CREATE TABLE surveys(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  kind TEXT NOT NULL, score REAL NOT NULL, scale_min REAL NOT NULL, scale_max REAL NOT NULL,
  at INTEGER NOT NULL, ticket TEXT, call TEXT, agent TEXT, customer TEXT,
  extra TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE customers(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  first_seen INTEGER NOT NULL, last_active INTEGER, churned_at INTEGER, acquired_via TEXT,
  revenue REAL, extra TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE agents(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  team TEXT NOT NULL, calendar TEXT, kind TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cursors(
  source TEXT PRIMARY KEY, cursor TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Phone queues: agents' logged-in spans (occupancy) and customers' phone numbers
// (linking calls to tickets).
constexpr const char* kV2Sessions = R"sql(
ALTER TABLE customers ADD COLUMN phone TEXT;
CREATE TABLE agent_sessions(
  id TEXT PRIMARY KEY CHECK (id <> ''),
  agent TEXT NOT NULL, queue TEXT NOT NULL, start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL, paused_s INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// What the sidecar computed and wrote: KPI snapshots (keyed so a recompute replaces
// the row), the write-back ledger and the posted reports. Empty text, not NULL, for
// "no variant" and "no basis", because NULLs never compare equal in a key.
constexpr const char* kV3Outputs = R"sql(
CREATE TABLE kpi_snapshots(
  kpi TEXT NOT NULL, window_from INTEGER NOT NULL, window_to INTEGER NOT NULL,
  group_by TEXT NOT NULL, group_key TEXT NOT NULL, variant TEXT NOT NULL,
  basis TEXT NOT NULL, stat TEXT NOT NULL, value REAL, n INTEGER NOT NULL,
  row_json TEXT NOT NULL, computed_at INTEGER NOT NULL,
  PRIMARY KEY (kpi, window_from, window_to, group_by, group_key, variant, basis, stat))
  WITHOUT ROWID;
CREATE INDEX kpi_snapshots_window ON kpi_snapshots(window_from, window_to);
CREATE TABLE writeback_ledger(
  target_kind TEXT NOT NULL CHECK (target_kind IN ('ticket', 'user')),
  target_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
  written_at INTEGER NOT NULL,
  PRIMARY KEY (target_kind, target_id, field)) WITHOUT ROWID;
CREATE TABLE posted_reports(
  team TEXT NOT NULL, period TEXT NOT NULL, ref TEXT NOT NULL, posted_at INTEGER NOT NULL,
  PRIMARY KEY (team, period)) WITHOUT ROWID;
)sql";

// Per-day partial aggregates of the KPIs (docs/performance.md): one blob per
// local day, valid for the data version and engine context named in partials_meta.
// data_version counts applies that changed any record, so partials know when they
// are stale without reading the records.
constexpr const char* kV4Partials = R"sql(
CREATE TABLE kpi_partials(day INTEGER PRIMARY KEY, cells BLOB NOT NULL);
CREATE TABLE store_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO store_meta(name, value) VALUES ('data_version', '0');
)sql";

// Incremental partials (docs/performance.md): a changed record's contributions are
// recomputed with everything linked to it, found through these indexes; phone_keys
// holds the last nine digits of calls' callers and customers' phones (sync/link.h),
// kept by the partials code, not by apply(). Partials become one row per (day,
// grouping, key) cell, so a change rewrites the cells it touches, not whole days.
constexpr const char* kV5Links = R"sql(
DROP TABLE kpi_partials;
CREATE TABLE kpi_partials(day INTEGER NOT NULL, grouping INTEGER NOT NULL, key TEXT NOT NULL,
  cells BLOB NOT NULL, UNIQUE (day, grouping, key));
DELETE FROM store_meta WHERE name = 'partials_tag';
CREATE INDEX tickets_requester ON tickets(requester);
CREATE INDEX calls_ticket ON calls(ticket);
CREATE INDEX calls_caller ON calls(caller);
CREATE INDEX surveys_ticket ON surveys(ticket);
CREATE INDEX surveys_call ON surveys(call);
CREATE TABLE phone_keys(kind TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX phone_keys_key ON phone_keys(key, kind);
)sql";

// Incremental partials read a changed ticket's requester's other tickets as contacts
// only (docs/performance.md): the columns fcr's repeat contacts and call links read,
// from an index ordered by requester (one seek per requester instead of one per
// ticket), and only the events that decide resolution and removal, from a partial
// index of those.
constexpr const char* kV6Contacts = R"sql(
DROP INDEX tickets_requester;
CREATE INDEX tickets_contacts ON tickets(requester, created_at, id, status, tags, subject, extra);
CREATE INDEX ticket_events_status ON ticket_events(ticket, at, type, to_value)
  WHERE type IN ('status_change', 'merged', 'deleted');
)sql";

// The tickets still being worked, by owner: each cycle writes the owners' rolling
// scores onto them (Store::open_tickets), without reading every ticket.
constexpr const char* kV7OpenTickets = R"sql(
CREATE INDEX tickets_open ON tickets(owner, id, status)
  WHERE status IN ('new', 'open', 'pending') AND owner IS NOT NULL;
)sql";

// Agents' display names (a configured name, RT's RealName, a file's `name`). NULL when
// no source has named the agent; a record without a name keeps the stored one
// (store/tables.h: Table<Agent>::kept_when_null).
constexpr const char* kV8AgentNames = R"sql(
ALTER TABLE agents ADD COLUMN name TEXT;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps = {
      {1, kV1Records}, {2, kV2Sessions}, {3, kV3Outputs},     {4, kV4Partials},
      {5, kV5Links},   {6, kV6Contacts}, {7, kV7OpenTickets}, {8, kV8AgentNames},
  };
  return steps;
}

int latest_version() {
  return migrations().back().version;
}

Result<int> current_version(sql::Db& db) {
  if (auto r = db.exec(kVersionTable); !r) return r.error();
  auto st = sql::Stmt::prepare(db, "SELECT coalesce(max(version), 0) FROM schema_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return int(st->int64(0));
}

namespace {

Result<void> apply_step(sql::Db& db, const Migration& m, const std::string& path) {
  auto tx = sql::Transaction::begin(db, sql::Transaction::Mode::write);
  if (!tx) return tx.error();
  // Re-read under the write lock: another process may have migrated meanwhile.
  auto now = current_version(db);
  if (!now) return now.error();
  if (*now >= m.version) return {};
  if (auto r = db.exec(m.sql); !r)
    return make_error("migration to schema version " + std::to_string(m.version) +
                          " failed: " + r.error().message,
                      path);
  if (auto r = db.exec("INSERT INTO schema_version(version, applied_at) VALUES (" +
                       std::to_string(m.version) + ", unixepoch())");
      !r)
    return r.error();
  return tx->commit();
}

Error newer_than_this(int have, const std::string& path) {
  return make_error("state file has schema version " + std::to_string(have) +
                        ", this deskpulse knows up to version " + std::to_string(latest_version()) +
                        "; use a newer deskpulse",
                    path);
}

// A copy of the whole file before its first migration step, so that a newer binary
// never leaves an admin without the state the older one wrote.
Result<std::string> back_up(sql::Db& db, const std::string& path, int version) {
  std::string copy = path + ".bak-v" + std::to_string(version);
  if (std::filesystem::exists(copy)) return copy;  // from an earlier attempt: kept
  std::string quoted;
  for (char c : copy) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  if (auto r = db.exec("VACUUM INTO '" + quoted + "'"); !r)
    return make_error("cannot copy the state aside before migrating it: " + r.error().message,
                      copy);
  return copy;
}

}  // namespace

Result<Migrated> migrate(sql::Db& db, const std::string& path) {
  auto have = current_version(db);
  if (!have) return make_error("not a deskpulse state file: " + have.error().message, path);
  if (*have > latest_version()) return newer_than_this(*have, path);
  Migrated done{*have, ""};
  if (*have > 0 && *have < latest_version() && path != ":memory:" && !path.empty()) {
    auto copy = back_up(db, path, *have);
    if (!copy) return copy.error();
    done.backup = *copy;
  }
  for (const auto& m : migrations()) {
    if (m.version <= *have) continue;
    if (auto r = apply_step(db, m, path); !r) return r.error();
  }
  return done;
}

Result<void> require_current(sql::Db& db, const std::string& path) {
  auto st = sql::Stmt::prepare(
      db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!st) return make_error("not a deskpulse state file: " + st.error().message, path);
  if (auto row = st->step(); !row) return row.error();
  if (st->int64(0) == 0) return make_error("not a deskpulse state file", path);
  auto have = current_version(db);
  if (!have) return have.error();
  if (*have > latest_version()) return newer_than_this(*have, path);
  if (*have < latest_version())
    return make_error("state file has schema version " + std::to_string(*have) +
                          ", this deskpulse uses version " + std::to_string(latest_version()) +
                          "; `deskpulse import`, `sync` or `run` migrates it (keeping a copy "
                          "of the old file), a read-only command does not",
                      path);
  return {};
}

}  // namespace dp::schema
