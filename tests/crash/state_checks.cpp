#include "state_checks.h"

#include <gtest/gtest.h>

#include <sstream>

#include "../support/run_command.h"

namespace dp::crash {
namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

std::vector<std::string> rows(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> lines_of(const std::string& path) {
  return rows(test::read_file(path));
}

std::string sql(const std::string& db, const std::string& query) {
  // -bail: a failing statement fails the command; a lock held by another process is
  // waited for (RT between two requests).
  auto r = test::run_command(
      "sqlite3 -bail -cmd '.timeout 10000' " + quote(db) + " " + quote(query), 300);
  if (r.exit_code != 0) {
    ADD_FAILURE() << "sqlite3 " << db << " \"" << query << "\": " << r.out;
    return "";
  }
  return r.out;
}

std::string integrity(const std::string& db) {
  std::string r = sql(db, "PRAGMA integrity_check");
  while (!r.empty() && r.back() == '\n') r.pop_back();
  return r;
}

std::string dump(const std::string& db, const std::set<std::string>& skip) {
  std::string out;
  for (const auto& table :
       rows(sql(db,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                "LIKE 'sqlite_%' ORDER BY name"))) {
    if (skip.count(table)) continue;
    std::string cols;
    for (const auto& col :
         rows(sql(db, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid"))) {
      if (skip.count(table + "." + col)) continue;
      cols += (cols.empty() ? "" : ", ") + ("quote(\"" + col + "\")");
    }
    out += "== " + table + "\n";
    if (!cols.empty())
      out += sql(db, "SELECT " + cols + " FROM \"" + table + "\" ORDER BY " + cols);
  }
  return out;
}

std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string l, m;
  for (int line = 1;; ++line) {
    const bool more_a = bool(std::getline(x, l)), more_b = bool(std::getline(y, m));
    if (!more_a && !more_b) return "(no difference)";
    if (!more_a || !more_b || l != m)
      return "line " + std::to_string(line) + ":\n  clean: " + (more_a ? l : "(end)") +
             "\n  after kills: " + (more_b ? m : "(end)");
  }
}

std::string compute_csv(const std::vector<std::string>& where,
                        const std::vector<std::string>& env) {
  std::string cmd = "env";
  for (const auto& e : env) cmd += " " + quote(e);
  cmd += " " DESKPULSE_BIN " compute --format csv --group-by overall,team,agent,queue,channel";
  for (const auto& w : where) cmd += " " + quote(w);
  // stdout only: a warning on stderr is not output.
  auto r = test::run_command("sh -c " + quote(cmd + " 2>/dev/null"), 600);
  if (r.exit_code != 0)
    ADD_FAILURE() << cmd << ": exit " << r.exit_code << "\n"
                  << test::run_command(cmd + " >/dev/null", 600).out.substr(0, 2000);
  return r.out;
}

std::map<std::string, std::string> files_under(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file())
      out[std::filesystem::relative(it->path(), dir).string()] = test::read_file(it->path());
  return out;
}

}  // namespace dp::crash
