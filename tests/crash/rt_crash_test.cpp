// `deskpulse run --once` against a real private RT 5 (deskpulse's own token, per-queue
// rights, "now" pinned) SIGKILLed at random moments and started again until a run
// finishes. Each round starts from the same RT: its database restored, through
// SQLite's backup API, to the copy taken after seeding and init; deskpulse's state
// fresh. A restart waits until RT finished the requests the killed process left in
// flight, as the systemd unit's RestartSec=30 does. Then, read from RT's database: no
// report subject twice in the reports queue; no field write repeated after the last
// restart, and every field's history of changes the clean run's; every field's value
// the clean run's; and `compute` prints the clean run's bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "../integration/rt/deskpulse_yaml.h"
#include "../integration/rt/rt_server.h"
#include "../support/pinned_now.h"
#include "../support/run_command.h"
#include "kill_loop.h"
#include "state_checks.h"

namespace dp::crash {
namespace {

namespace fs = std::filesystem;

const std::string kBin = DESKPULSE_BIN;
constexpr int kCiKills = 2;
// Few tickets: a clean run against RT takes most of a minute on a busy machine, and the
// kills are spread over it.
constexpr int kTickets = 12;
using test::kReportsQueue;

// Whether a request to RT is still open: a socket on RT's port that is neither
// listening nor closed (a killed client's request shows as CLOSE_WAIT until RT's
// worker is done with it).
bool rt_busy(int port) {
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string slot, local, remote, state;
      f >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (colon == std::string::npos) continue;
      if (std::stoi(local.substr(colon + 1), nullptr, 16) != port) continue;
      if (state != "0A" && state != "06" && state != "07") return true;
    }
  }
  return false;
}

