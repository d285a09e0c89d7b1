// `deskpulse run --once` with the outbox sink (the demo's configuration and data, "now"
// pinned to the demo's Monday morning, so a week of reports is due) SIGKILLed at random
// moments and started again until a run finishes. Then: each report of each team and
// period was posted once (a report the sink had written whole is never written again)
// and is the clean run's, byte for byte; no field change is written twice after the
// last restart, and a restart repeats at most the one write in flight when it was
// killed; the last value of every field is the clean run's; the state and `compute`
// equal the clean run's.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "../support/run_command.h"
#include "kill_loop.h"
#include "model/json.h"
#include "state_checks.h"

namespace dp::crash {
namespace {

namespace fs = std::filesystem;

const std::string kBin = DESKPULSE_BIN;
constexpr int kCiKills = 12;
// The demo's "now" (cmd_demo.cpp, demo_now): Monday 09:00 UTC after the generated weeks.
constexpr const char* kNow = "2026-11-23T09:00:00Z";

// Columns that say when, not what (the ledger stamps the wall clock).
const std::set<std::string> kWhen = {"cursors.updated_at", "schema_version.applied_at",
                                     "writeback_ledger.written_at", "kpi_snapshots.computed_at"};

const char* const kWriteFiles[] = {"field_writes.jsonl", "user_field_writes.jsonl"};

// One line of an outbox write file: target, field, value.
struct Write {
  std::string target, field, value;
  auto operator<=>(const Write&) const = default;
};

std::optional<Write> parse_write(const std::string& line) {
  auto doc = json::parse(line);
  if (!doc.ok() || !doc->IsObject()) return std::nullopt;
  auto target = json::get_string(*doc, "ticket");
  if (!target) target = json::get_string(*doc, "agent");
  auto field = json::get_string(*doc, "field");
  auto value = json::get_string(*doc, "value");
  if (!target || !field || !value) return std::nullopt;
  return Write{*target, *field, *value};
}

// Where a run started: the size of each write file, and each report file whose bytes
// are the clean run's already (posted whole) with its identity on disk.
struct Mark {
  std::map<std::string, uintmax_t> sizes;
  std::map<std::string, std::pair<ino_t, int64_t>> posted;  // inode, mtime in ns
};

std::pair<ino_t, int64_t> identity(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return {0, -1};
  return {st.st_ino, int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

TEST(Crash, RunWithTheOutboxKilledAtRandomPostsAndWritesOnce) {
  const Settings s = settings(kCiKills);
  test::TempDir dir;
  const fs::path data = dir.path() / "data", run = dir.path() / "run";
  const fs::path cfg = run / "deskpulse.yaml", outbox = run / "outbox";
  const fs::path state = run / "demo-state.db";
  auto gen = test::run_command(kBin + " generate --seed 42 --tickets 1200 --out " + data.string());
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  // Every round in the same place, on the same files (the state names the report files
  // it posted, and the data files' inodes in its cursor).
  fs::create_directories(run);
  fs::rename(data, run / "data");
  fs::copy_file(DP_SOURCE_DIR "/config/demo.yaml", cfg);
  auto fresh = [&] {
    fs::remove_all(outbox);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(state.string() + suffix);
  };
  const Command once{{kBin, "run", "--once", "--now", kNow, "--config", cfg.string()}, {}};
  const std::vector<std::string> compute_args{"--config", cfg.string()};

  fresh();
  const Finished clean =
      run_to_end(once, (dir.path() / "clean.log").string(), std::chrono::seconds(600));
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  std::cout << "[crash outbox] clean run: " << clean.output << std::flush;
  ASSERT_EQ(integrity(state.string()), "ok");
  const std::string clean_dump = dump(state.string(), kWhen);
  const std::string clean_csv = compute_csv(compute_args);
  const auto clean_reports = files_under(outbox / "reports");
  std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> clean_last;
  for (const char* file : kWriteFiles)
    for (const auto& line : lines_of((outbox / file).string())) {
      auto w = parse_write(line);
      ASSERT_TRUE(w) << file << ": " << line;
      clean_last[file][{w->target, w->field}] = w->value;
    }
  size_t clean_html = 0;
  for (const auto& [name, _] : clean_reports) clean_html += name.ends_with(".html");
  ASSERT_GE(clean_html, 2u) << "no reports due at " << kNow;
  ASSERT_GT(clean_last["field_writes.jsonl"].size(), 1000u);

  std::vector<Mark> marks;  // one per launch of the round
  Scenario sc;
  sc.name = "outbox";
  sc.clean = clean.took;
  sc.run_timeout = std::chrono::seconds(600);
  sc.fresh = [&](int) {
    fresh();
    marks.clear();
  };
  sc.before_launch = [&](int, int) {
    Mark m;
    std::error_code ec;
    for (const char* file : kWriteFiles) {
      const auto size = fs::file_size(outbox / file, ec);
      m.sizes[file] = ec ? 0 : size;
    }
    for (const auto& [name, bytes] : files_under(outbox / "reports"))
      if (name.ends_with(".html") && clean_reports.count(name) && clean_reports.at(name) == bytes)
        m.posted[name] = identity(outbox / "reports" / name);
    marks.push_back(m);
    return once;
  };
  sc.check = [&](const Round& r) {
    const std::string where = "round " + std::to_string(r.index) + ": ";
    ASSERT_EQ(marks.size(), size_t(r.launches));
    EXPECT_EQ(integrity(state.string()), "ok") << where;

    // Reports: once each, whole, the clean run's bytes.
    const auto reports = files_under(outbox / "reports");
    EXPECT_TRUE(reports == clean_reports)
        << where << "the report files differ from the clean run's";
    for (size_t launch = 0; launch < marks.size(); ++launch)
      for (const auto& [name, id] : marks[launch].posted)
        EXPECT_EQ(identity(outbox / "reports" / name), id)
            << where << name << " was whole before launch " << launch + 1
            << " and was posted again";

    // Field writes: every line whole; none twice after the last restart; a restart
    // repeats at most the one target whose write was in flight when it was killed.
    std::vector<std::set<std::string>> repeated_at_launch(marks.size());
    for (const char* file : kWriteFiles) {
      const auto lines = lines_of((outbox / file).string());
      std::map<std::pair<std::string, std::string>, std::string> last;
      std::set<Write> since_restart;
      uintmax_t offset = 0;
      size_t launch = 0;
      for (const auto& line : lines) {
        while (launch + 1 < marks.size() && offset >= marks[launch + 1].sizes[file]) ++launch;
        offset += line.size() + 1;
        auto w = parse_write(line);
        if (!w) {
          ADD_FAILURE() << where << file << ": not a whole write: " << line;
          continue;
        }
        if (launch + 1 == marks.size() && !since_restart.insert(*w).second)
          ADD_FAILURE() << where << file << ": written twice after the last restart: " << line;
        auto [it, fresh_key] = last.try_emplace({w->target, w->field}, w->value);
        if (!fresh_key && it->second == w->value) repeated_at_launch[launch].insert(w->target);
        it->second = w->value;
      }
      EXPECT_TRUE(last == clean_last[file])
          << where << file << ": the last values differ from the clean run's (" << last.size()
          << " fields against " << clean_last[file].size() << ")";
    }
    int repeats = 0;
    for (size_t launch = 0; launch < marks.size(); ++launch) {
      repeats += int(repeated_at_launch[launch].size());
      EXPECT_LE(repeated_at_launch[launch].size(), 1u)
          << where << "launch " << launch + 1 << " wrote again what had landed for "
          << repeated_at_launch[launch].size() << " targets, e.g. "
          << *repeated_at_launch[launch].begin();
    }
    std::cout << "[crash outbox] round " << r.index << ": " << repeats
              << " write(s) in flight at a kill repeated\n";

    const std::string d = dump(state.string(), kWhen);
    EXPECT_TRUE(d == clean_dump) << where << "the state differs from the clean run's at "
                                 << first_difference(clean_dump, d);
    const std::string csv = compute_csv(compute_args);
    EXPECT_TRUE(csv == clean_csv) << where << "compute differs at "
                                  << first_difference(clean_csv, csv);
  };
  const Totals t = kill_rounds(s, sc, dir.path().string());
  EXPECT_GE(t.kills, s.kills);
  ::testing::Test::RecordProperty("kills_survived", t.kills);
}

}  // namespace
}  // namespace dp::crash
