// `deskpulse demo` end to end: what a new user sees after the first README command.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "../../support/run_command.h"
#include "kpi/engine.h"
#include "model/json.h"

using dp::test::read_file;
using dp::test::run_command;
using dp::test::TempDir;
namespace fs = std::filesystem;

namespace {
const std::string kBin = DESKPULSE_BIN;

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::stringstream ss(read_file(p));
  std::string line;
  while (std::getline(ss, line))
    if (!line.empty()) out.push_back(line);
  return out;
}
}  // namespace

TEST(Demo, RunsTheMainJobAndSaysWhereToLook) {
  TempDir dir;
  fs::path out = dir.path() / "demo";
  auto r = run_command(kBin + " demo --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Where to look"), std::string::npos) << r.out;

  // Field writes: JSON lines with ticket, field, value.
  auto writes = lines_of(out / "outbox" / "field_writes.jsonl");
  ASSERT_GT(writes.size(), 1000u);
  std::set<std::string> fields;
  for (const auto& line : writes) {
    auto doc = dp::json::parse(line);
    ASSERT_TRUE(doc.ok()) << line;
    ASSERT_TRUE(dp::json::get_string(*doc, "ticket")) << line;
    ASSERT_TRUE(dp::json::get_string(*doc, "value")) << line;
    fields.insert(*dp::json::get_string(*doc, "field"));
  }
  EXPECT_GE(fields.size(), 5u);
  EXPECT_FALSE(lines_of(out / "outbox" / "user_field_writes.jsonl").empty());

  // One report per team plus the overall one, for the last week, with charts.
  std::set<std::string> html;
  size_t png = 0;
  for (const auto& e : fs::directory_iterator(out / "outbox" / "reports")) {
    if (e.path().extension() == ".html") html.insert(e.path().filename().string());
    if (e.path().extension() == ".png") ++png;
  }
  EXPECT_EQ(html, (std::set<std::string>{"overall-2026-W47.html", "billing-2026-W47.html",
                                         "tech-2026-W47.html", "onboarding-2026-W47.html"}));
  EXPECT_GE(png, 4u);

  // Every KPI of the catalog is computed.
  auto kpis = dp::json::parse(read_file(out / "kpis.json"));
  ASSERT_TRUE(kpis.ok());
  std::set<std::string> computed;
  for (const auto& row : kpis->GetArray())
    if (row["value"].IsNumber()) computed.insert(row["kpi"].GetString());
  for (const auto& k : dp::kpi::catalog()) EXPECT_TRUE(computed.count(k.id)) << k.id;
}

// Customer data is never readable by others, whatever the umask deskpulse starts with.
TEST(Demo, FilesItCreatesAreNotReadableByOthersEvenUnderUmask000) {
  TempDir dir;
  fs::path out = dir.path() / "demo";
  auto r = run_command("sh -c 'umask 000; exec " + kBin + " demo --out " + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    const auto p = e.status().permissions();
    EXPECT_EQ(p & (fs::perms::others_all | fs::perms::group_write), fs::perms::none)
        << e.path() << " has mode " << std::oct << static_cast<unsigned>(p);
    ++files;
  }
  EXPECT_GT(files, 10u);
}

TEST(Demo, ASecondRunWritesNothingTwice) {
  TempDir dir;
  fs::path out = dir.path() / "demo";
  ASSERT_EQ(run_command(kBin + " demo --out " + out.string()).exit_code, 0);
  auto before = lines_of(out / "outbox" / "field_writes.jsonl").size();
  // The same moment as the demo's run: a restart that finds everything written.
  auto r = run_command(kBin + " run --once --now 2026-11-23T09:00:00Z --config " +
                       (out / "deskpulse.yaml").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(" 0 writes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 reports posted"), std::string::npos) << r.out;
  EXPECT_EQ(lines_of(out / "outbox" / "field_writes.jsonl").size(), before);
}