void wait_until_rt_idle(int port) {
  int quiet = 0;
  for (int i = 0; i < 1200 && quiet < 3; ++i) {  // bounded: 2 minutes
    quiet = rt_busy(port) ? 0 : quiet + 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(quiet, 3) << "RT still busy after 2 minutes";
}

TEST(Crash, RunAgainstRtKilledAtRandomPostsEachReportOnceAndWritesEachChangeOnce) {
  const Settings s = settings(kCiKills);
  auto started = test::RtServer::start();
  ASSERT_TRUE(started.ok()) << started.error().str();
  auto& rt = **started;
  auto seeded = rt.perl(DP_SOURCE_DIR "/tests/integration/rt/seed.pl",
                        {std::to_string(kTickets), "11", "per-queue"});
  ASSERT_TRUE(seeded.ok()) << seeded.error().str();
  auto root_token = rt.create_token(test::RtServer::root_user());
  ASSERT_TRUE(root_token.ok()) << root_token.error().str();
  auto token = rt.create_token("deskpulse");
  ASSERT_TRUE(token.ok()) << token.error().str();

  test::TempDir dir;
  const fs::path cfg = dir.path() / "deskpulse.yaml", state = dir.path() / "state.db";
  std::ofstream(cfg) << test::deskpulse_yaml(rt);
  auto init = test::run_command(
      "env RT_TOKEN=" + *root_token + " " + kBin + " init --config " + cfg.string(), 180);
  ASSERT_EQ(init.exit_code, 0) << init.out;

  // RT as every round starts it.
  const std::string rt_db = rt.site_config_dir() + "/rt.db";
  const std::string snapshot = (dir.path() / "rt-after-init.db").string();
  wait_until_rt_idle(rt.port());
  ASSERT_EQ(sql(rt_db, ".backup '" + snapshot + "'"), "");
  const std::string deskpulse_id =
      rows(sql(rt_db, "SELECT id FROM Users WHERE Name = 'deskpulse'")).at(0);

  // What RT holds that deskpulse wrote: report subjects; each field's value; each
  // field's changes in order (a transaction's new value is the ObjectCustomFieldValue
  // it references), from transaction `after` on.
  auto subjects = [&] {
    return rows(sql(rt_db,
                    "SELECT t.Subject FROM Tickets t JOIN Queues q ON q.id = t.Queue WHERE "
                    "q.Name = '" +
                        std::string(kReportsQueue) + "' ORDER BY t.Subject"));
  };
  auto values = [&] {
    return sql(rt_db,
               "SELECT v.ObjectType, v.ObjectId, cf.Name, v.Content FROM ObjectCustomFieldValues "
               "v JOIN CustomFields cf ON cf.id = v.CustomField WHERE v.Disabled = 0 AND "
               "cf.Name LIKE 'KPI %' ORDER BY 1, 2, 3, 4");
  };
  auto changes = [&](const std::string& after) {
    return rows(sql(rt_db,
                    "SELECT t.ObjectType, t.ObjectId, cf.Name, coalesce(v.Content, '') FROM "
                    "Transactions t JOIN CustomFields cf ON cf.id = t.Field LEFT JOIN "
                    "ObjectCustomFieldValues v ON v.id = t.NewReference WHERE t.Type = "
                    "'CustomField' AND t.Creator = " +
                        deskpulse_id + " AND t.id > " + after + " ORDER BY t.id"));
  };
  auto last_transaction = [&] {
    return rows(sql(rt_db, "SELECT coalesce(max(id), 0) FROM Transactions")).at(0);
  };

  const std::string now = test::iso_utc(test::pinned_now());
  const Command once{{kBin, "run", "--once", "--now", now, "--config", cfg.string()},
                     {"RT_TOKEN=" + *token}};
  const std::vector<std::string> compute_args{"--config", cfg.string()};
  const Finished clean =
      run_to_end(once, (dir.path() / "clean.log").string(), std::chrono::seconds(900));
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  std::cout << "[crash rt] clean run at " << now << ": " << clean.output << std::flush;
  wait_until_rt_idle(rt.port());
  const auto clean_subjects = subjects();
  ASSERT_EQ(clean_subjects.size(), 3u);  // tier1, tier2, overall
  const std::string clean_values = values();
  const auto clean_changes = changes("0");
  ASSERT_GT(clean_changes.size(), 20u);
  const std::string clean_csv = compute_csv(compute_args, once.env);

  std::string mark;  // RT's last transaction when the latest launch started
  Scenario sc;
  sc.name = "rt";
  sc.clean = clean.took;
  sc.run_timeout = std::chrono::seconds(900);
  sc.max_launches_per_round = 40;
  sc.fresh = [&](int) {
    wait_until_rt_idle(rt.port());
    ASSERT_EQ(sql(rt_db, ".restore '" + snapshot + "'"), "");
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(state.string() + suffix);
  };
  sc.before_launch = [&](int, int) {
    mark = last_transaction();
    return once;
  };
  sc.after_kill = [&] { wait_until_rt_idle(rt.port()); };
  sc.check = [&](const Round& r) {
    const std::string where = "round " + std::to_string(r.index) + ": ";
    wait_until_rt_idle(rt.port());
    std::map<std::string, int> posted;
    for (const auto& subject : subjects()) ++posted[subject];
    for (const auto& [subject, n] : posted)
      EXPECT_EQ(n, 1) << where << "report '" << subject << "' posted " << n << " times";
    EXPECT_EQ(subjects(), clean_subjects) << where;

    std::set<std::string> since_restart;
    for (const auto& change : changes(mark))
      EXPECT_TRUE(since_restart.insert(change).second)
          << where << "written twice after the last restart: " << change;
    // A write RT had taken before a kill and deskpulse sends again changes nothing in
    // RT (no transaction): each field went through the clean run's values, once each.
    const auto all = changes("0");
    std::map<std::string, std::vector<std::string>> by_field, clean_by_field;
    auto key = [](const std::string& row) { return row.substr(0, row.rfind('|')); };
    for (const auto& c : all) by_field[key(c)].push_back(c);
    for (const auto& c : clean_changes) clean_by_field[key(c)].push_back(c);
    EXPECT_EQ(by_field.size(), clean_by_field.size()) << where;
    for (const auto& [field, seq] : clean_by_field)
      EXPECT_EQ(by_field[field], seq) << where << field;

    const std::string v = values();
    EXPECT_TRUE(v == clean_values)
        << where << "field values differ at " << first_difference(clean_values, v);
    const std::string csv = compute_csv(compute_args, once.env);
    EXPECT_TRUE(csv == clean_csv) << where << "compute differs at "
                                  << first_difference(clean_csv, csv);
    std::cout << "[crash rt] " << where << all.size() << " field changes, " << posted.size()
              << " reports\n";
  };
  const Totals t = kill_rounds(s, sc, dir.path().string());
  EXPECT_GE(t.kills, s.kills);
  ::testing::Test::RecordProperty("kills_survived", t.kills);
}

}  // namespace
}  // namespace dp::crash
