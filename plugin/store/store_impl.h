// What the Store's source files share: the connection and its statement cache.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite.h"
#include "store/store.h"

namespace dp {

struct Store::Impl {
  sql::Db db;
  std::string path;
  Clock clock;
  std::string migration_note;
  // Prepared once per SQL text and reused: preparing per row would dominate an import.
  std::unordered_map<std::string, std::unique_ptr<sql::Stmt>> stmts;

  Result<sql::Loan> stmt(const std::string& sql);
  Result<void> run(const std::string& sql);  // a cached statement without parameters
  // The first column of the first row of a parameterless query (0 when no row).
  Result<int64_t> single_int(const std::string& sql);
  // The first column of every row of a parameterless query, as text.
  Result<std::vector<std::string>> texts(const std::string& sql);
  // The latest change sequence over tickets, events and calls (0 when empty).
  Result<int64_t> max_seq();
  // Reads through a memory map of the file from now on, for the scattered lookups of
  // incremental partials and the partials scan (docs/performance.md): no copy per page
  // read. Not for imports and full loads, whose resident size would grow to the file's.
  Result<void> map_file();
  bool mapped = false;
  bool map_allowed = true;  // Store::map_reads()
};

namespace store {

// The store's edge: allocation failures and other exceptions become errors.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return make_error(std::string("state store: ") + e.what());
  }
}

// A JSON array of strings, bound as one parameter and read by json_each().
std::string json_array(const std::vector<std::string>& v);

}  // namespace store
}  // namespace dp
