#include "store/store.h"

#include <filesystem>

#include <chrono>
#include <cstdio>

#include "store/schema.h"
#include "store/store_impl.h"

namespace dp {

UpsertCounts& UpsertCounts::operator+=(const UpsertCounts& o) {
  inserted += o.inserted;
  updated += o.updated;
  unchanged += o.unchanged;
  return *this;
}

UpsertCounts ApplyStats::total() const {
  UpsertCounts t;
  for (const auto* c : {&tickets, &events, &calls, &surveys, &customers, &agents, &sessions})
    t += *c;
  return t;
}

ApplyStats& ApplyStats::operator+=(const ApplyStats& o) {
  tickets += o.tickets;
  events += o.events;
  calls += o.calls;
  surveys += o.surveys;
  customers += o.customers;
  agents += o.agents;
  sessions += o.sessions;
  return *this;
}

Result<sql::Loan> Store::Impl::stmt(const std::string& sql) {
  auto it = stmts.find(sql);
  if (it == stmts.end()) {
    auto st = sql::Stmt::prepare(db, sql);
    if (!st) return st.error();
    it = stmts.emplace(sql, std::make_unique<sql::Stmt>(std::move(*st))).first;
  }
  return sql::Loan(*it->second);
}

Result<void> Store::Impl::run(const std::string& sql) {
  auto st = stmt(sql);
  if (!st) return st.error();
  return (*st)->run();
}

Result<int64_t> Store::Impl::single_int(const std::string& sql) {
  auto st = stmt(sql);
  if (!st) return st.error();
  auto row = (*st)->step();
  if (!row) return row.error();
  return *row ? (*st)->int64(0) : int64_t(0);
}

Result<std::vector<std::string>> Store::Impl::texts(const std::string& sql) {
  auto st = stmt(sql);
  if (!st) return st.error();
  std::vector<std::string> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back((*st)->text(0));
  }
}

Result<void> Store::Impl::map_file() {
  if (mapped || !map_allowed) return {};
  if (auto r = run("PRAGMA mmap_size=" + std::to_string(int64_t(1) << 40)); !r) return r;
  mapped = true;
  return {};
}

Result<void> Store::map_reads(bool allowed) {
  impl_->map_allowed = allowed;
  if (allowed || !impl_->mapped) return {};
  impl_->mapped = false;
  return impl_->run("PRAGMA mmap_size=0");
}

Result<int64_t> Store::Impl::max_seq() {
  return single_int(
      "SELECT coalesce(max(s), 0) FROM (SELECT max(seq) AS s FROM tickets UNION ALL "
      "SELECT max(seq) FROM ticket_events UNION ALL SELECT max(seq) FROM calls)");
}