// A cycle plans the figures of the tickets it changed, not of every ticket, and what it
// writes is what a plan of every ticket would write.
TEST(Demo, ACycleWritesTheChangedTicketWithoutReplanningTheOthers) {
  TempDir dir;
  fs::path out = dir.path() / "demo";
  ASSERT_EQ(run_command(kBin + " demo --tickets 300 --out " + out.string()).exit_code, 0);
  const auto first = lines_of(out / "outbox" / "field_writes.jsonl");
  // A resolved ticket is reopened and resolved again the morning of the run.
  std::string ticket;
  for (const auto& line : lines_of(out / "data" / "tickets.ndjson"))
    if (line.find("\"status\":\"resolved\"") != std::string::npos) {
      ticket = *dp::json::get_string(*dp::json::parse(line), "id");
      break;
    }
  ASSERT_FALSE(ticket.empty());
  {
    std::ofstream events(out / "data" / "ticket_events.ndjson", std::ios::app);
    events << R"({"ticket":")" << ticket
           << R"(","at":"2026-11-23T07:00:00Z","type":"status_change","actor":"customer",)"
           << R"("from":"resolved","to":"open"})" << '\n'
           << R"({"ticket":")" << ticket
           << R"(","at":"2026-11-23T08:30:00Z","type":"status_change","actor":"customer",)"
           << R"("from":"open","to":"resolved"})" << '\n';
  }
  const std::string config = " --config " + (out / "deskpulse.yaml").string();
  auto r = run_command(kBin + " run --once --now 2026-11-23T09:00:00Z" + config);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("(2 new or changed)"), std::string::npos) << r.out;
  // Only the reopened ticket's figures were planned: the others' did not come up again.
  const auto unchanged_at = r.out.find(" unchanged");
  ASSERT_NE(unchanged_at, std::string::npos) << r.out;
  const auto from = r.out.rfind('(', unchanged_at) + 1;
  EXPECT_LT(std::stoul(r.out.substr(from, unchanged_at - from)), first.size() / 4) << r.out;
  const auto all = lines_of(out / "outbox" / "field_writes.jsonl");
  std::set<std::string> figures_written;
  for (size_t i = first.size(); i < all.size(); ++i) {
    auto doc = dp::json::parse(all[i]);
    const std::string field = *dp::json::get_string(*doc, "field");
    if (field.find("Agent") != std::string::npos) continue;  // agents' scores on open tickets
    EXPECT_EQ(*dp::json::get_string(*doc, "ticket"), ticket) << all[i];
    figures_written.insert(field);
  }
  EXPECT_TRUE(figures_written.count("Deskpulse Reopens")) << r.out;
  // A plan of every ticket (a changed engine setting forces one) finds nothing left.
  std::string yaml = read_file(out / "deskpulse.yaml");
  const auto sl = yaml.find("sl_threshold: 20s");
  ASSERT_NE(sl, std::string::npos);
  yaml.replace(sl, 17, "sl_threshold: 25s");
  std::ofstream(out / "deskpulse.yaml") << yaml;
  r = run_command(kBin + " run --once --dry-run --now 2026-11-23T09:00:00Z" + config);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(" 0 writes ("), std::string::npos) << r.out;
}

TEST(Run, StopsCleanlyOnSigterm) {
  TempDir dir;
  fs::path out = dir.path() / "demo";
  ASSERT_EQ(run_command(kBin + " demo --tickets 300 --out " + out.string()).exit_code, 0);
  // The loop in the background, stopped with SIGTERM after its first cycle: exit 0
  // within a few seconds (timeout(1) would answer 124 if it hung).
  auto r = run_command("sh -c '" + kBin + " run --config " + (out / "deskpulse.yaml").string() +
                           " & pid=$!; sleep 4; kill -TERM $pid; wait $pid; echo exit=$?'",
                       30);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("exit=0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped by signal"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cycle:"), std::string::npos) << r.out;
}
