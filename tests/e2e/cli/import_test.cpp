// Getting records into a state as a user does: `import` batch by batch and
// `generate --state`, checked through the state file with sqlite3.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../../support/run_command.h"
#include "model/json.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::vector<std::string> out;
  std::istringstream in(dp::test::read_file(p));
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

void write_lines(const std::filesystem::path& p, const std::vector<std::string>& lines) {
  std::ofstream f(p, std::ios::binary);
  for (const auto& l : lines) f << l << '\n';
}

// One value from the state, by SQL.
std::string query(const std::filesystem::path& state, const std::string& sql) {
  auto r = run_command("sqlite3 " + state.string() + " \"" + sql + "\"");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

int64_t count(const std::filesystem::path& state, const std::string& table) {
  return std::stoll("0" + query(state, "SELECT count(*) FROM " + table));
}

// The stored cursor of an import of `data`, parsed.
dp::json::Document import_cursor(const std::filesystem::path& state,
                                 const std::filesystem::path& data) {
  auto text = query(
      state, "SELECT cursor FROM cursors WHERE source = 'import:files:" + data.string() + "'");
  auto doc = dp::json::parse(text);
  EXPECT_TRUE(doc.ok()) << text;
  return doc.ok() ? std::move(*doc) : dp::json::Document();
}

struct Data {
  TempDir dir;
  std::filesystem::path data = dir.path() / "data", state = dir.path() / "state.db";
  std::vector<std::string> events;  // ticket_events.ndjson's lines

  Data() {
    auto gen =
        run_command(kBin + " generate --seed 9 --tickets 300 --weeks 4 --out " + data.string());
    EXPECT_EQ(gen.exit_code, 0) << gen.out;
    events = lines_of(data / "ticket_events.ndjson");
  }
  int import_in_batches_of(int n, std::string* out = nullptr) {
    auto r = run_command(kBin + " import --batch-records " + std::to_string(n) + " --data " +
                         data.string() + " --state " + state.string());
    if (out) *out = r.out;
    return r.exit_code;
  }
};

}  // namespace

// Many batches of 100: a bad line far into the event file is reported with its file
// and line and skipped; everything else is stored, and the cursor covers every file
// to its end.
TEST(Import, BadLineInALaterBatchIsSkippedAndTheRestIsStored) {
  Data d;
  ASSERT_GT(d.events.size(), 1000u);
  d.events[799] = R"({"id":"bad","ticket":"gen:1","at":"yesterday","type":"created"})";
  write_lines(d.data / "ticket_events.ndjson", d.events);

  std::string out;
  EXPECT_EQ(d.import_in_batches_of(100, &out), 1) << out;
  EXPECT_NE(out.find("ticket_events.ndjson:800: field 'at'"), std::string::npos) << out;
  EXPECT_NE(out.find("1 record(s) rejected"), std::string::npos) << out;
  EXPECT_EQ(count(d.state, "tickets"), 300);
  EXPECT_EQ(count(d.state, "ticket_events"), int64_t(d.events.size()) - 1);
  EXPECT_EQ(query(d.state, "SELECT count(*) FROM ticket_events WHERE id = 'bad'"), "0");
  // The lookup indexes, deferred for an import into an empty state, are built.
  EXPECT_EQ(query(d.state,
                  "SELECT count(*) FROM sqlite_master WHERE name IN ('tickets_contacts', "
                  "'ticket_events_ticket', 'calls_ticket')"),
            "3");
  EXPECT_EQ(query(d.state, "SELECT count(*) FROM store_meta WHERE name = 'deferred_indexes'"), "0");
  // One data version per stored batch: each was its own transaction.
  EXPECT_GT(std::stoll(query(d.state, "SELECT value FROM store_meta WHERE name = 'data_version'")),
            20);

  auto cursor = import_cursor(d.state, d.data);
  ASSERT_TRUE(cursor.IsObject());
  size_t files = 0;
  for (const auto& m : cursor.GetObject()) {
    const auto path = d.data / m.name.GetString();
    EXPECT_EQ(uint64_t(m.value["offset"].GetInt64()), std::filesystem::file_size(path))
        << m.name.GetString();
    EXPECT_EQ(size_t(m.value["line"].GetInt64()), lines_of(path).size()) << m.name.GetString();
    ++files;
  }
  EXPECT_EQ(files, 7u);

  // Again: nothing new, the same line reported.
  EXPECT_EQ(d.import_in_batches_of(100, &out), 1) << out;
  EXPECT_NE(out.find("ticket_events.ndjson:800"), std::string::npos) << out;
  EXPECT_EQ(count(d.state, "ticket_events"), int64_t(d.events.size()) - 1);
}

// A record the store refuses (an event of no ticket) fails its batch: the batches
// before it stay stored, and the cursor ends exactly where they end.
TEST(Import, RefusedRecordKeepsEarlierBatchesAndTheCursorStopsBeforeIt) {
  Data d;
  ASSERT_GT(d.events.size(), 1000u);
  auto refused = dp::json::parse(d.events[899]);
  ASSERT_TRUE(refused.ok());
  const std::string refused_id = (*refused)["id"].GetString();
  d.events[899] = R"({"id":")" + refused_id +
                  R"(","ticket":"","at":"2026-08-25T10:00:00Z","type":"internal_note"})";
  write_lines(d.data / "ticket_events.ndjson", d.events);

  std::string out;
  EXPECT_EQ(d.import_in_batches_of(100, &out), 1) << out;
  EXPECT_NE(out.find("ticket_events '" + refused_id + "'"), std::string::npos) << out;
  EXPECT_EQ(count(d.state, "tickets"), 300);

  auto cursor = import_cursor(d.state, d.data);
  ASSERT_TRUE(cursor.IsObject() && cursor.HasMember("ticket_events.ndjson"));
  const auto& mark = cursor["ticket_events.ndjson"];
  const int64_t line = mark["line"].GetInt64();
  EXPECT_GE(line, 800);  // batches of 100 records: only the refused one is lost
  EXPECT_LT(line, 900);  // and never the refused line
  EXPECT_EQ(count(d.state, "ticket_events"), line);  // exactly the lines the cursor covers
  uint64_t offset = 0;
  for (int64_t i = 0; i < line; ++i) offset += d.events[size_t(i)].size() + 1;
  EXPECT_EQ(uint64_t(mark["offset"].GetInt64()), offset);
}