namespace {

// WAL lets readers (a report, `doctor`) run while a sync writes; NORMAL is durable
// across application crashes and loses at most the last commits on power loss,
// which the cursors then simply repeat. Foreign keys stay off: sources deliver
// events before or without their tickets. 16 KiB pages (set before the first table;
// a no-op on an existing file): an import's time goes largely to writing pages into
// the WAL and checkpointing them, one system call per page, and 16 KiB made a 1M-ticket
// import ~15% faster than 8 KiB (which was ~15% faster than 4 KiB; 32 KiB gained
// nothing more), while one changed ticket still writes only a few pages. The 64 MiB
// cache holds a 50,000-record batch's pages; more cache and rarer checkpoints did not
// help measurably.
constexpr const char* kPragmas =
    "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-65536;";

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

int Store::latest_schema_version() {
  return schema::latest_version();
}

namespace {

Result<std::unique_ptr<Store::Impl>> open_file(const std::string& path, Store::Clock clock,
                                               bool create) {
  auto db = sql::Db::open(path, create);
  if (!db) {
    if (!create && !std::filesystem::exists(path))
      return make_error(
          "no state file here (a read-only command creates none): import or "
          "sync into it first, or give --state",
          path);
    return db.error();
  }
  auto impl = std::make_unique<Store::Impl>(
      Store::Impl{std::move(*db), path, std::move(clock), "", {}, false, true});
  if (!impl->clock) impl->clock = system_now;
  if (auto r = impl->db.exec(kPragmas); !r)
    return make_error("not a usable state file: " + r.error().message, path);
  return impl;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Clock clock) {
  return store::guarded([&]() -> Result<std::unique_ptr<Store>> {
    auto impl = open_file(path, std::move(clock), true);
    if (!impl) return impl.error();
    auto v = schema::migrate((*impl)->db, path);
    if (!v) return v.error();
    if (!v->backup.empty())
      (*impl)->migration_note = path + ": migrated from schema version " + std::to_string(v->from) +
                                " to " + std::to_string(schema::latest_version()) +
                                "; the old file is kept as " + v->backup;
    std::unique_ptr<Store> store(new Store(std::move(*impl)));
    // An import that deferred the link indexes and was interrupted: build them now.
    if (auto r = store->restore_indexes(); !r) return r.error();
    return store;
  });
}

Result<std::unique_ptr<Store>> Store::open_existing(const std::string& path) {
  return store::guarded([&]() -> Result<std::unique_ptr<Store>> {
    if (path == ":memory:") return open(path);
    auto impl = open_file(path, {}, false);
    if (!impl) return impl.error();
    if (auto r = schema::require_current((*impl)->db, path); !r) return r.error();
    std::unique_ptr<Store> store(new Store(std::move(*impl)));
    if (auto r = store->restore_indexes(); !r) return r.error();
    return store;
  });
}

const std::string& Store::migration_note() const {
  return impl_->migration_note;
}

// The secondary indexes of the record tables but the change sequences' (every batch
// reads the latest seq): what reads by link and by ticket use, not what storing needs.
constexpr const char* kDeferrable =
    "type = 'index' AND sql IS NOT NULL AND tbl_name IN ('tickets', 'ticket_events', "
    "'calls', 'surveys') AND name NOT LIKE '%\\_seq' ESCAPE '\\'";

Result<bool> Store::defer_indexes() {
  return store::guarded([&]() -> Result<bool> {
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
    if (!tx) return tx.error();
    auto rows = impl_->single_int(
        "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM ticket_events) + "
        "(SELECT count(*) FROM calls) + (SELECT count(*) FROM surveys)");
    if (!rows) return rows.error();
    auto already =
        impl_->single_int("SELECT count(*) FROM store_meta WHERE name = 'deferred_indexes'");
    if (!already) return already.error();
    if (*rows > 0 || *already > 0) return false;
    // Their definitions are kept in the file until they are built again.
    if (auto r = impl_->run(std::string("INSERT INTO store_meta(name, value) SELECT "
                                        "'deferred_indexes', json_group_array(sql) FROM "
                                        "sqlite_master WHERE ") +
                            kDeferrable);
        !r)
      return r.error();
    auto names = impl_->texts(std::string("SELECT name FROM sqlite_master WHERE ") + kDeferrable);
    if (!names) return names.error();
    for (const auto& n : *names)
      if (auto r = impl_->db.exec("DROP INDEX \"" + n + "\""); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
    return true;
  });
}

Result<void> Store::restore_indexes() {
  return store::guarded([&]() -> Result<void> {
    auto create = impl_->texts(
        "SELECT json_each.value FROM store_meta, json_each(store_meta.value) "
        "WHERE store_meta.name = 'deferred_indexes'");
    if (!create) return create.error();
    if (create->empty()) return {};
    // Building an index sorts all its rows: in files, so memory stays bounded.
    if (auto r = impl_->db.exec("PRAGMA temp_store=FILE"); !r) return r.error();
    auto built = [&]() -> Result<void> {
      auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::write);
      if (!tx) return tx.error();
      for (const auto& sql : *create)
        if (auto r = impl_->db.exec(sql); !r) return r.error();
      if (auto r = impl_->run("DELETE FROM store_meta WHERE name = 'deferred_indexes'"); !r)
        return r.error();
      return tx->commit();
    }();
    if (auto r = impl_->db.exec("PRAGMA temp_store=MEMORY"); !r) return r.error();
    return built;
  });
}

Result<std::optional<std::string>> Store::cursor(const std::string& source) {
  return store::guarded([&]() -> Result<std::optional<std::string>> {
    auto st = impl_->stmt("SELECT cursor FROM cursors WHERE source = ?1");
    if (!st) return st.error();
    (*st)->bind(1, source);
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>((*st)->text(0));
  });
}

Result<TableCounts> Store::counts() {
  return store::guarded([&]() -> Result<TableCounts> {
    TableCounts c;
    auto tx = sql::Transaction::begin(impl_->db, sql::Transaction::Mode::read);
    if (!tx) return tx.error();
    const std::pair<const char*, int64_t*> tables[] = {{"tickets", &c.tickets},
                                                       {"ticket_events", &c.events},
                                                       {"calls", &c.calls},
                                                       {"surveys", &c.surveys},
                                                       {"customers", &c.customers},
                                                       {"agents", &c.agents},
                                                       {"agent_sessions", &c.sessions},
                                                       {"cursors", &c.cursors},
                                                       {"kpi_snapshots", &c.snapshots},
                                                       {"writeback_ledger", &c.ledger},
                                                       {"posted_reports", &c.reports}};
    for (const auto& [table, out] : tables) {
      auto n = impl_->single_int(std::string("SELECT count(*) FROM ") + table);
      if (!n) return n.error();
      *out = *n;
    }
    auto version = impl_->single_int("SELECT max(version) FROM schema_version");
    if (!version) return version.error();
    c.schema_version = int(*version);
    return c;
  });
}

namespace store {

// A JSON array of strings, bound as one parameter and read by json_each().
std::string json_array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
        out += buf;
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace store

}  // namespace dp
