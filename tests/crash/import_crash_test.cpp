// `deskpulse import` SIGKILLed at random moments and started again until it finishes:
// the state then holds exactly what one clean import stores (every row of every table,
// the cursors and the partials), SQLite finds it intact, and `compute` prints the same
// bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "../support/run_command.h"
#include "kill_loop.h"
#include "state_checks.h"

namespace dp::crash {
namespace {

namespace fs = std::filesystem;

const std::string kBin = DESKPULSE_BIN;
constexpr int kCiKills = 12;

// Columns that say when, not what: a time of writing differs from run to run.
const std::set<std::string> kWhen = {"cursors.updated_at", "schema_version.applied_at"};

void remove_state(const fs::path& state) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(state.string() + suffix);
}

TEST(Crash, ImportKilledAtRandomStoresWhatACleanImportStores) {
  const Settings s = settings(kCiKills);
  test::TempDir dir;
  const fs::path data = dir.path() / "data", state = dir.path() / "state.db";
  // Many small batches, each stored with its cursor in one transaction: most kills
  // fall between two of them or inside one.
  auto gen = test::run_command(kBin + " generate --seed 9 --tickets 4000 --weeks 8 --out " +
                               data.string());
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  const Command import{{kBin, "import", "--batch-records", "500", "--data", data.string(),
                        "--state", state.string()},
                       {}};
  const std::vector<std::string> compute_args{"--state", state.string()};

  // The clean import: its duration spreads the kills; its state and output are the
  // reference.
  const Finished clean =
      run_to_end(import, (dir.path() / "clean.log").string(), std::chrono::seconds(300));
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  ASSERT_EQ(integrity(state.string()), "ok");
  const std::string clean_dump = dump(state.string(), kWhen);
  const std::string clean_csv = compute_csv(compute_args);
  ASSERT_GT(clean_csv.size(), 10'000u);
  // The records of the clean run, for the message of a failure.
  const std::string clean_counts =
      sql(state.string(),
          "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events), "
          "(SELECT count(*) FROM calls), (SELECT count(*) FROM surveys)");
  std::cout << "[crash import] clean import: tickets|events|calls|surveys " << clean_counts
            << std::flush;

  Scenario sc;
  sc.name = "import";
  sc.clean = clean.took;
  sc.run_timeout = std::chrono::seconds(300);
  sc.fresh = [&](int) { remove_state(state); };
  sc.before_launch = [&](int, int) { return import; };
  sc.check = [&](const Round& r) {
    EXPECT_EQ(integrity(state.string()), "ok") << "round " << r.index;
    // Nothing stored twice, nothing missing: the same rows, sequence numbers, cursors
    // and partials as the clean import.
    const std::string d = dump(state.string(), kWhen);
    EXPECT_TRUE(d == clean_dump) << "round " << r.index << ": the state differs from a clean "
                                 << "import's at " << first_difference(clean_dump, d);
    const std::string csv = compute_csv(compute_args);
    EXPECT_TRUE(csv == clean_csv) << "round " << r.index << ": compute differs at "
                                  << first_difference(clean_csv, csv);
  };
  remove_state(state);
  const Totals t = kill_rounds(s, sc, dir.path().string());
  EXPECT_GE(t.kills, s.kills);
  ::testing::Test::RecordProperty("kills_survived", t.kills);
}

}  // namespace
}  // namespace dp::crash
