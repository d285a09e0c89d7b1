#include "store/sqlite.h"

namespace dp::sql {

Result<Db> Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  // NOMUTEX: a Store is used from one thread at a time; SQLite's own locking is not needed.
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK)
    return make_error(
        std::string("cannot open state file: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)),
        path);
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Result<void> Db::exec(const std::string& sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return {};
  std::string text = msg ? msg : sqlite3_errstr(rc);
  sqlite3_free(msg);
  return make_error(text, "sql: " + sql.substr(0, 60));
}

Error Db::error(const std::string& what) const {
  return make_error(sqlite3_errmsg(db_), what);
}

Result<Stmt> Stmt::prepare(Db& db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db.get(), sql.c_str(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                         nullptr) != SQLITE_OK)
    return db.error("prepare: " + sql.substr(0, 60));
  return Stmt(db, st);
}

Stmt::~Stmt() {
  if (st_) sqlite3_finalize(st_);
}

void Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), int(v.size()), SQLITE_STATIC);
}
void Stmt::bind_blob(int i, std::string_view v) {
  sqlite3_bind_blob64(st_, i, v.data(), v.size(), SQLITE_STATIC);
}
void Stmt::bind_copy(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
}
void Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(st_, i, v);
}
void Stmt::bind(int i, double v) {
  sqlite3_bind_double(st_, i, v);
}
void Stmt::bind_null(int i) {
  sqlite3_bind_null(st_, i);
}

Result<bool> Stmt::step() {
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = db_->error(std::string("sql: ") + sqlite3_sql(st_));
  sqlite3_reset(st_);
  return e;
}

Result<void> Stmt::run() {
  auto r = step();
  if (!r) return r.error();
  return {};
}

void Stmt::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

std::string Stmt::text(int c) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
  return p ? std::string(p, size_t(sqlite3_column_bytes(st_, c))) : std::string();
}

std::string Stmt::blob(int c) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(st_, c));
  return p ? std::string(p, size_t(sqlite3_column_bytes(st_, c))) : std::string();
}

std::string_view Stmt::blob_view(int c) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(st_, c));
  return p ? std::string_view(p, size_t(sqlite3_column_bytes(st_, c))) : std::string_view();
}

std::optional<std::string> Stmt::opt_text(int c) const {
  if (is_null(c)) return std::nullopt;
  return text(c);
}

std::optional<Time> Stmt::opt_time(int c) const {
  if (is_null(c)) return std::nullopt;
  return time(c);
}

std::optional<double> Stmt::opt_real(int c) const {
  if (is_null(c)) return std::nullopt;
  return real(c);
}

Result<Transaction> Transaction::begin(Db& db, Mode mode) {
  // IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout
  // instead of failing with a deadlock when a read transaction tries to upgrade.
  auto r = db.exec(mode == Mode::write ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!r) return r.error();
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  auto r = db_->exec("COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace dp::sql
