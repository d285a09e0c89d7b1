// The commands as a user runs them: exit codes, messages, what lands in the state.
#include <gtest/gtest.h>

#include <sstream>

#include <fstream>

#include "../../support/run_command.h"
#include "model/json.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p);
  f << text;
}

}  // namespace

TEST(Cli, VersionAndHelpOnEveryCommand) {
  auto v = run_command(kBin + " --version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find('.'), std::string::npos);
  for (const char* cmd : {"demo", "generate", "import", "sync", "compute", "kpis", "report",
                          "staffing", "writeback", "run", "init", "doctor", "check-config"}) {
    auto h = run_command(kBin + " " + cmd + " --help");
    EXPECT_EQ(h.exit_code, 0) << cmd;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << cmd << ": " << h.out;
  }
}

TEST(Cli, CheckConfigNamesLineColumnAndKey) {
  TempDir dir;
  auto file = dir.path() / "broken.yaml";
  write(file,
        "state: x.db\n"
        "connectors:\n"
        "  helpdesk:\n"
        "    type: files\n"
        "    path: data\n"
        "    intervall: 5m\n"
        "kpi:\n"
        "  report_zone: Mars/Olympus\n");
  auto r = run_command(kBin + " check-config " + file.string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("broken.yaml:6:5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("connectors.helpdesk.intervall"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("interval"), std::string::npos) << r.out;  // the suggestion
  EXPECT_NE(r.out.find("broken.yaml:8:16"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kpi.report_zone"), std::string::npos) << r.out;
}

TEST(Cli, CheckConfigAcceptsTheShippedExamples) {
  for (const char* f : {"config/deskpulse.example.yaml", "config/demo.yaml"}) {
    auto r = run_command("env RT_TOKEN=t TWILIO_AUTH_TOKEN=t WAZO_TOKEN=t RT_PASSWORD=p " + kBin +
                         " check-config " + std::string(DP_SOURCE_DIR) + "/" + f);
    EXPECT_EQ(r.exit_code, 0) << f << ": " << r.out;
  }
}

// check-config runs every check that sync and run would: each connector block is built
// as its connector builds it, and kpi.targets must name KPIs. sync refuses the same
// config with the same lines.
TEST(Cli, CheckConfigCatchesWhatSyncWouldRefuseWithTheSameMessages) {
  TempDir dir;
  auto file = dir.path() / "bad.yaml";
  write(file, "state: " + (dir.path() / "s.db").string() +
                  "\n"
                  "connectors:\n"
                  "  ast:\n"
                  "    type: asterisk-queue-log\n"
                  "    path: /nonexistent/queue_log\n"
                  "    time_zone: Europe/Rom\n"
                  "  wz:\n"
                  "    type: wazo\n"
                  "    url: http://127.0.0.1:9\n"
                  "    token: ${DP_TEST_WZ}\n"
                  "    since: yesterday\n"
                  "  rt:\n"
                  "    type: rt\n"
                  "    url: http://127.0.0.1:9\n"
                  "  tw:\n"
                  "    type: twilio\n"
                  "    account_sid: \"\"\n"
                  "    auth_token: ${DP_TEST_TW}\n");
  const std::string env = "env DP_TEST_WZ=a DP_TEST_TW=b ";
  auto check = run_command(env + kBin + " check-config -c " + file.string());
  EXPECT_EQ(check.exit_code, 2) << check.out;
  const std::string f = file.string();
  for (const std::string& line :
       {f + ":3:3: connectors.ast: unknown time zone 'Europe/Rom'",
        f + ":7:3: connectors.wz: expected YYYY-MM-DD or RFC 3339, got 'yesterday'",
        f + ":12:3: connectors.rt: give token, or user and password",
        f + ":15:3: connectors.tw: account_sid is required"}) {
    EXPECT_NE(check.out.find(line + "\n"), std::string::npos) << line << "\n" << check.out;
    auto sync = run_command(env + kBin + " sync -c " + file.string());
    EXPECT_EQ(sync.exit_code, 2);
    EXPECT_NE(sync.out.find(line + "\n"), std::string::npos) << line << "\n" << sync.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "s.db"));

  write(file, "kpi:\n  targets:\n    csatt: 85\n");
  auto kpi = run_command(kBin + " check-config -c " + file.string());
  EXPECT_EQ(kpi.exit_code, 2);
  EXPECT_NE(kpi.out.find(f + ":3:5: kpi.targets.csatt: unknown KPI 'csatt'; did you mean 'csat'?"),
            std::string::npos)
      << kpi.out;
}

// `kill -HUP` makes `run` read its config again between cycles: a good one is taken, a
// bad one is reported with its lines and the running one kept; SIGTERM exits 0. Every
// wait is a bounded poll of the log.
TEST(Cli, RunReloadsItsConfigOnSighupAndKeepsItWhenTheNewOneIsBad) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "data");
  auto cfg = dir.path() / "deskpulse.yaml";
  const std::string good = "state: " + (dir.path() / "state.db").string() +
                           "\n"
                           "connectors:\n"
                           "  files:\n"
                           "    type: files\n"
                           "    path: " +
                           (dir.path() / "data").string() + "\n    interval: 1h\n";
  write(cfg, good);
  auto log = dir.path() / "run.log";
  const std::string wait_for =
      "wait_for() { for i in $(seq 300); do grep -q \"$1\" " + log.string() +
      " && return 0; sleep 0.1; done; echo \"never logged: $1\"; return 1; }; ";
  auto r =
      run_command("bash -c '" + wait_for + kBin + " run -c " + cfg.string() + " >" + log.string() +
                      " 2>&1 & pid=$!; wait_for \"cycle:\"; "
                      "kill -HUP $pid; wait_for \"running with the new configuration\"; "
                      "echo \"kpi: {report_zone: Mars/Olympus}\" >>" +
                      cfg.string() +
                      "; kill -HUP $pid; wait_for \"still running with the previous one\"; "
                      "kill -TERM $pid; wait $pid; echo \"exit=$?\"; cat " +
                      log.string() + "'",
                  60);
  EXPECT_NE(r.out.find("exit=0"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("never logged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reload: running with the new configuration: 1 source(s)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("deskpulse.yaml:7:20: kpi.report_zone"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped by signal"), std::string::npos) << r.out;
}

// The config install.sh puts in /etc/deskpulse passes check-config with no secret set,
// and `run` on it says what to edit and exits 2 (the unit does not restart on 2)
// instead of polling nothing forever.
TEST(Cli, TheInstalledConfigValidatesAndRunSaysWhatToEdit) {
  TempDir dir;
  std::string text = dp::test::read_file(std::string(DP_SOURCE_DIR) + "/config/deskpulse.yaml");
  const std::string from = "/var/lib/deskpulse";  // as install.sh rewrites it
  text.replace(text.find(from), from.size(), dir.path().string());
  auto file = dir.path() / "deskpulse.yaml";
  write(file, text);
  auto check = run_command("env -u RT_TOKEN " + kBin + " check-config -c " + file.string());
  EXPECT_EQ(check.exit_code, 0) << check.out;
  auto run = run_command(kBin + " run -c " + file.string(), 20);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("nothing to do: " + file.string() + " enables no source connector"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("deskpulse.example.yaml"), std::string::npos) << run.out;
  std::string unit =
      dp::test::read_file(std::string(DP_SOURCE_DIR) + "/packaging/deskpulse.service");
  EXPECT_NE(unit.find("RestartPreventExitStatus=2"), std::string::npos);
}

// docs/configuration.md and the example config are generated from the key tables:
// a key added without regenerating them fails here.
TEST(Cli, ConfigurationDocsMatchTheKeyTables) {
  auto ref = run_command(kBin + " check-config --print-reference");
  ASSERT_EQ(ref.exit_code, 0);
  std::string docs = dp::test::read_file(std::string(DP_SOURCE_DIR) + "/docs/configuration.md");
  ASSERT_GE(docs.size(), ref.out.size());
  EXPECT_EQ(docs.substr(docs.size() - ref.out.size()), ref.out)
      << "regenerate: deskpulse check-config --print-reference";
  auto example = run_command(kBin + " check-config --print-example");
  EXPECT_EQ(dp::test::read_file(std::string(DP_SOURCE_DIR) + "/config/deskpulse.example.yaml"),
            example.out)
      << "regenerate: deskpulse check-config --print-example > config/deskpulse.example.yaml";
}

TEST(Cli, ImportKeepsGoodLinesAndReportsBadOnesWithFileLineField) {
  TempDir dir;
  auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  write(
      data / "tickets.ndjson",
      R"({"id":"x:1","queue":"q","channel":"email","requester":"c1","owner":"alice","subject":"Login fails","tags":[],"priority":"normal","status":"open","created_at":"2026-11-02T09:00:00Z","updated_at":"2026-11-02T10:00:00Z"})"
      "\n"
      R"({"id":"x:2","queue":"q","channel":"fax","requester":"c1","owner":null,"subject":"s","tags":[],"priority":"normal","status":"open","created_at":"2026-11-02T09:00:00Z","updated_at":"2026-11-02T10:00:00Z"})"
      "\n"
      "not json at all\n"
      R"({"id":"x:3","queue":"q","channel":"web","requester":"c2","owner":null,"subject":"s","tags":[],"priority":"normal","status":"new","created_at":"2026-11-03T09:00:00Z","updated_at":"2026-11-03T09:00:00Z"})"
      "\n");
  auto state = dir.path() / "state.db";
  auto r = run_command(kBin + " import --data " + data.string() + " --state " + state.string());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("tickets.ndjson:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("channel"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tickets.ndjson:3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 tickets"), std::string::npos) << r.out;

  // Importing again is idempotent: still two tickets.
  auto again = run_command(kBin + " import --data " + data.string() + " --state " + state.string());
  EXPECT_NE(again.out.find("2 tickets"), std::string::npos) << again.out;
}

TEST(Cli, ComputeFromADataDirectoryAsJson) {
  TempDir dir;
  auto gen = run_command(kBin + " generate --seed 7 --tickets 300 --weeks 4 --out " +
                         (dir.path() / "data").string());
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  auto r = run_command(kBin + " compute --data " + (dir.path() / "data").string() +
                       " --from 2026-08-24 --to 2026-09-21 --bucket week --group-by overall,team"
                       " --kpi frt,csat,service_level --format json 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto doc = dp::json::parse(r.out);
  ASSERT_TRUE(doc.ok()) << r.out.substr(0, 500);
  ASSERT_TRUE(doc->IsArray());
  size_t sl_variants = 0, weeks_seen = 0;
  for (const auto& row : doc->GetArray()) {
    for (const char* key : {"kpi", "window", "group", "value", "stat", "unit", "basis", "n", "ci",
                            "flags", "definition", "variant"})
      ASSERT_TRUE(row.HasMember(key)) << key;
    std::string kpi = row["kpi"].GetString();
    EXPECT_TRUE(kpi == "frt" || kpi == "csat" || kpi == "service_level") << kpi;
    if (kpi == "service_level" && row["variant"].IsString()) ++sl_variants;
    if (std::string(row["window"]["label"].GetString()) == "2026-W36") ++weeks_seen;
  }
  EXPECT_GT(sl_variants, 0u);  // the variants are output beside the default
  EXPECT_GT(weeks_seen, 0u);
}

// KPIs over whole-day windows come from the state's per-day partials (built by
// the first compute, read by the next; docs/performance.md): the same rows as from
// the records, medians and p90s within the sketch's 0.5%.
TEST(Cli, ComputeFromPartialsMatchesTheRecords) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string(), state = (dir.path() / "s.db").string();
  ASSERT_EQ(
      run_command(kBin + " generate --seed 3 --tickets 600 --weeks 6 --out " + data).exit_code, 0);
  ASSERT_EQ(run_command(kBin + " import --data " + data + " --state " + state).exit_code, 0);
  // Every KPI of the catalog (no --kpi).
  const std::string args = " compute --state " + state +
                           " --from 2026-08-24 --to 2026-10-05 --bucket week --group-by "
                           "overall,team,agent,queue,channel --format csv";
  auto first = run_command(kBin + args);
  auto second = run_command(kBin + args);
  auto exact = run_command(kBin + args + " --engine records");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_EQ(first.out, second.out);
  auto lines = [](const std::string& out, bool quantiles) {
    std::vector<std::string> v;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);)
      if ((l.find(",median,") != std::string::npos || l.find(",p90,") != std::string::npos) ==
          quantiles)
        v.push_back(l);
    return v;
  };
  EXPECT_GT(lines(first.out, false).size(), 100u);
  EXPECT_EQ(lines(first.out, false), lines(exact.out, false));
  EXPECT_EQ(lines(first.out, true).size(), lines(exact.out, true).size());
  const auto stored = run_command("sqlite3 " + state + " 'SELECT count(*) FROM kpi_partials'");
  EXPECT_GT(std::stoi("0" + stored.out), 30) << stored.out;
  // Later weeks only: open_cases and backlog read the earlier days' Waiting rows alone,
  // top_topics the week before each.
  const std::string later = " compute --state " + state +
                            " --from 2026-09-21 --to 2026-10-05 --bucket week --group-by "
                            "overall,agent,queue --kpi open_cases,backlog,top_topics --format csv";
  auto states = run_command(kBin + later);
  ASSERT_EQ(states.exit_code, 0) << states.out;
  EXPECT_GT(lines(states.out, false).size(), 20u);
  EXPECT_EQ(states.out, run_command(kBin + later + " --engine records").out);
}

