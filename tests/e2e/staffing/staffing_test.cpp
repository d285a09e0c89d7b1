// `deskpulse staffing` as a user runs it (docs/staffing.md): on generated files and on
// the demo, its JSON rows, and its usage errors.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "../../support/run_command.h"
#include "model/json.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

// Generated canonical files: 6 weeks of tickets and calls, once for every test.
const std::string& data_dir() {
  static TempDir dir;
  static const std::string data = [] {
    const std::string d = (dir.path() / "data").string();
    auto r = run_command(kBin + " generate --seed 11 --tickets 1500 --weeks 6 --out " + d);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return d;
  }();
  return data;
}

// Only stdout: notes go to stderr with --format json.
dp::test::CommandResult run_stdout(const std::string& args) {
  return run_command("sh -c '" + kBin + " " + args + " 2>/dev/null'");
}

}  // namespace

TEST(Staffing, JsonRowsOnGeneratedFiles) {
  auto r = run_stdout("staffing --data " + data_dir() + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto doc = dp::json::parse(r.out);
  ASSERT_TRUE(doc.ok()) << r.out.substr(0, 500);
  ASSERT_TRUE(doc->IsArray());
  ASSERT_GT(doc->Size(), 7u * 48);
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)");
  size_t staffed = 0, calls_rows = 0, ticket_rows = 0;
  std::set<std::string> methods;
  for (const auto& row : doc->GetArray()) {
    for (const char* key : {"queue", "interval_start", "interval_s", "forecast_calls", "aht",
                            "agents", "service_level", "occupancy", "method", "reason", "kind"})
      ASSERT_TRUE(row.HasMember(key)) << key;
    ASSERT_TRUE(std::regex_match(row["interval_start"].GetString(), rfc3339))
        << row["interval_start"].GetString();
    const std::string kind = row["kind"].GetString();
    if (kind == "tickets") {
      ++ticket_rows;
      continue;
    }
    ++calls_rows;
    EXPECT_EQ(row["interval_s"].GetInt(), 1800);
    methods.insert(row["method"].GetString());
    if (row["agents"].IsInt() && row["agents"].GetInt() > 0) {
      ++staffed;
      EXPECT_GE(row["service_level"].GetDouble(), 80.0);
      EXPECT_GT(row["occupancy"].GetDouble(), 0.0);
      EXPECT_LT(row["occupancy"].GetDouble(), 100.0);
    }
    if (row["agents"].IsNull()) {
      EXPECT_TRUE(row["reason"].IsString());
    }
  }
  EXPECT_GT(staffed, 20u);
  EXPECT_EQ(calls_rows % (7 * 48), 0u);
  EXPECT_GT(ticket_rows, 0u);
  EXPECT_EQ(ticket_rows % 7, 0u);
  EXPECT_TRUE(methods.count("erlang_a") || methods.count("erlang_c"));
}

TEST(Staffing, TableNamesTheWeekAndTheForecastError) {
  auto r = run_command(kBin + " staffing --data " + data_dir() + " --interval 60m");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Staffing for 20"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("WAPE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("agents"), std::string::npos);
}

TEST(Staffing, CsvHasAHeaderAndOneLinePerRow) {
  auto json = run_stdout("staffing --data " + data_dir() + " --week 2026-W50 --format json");
  auto csv = run_stdout("staffing --data " + data_dir() + " --week 2026-W50 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("kind,queue,interval_start,interval_s,forecast_calls,aht,agents", 0), 0u);
  auto doc = dp::json::parse(json.out);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(size_t(std::count(csv.out.begin(), csv.out.end(), '\n')), doc->Size() + 1);
}

TEST(Staffing, UsageErrorsExit2) {
  auto queue = run_command(kBin + " staffing --data " + data_dir() + " --queue nope");
  EXPECT_EQ(queue.exit_code, 2) << queue.out;
  EXPECT_NE(queue.out.find("unknown queue 'nope' (known queues: "), std::string::npos) << queue.out;
  for (const char* week : {"2026-W99", "next", "2026-12", "2026-12-07"}) {
    auto r = run_command(kBin + " staffing --data " + data_dir() + " --week " + week);
    EXPECT_EQ(r.exit_code, 2) << week << ": " << r.out;
    EXPECT_NE(r.out.find("--week"), std::string::npos) << r.out;
  }
  auto interval = run_command(kBin + " staffing --data " + data_dir() + " --interval 15m");
  EXPECT_EQ(interval.exit_code, 2) << interval.out;
}

TEST(Staffing, OnTheDemo) {
  TempDir dir;
  const auto out = dir.path() / "demo";
  auto demo = run_command(kBin + " demo --out " + out.string());
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  auto r = run_stdout("staffing --config " + (out / "deskpulse.yaml").string() + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto doc = dp::json::parse(r.out);
  ASSERT_TRUE(doc.ok()) << r.out.substr(0, 300);
  size_t staffed = 0;
  for (const auto& row : doc->GetArray()) {
    // The demo's report zone is Europe/Rome: winter offset +01:00.
    const std::string start = row["interval_start"].GetString();
    EXPECT_TRUE(start.ends_with("+01:00") || start.ends_with("+02:00")) << start;
    staffed += row["agents"].IsInt() && row["agents"].GetInt() > 0;
  }
  EXPECT_GT(staffed, 0u);
}