// generate --state stores exactly what generate --out and an import of the files store.
// The import builds the partials as it ends (through the sync path's store step, then
// once for what the batches left stale): the first compute reads them, rebuilding
// nothing, and gives byte for byte what a rebuild gives. Importing changed records
// again keeps them current.
TEST(Import, LeavesThePartialsCurrentSoTheFirstComputeDoesNotRebuild) {
  Data d;
  ASSERT_EQ(d.import_in_batches_of(500), 0);
  auto compute = [&](const std::string& name) {
    const auto out = d.dir.path() / name;
    // Rows into the file, the --timings line (stderr) into r.out.
    auto r = run_command("sh -c '" + kBin + " compute --state " + d.state.string() +
                         " --from 2026-08-24 --to 2026-09-21 --bucket week"
                         " --group-by overall,team,agent,queue,channel --format csv --timings >" +
                         out.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return std::make_pair(r.out, dp::test::read_file(out));
  };
  const auto [first_log, first] = compute("first.csv");
  EXPECT_NE(first_log.find("compute: partials; "), std::string::npos) << first_log;
  EXPECT_GT(first.size(), 1000u);

  // Stale on purpose: that compute rebuilds them, to the same rows.
  query(d.state, "DELETE FROM store_meta WHERE name = 'partials_tag'");
  const auto [rebuilt_log, rebuilt] = compute("rebuilt.csv");
  EXPECT_NE(rebuilt_log.find("compute: partials, rebuilt; "), std::string::npos) << rebuilt_log;
  EXPECT_EQ(first, rebuilt);

  // A second import of the same files with one event's handling time changed: small
  // batches, the partials kept current through them, equal to a rebuild.
  auto spent = std::find_if(d.events.begin(), d.events.end(), [](const std::string& l) {
    return l.find(R"("time_spent_s":0)") == std::string::npos;
  });
  ASSERT_NE(spent, d.events.end());
  const size_t at = spent->find(R"("time_spent_s":)") + 15;
  spent->insert(at, "7");
  write_lines(d.data / "ticket_events.ndjson", d.events);
  ASSERT_EQ(d.import_in_batches_of(500), 0);
  const auto [again_log, again] = compute("again.csv");
  EXPECT_NE(again_log.find("compute: partials; "), std::string::npos) << again_log;
  EXPECT_NE(again, first);
  query(d.state, "DELETE FROM store_meta WHERE name = 'partials_tag'");
  const auto [check_log, check] = compute("check.csv");
  EXPECT_NE(check_log.find("compute: partials, rebuilt; "), std::string::npos) << check_log;
  EXPECT_EQ(again, check);
}

TEST(Generate, IntoTheStateStoresWhatImportingItsFilesStores) {
  TempDir dir;
  const auto direct = dir.path() / "direct.db", imported = dir.path() / "imported.db";
  const std::string opts = " --seed 4 --tickets 400 --weeks 5";
  auto g =
      run_command(kBin + " generate" + opts + " --batch-records 300 --state " + direct.string());
  ASSERT_EQ(g.exit_code, 0) << g.out;
  auto files = run_command(kBin + " generate" + opts + " --out " + (dir.path() / "d").string());
  ASSERT_EQ(files.exit_code, 0) << files.out;
  auto i = run_command(kBin + " import --data " + (dir.path() / "d").string() + " --state " +
                       imported.string());
  ASSERT_EQ(i.exit_code, 0) << i.out;
  EXPECT_EQ(g.out.substr(0, g.out.find(" to ")), files.out.substr(0, files.out.find(" to ")));

  for (const char* table :
       {"tickets", "ticket_events", "calls", "surveys", "customers", "agents", "agent_sessions"}) {
    // Every column but the change sequence, which follows the order records arrive in.
    const std::string cols = query(direct, std::string("SELECT group_concat(name) FROM "
                                                       "pragma_table_info('") +
                                               table + "') WHERE name <> 'seq'");
    const std::string rows = std::string("SELECT ") + cols + " FROM " + table + " ORDER BY id";
    EXPECT_GT(count(direct, table), 0) << table;
    EXPECT_EQ(count(direct, table), count(imported, table)) << table;
    EXPECT_EQ(query(direct, rows), query(imported, rows)) << table;
  }
  const std::string total = g.out.substr(6, g.out.find(" records") - 6);
  EXPECT_EQ(query(direct,
                  "SELECT json_extract(cursor, '$.records') FROM cursors WHERE source = "
                  "'generate'"),
            total);
  EXPECT_GT(std::stoll(query(direct, "SELECT value FROM store_meta WHERE name = 'data_version'")),
            10);

  auto both = run_command(kBin + " generate" + opts + " --out x --state y");
  EXPECT_NE(both.exit_code, 0);
  auto neither = run_command(kBin + " generate" + opts);
  EXPECT_EQ(neither.exit_code, 2) << neither.out;
}