TEST(Cli, UnknownKpiAndGroupingAreUsageErrors) {
  auto r =
      run_command(kBin + " compute --state :memory: --from 2026-01-01 --to 2026-01-02 --kpi nope");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("nope"), std::string::npos);
}

// 0 ok, 1 runtime failure or rejected input, 2 usage or configuration: whatever part
// of the command line is wrong (docs/commands.md, "Exit codes").
TEST(Cli, EveryUsageErrorExitsTwo) {
  for (const char* args : {"bogus", "compute --nope", "compute --state :memory: --format xml",
                           "import --batch-records 0", "", "check-config a.yaml -c b.yaml",
                           "doctor", "report --team"}) {
    auto r = run_command(kBin + " " + args);
    EXPECT_EQ(r.exit_code, 2) << "deskpulse " << args << "\n" << r.out;
  }
  TempDir dir;
  auto file = dir.path() / "broken.yaml";
  write(file, "kpi:\n  report_zone: Mars/Olympus\n");
  for (const char* opt : {" -c ", " --config ", " "}) {
    auto r = run_command(kBin + " check-config" + opt + file.string());
    EXPECT_EQ(r.exit_code, 2) << opt << r.out;
    EXPECT_NE(r.out.find("broken.yaml:2:16"), std::string::npos) << opt << r.out;
  }
}

// A typo in --state is an error naming the path, not a new empty state and "no records".
TEST(Cli, ReadOnlyCommandsCreateNoState) {
  TempDir dir;
  auto typo = dir.path() / "typo.db";
  auto r = run_command(kBin + " compute --state " + typo.string() +
                       " --from 2026-01-01 --to 2026-01-02");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(typo.string() + ": no state file here"), std::string::npos) << r.out;
  auto rep = run_command(kBin + " report --dry-run --state " + typo.string());
  EXPECT_NE(rep.exit_code, 0) << rep.out;
  EXPECT_FALSE(std::filesystem::exists(typo));
}

TEST(Cli, KpisListsTheCatalog) {
  auto r = run_command(kBin + " kpis --format json");
  ASSERT_EQ(r.exit_code, 0);
  auto doc = dp::json::parse(r.out);
  ASSERT_TRUE(doc.ok());
  EXPECT_GE(doc->GetArray().Size(), 38u);  // every id of KPIS.md
}
