// What the crash scenarios compare between a clean run and a round of kills: SQLite
// files read with the sqlite3 command (deskpulse's state, and RT's database), and
// deskpulse's compute output.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dp::crash {

// The lines of a text, without their newlines.
std::vector<std::string> rows(const std::string& text);
// The lines of a file; a last line without a newline is kept as it is.
std::vector<std::string> lines_of(const std::string& path);

// The output of one query (sqlite3's list mode, '|' between columns), or a gtest
// failure and "".
std::string sql(const std::string& db, const std::string& query);

// "ok" when PRAGMA integrity_check finds nothing.
std::string integrity(const std::string& db);

// Every row of every table, sorted, without the columns that only say when a row was
// written (`skip`: "table.column" or "table" for a whole table). Equal for two states
// that hold the same.
std::string dump(const std::string& db, const std::set<std::string>& skip);

// The first lines where two texts differ, for a failure message.
std::string first_difference(const std::string& a, const std::string& b);

// `deskpulse compute` over the whole span and catalog, every grouping, as CSV; `where`
// the arguments that name the state (--state F, --config F), `env` NAME=VALUE entries.
std::string compute_csv(const std::vector<std::string>& where,
                        const std::vector<std::string>& env = {});

// The files under a directory by relative path, with their bytes.
std::map<std::string, std::string> files_under(const std::filesystem::path& dir);

}  // namespace dp::crash
