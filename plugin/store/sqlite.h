// Thin RAII layer over the SQLite C API, internal to the store. Nothing here throws;
// failures come back as dp::Error carrying SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.h"
#include "model/time.h"

namespace dp::sql {

class Db {
 public:
  // `create`: make the file when it does not exist (else that is an error).
  static Result<Db> open(const std::string& path, bool create = true);
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements that return no rows (schema, pragmas).
  Result<void> exec(const std::string& sql);
  Error error(const std::string& what) const;
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* get() const { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement. Parameters are 1-based, columns 0-based (as in SQLite).
// Text is borrowed, not copied (an import binds millions of strings): it must stay
// alive and unchanged until the statement is stepped and reset. Temporaries are
// refused at compile time; bind_copy() is for text that will not live that long.
class Stmt {
 public:
  static Result<Stmt> prepare(Db& db, const std::string& sql);
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt();

  void bind(int i, std::string_view v);
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, std::string&& v) = delete;
  void bind_copy(int i, std::string_view v);
  void bind_blob(int i, std::string_view v);  // must outlive the step, like bind()
  void bind(int i, int64_t v);
  void bind(int i, double v);
  void bind(int i, Time v) { bind(i, int64_t(v.time_since_epoch().count())); }
  void bind(int i, Seconds v) { bind(i, int64_t(v.count())); }
  void bind_null(int i);
  template <class T>
  void bind(int i, const std::optional<T>& v) {
    if (v)
      bind(i, *v);
    else
      bind_null(i);
  }

  // true: a row is ready; false: done. Errors name the statement.
  Result<bool> step();
  // Steps a statement that returns no rows.
  Result<void> run();
  // Ready for new bindings; also releases the read snapshot a half-read query holds.
  void reset();

  bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  int64_t int64(int c) const { return sqlite3_column_int64(st_, c); }
  double real(int c) const { return sqlite3_column_double(st_, c); }
  std::string text(int c) const;
  std::string blob(int c) const;
  std::string_view blob_view(int c) const;  // valid until the next step or reset
  Time time(int c) const { return Time(Seconds(int64(c))); }
  Seconds seconds(int c) const { return Seconds(int64(c)); }
  std::optional<std::string> opt_text(int c) const;
  std::optional<Time> opt_time(int c) const;
  std::optional<double> opt_real(int c) const;

 private:
  Stmt(Db& db, sqlite3_stmt* st) : db_(&db), st_(st) {}
  Db* db_;
  sqlite3_stmt* st_ = nullptr;
};

// A cached statement lent out for one use; reset when the loan ends so a half-read
// query never pins a read snapshot or leaks bindings into the next use.
class Loan {
 public:
  explicit Loan(Stmt& s) : s_(&s) { s_->reset(); }
  Loan(Loan&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Loan& operator=(Loan&&) = delete;
  ~Loan() {
    if (s_) s_->reset();
  }
  Stmt& operator*() const { return *s_; }
  Stmt* operator->() const { return s_; }

 private:
  Stmt* s_;
};

// BEGIN on construction, ROLLBACK on destruction unless commit() succeeded, so an
// early return on any error leaves the database as it was.
class Transaction {
 public:
  enum class Mode { read, write };
  static Result<Transaction> begin(Db& db, Mode mode);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Db& db) : db_(&db) {}
  Db* db_;
};

}  // namespace dp::sql
