// Calls in progress when a queue_log ends (issue 19, item 6), as a user meets them:
// `compute --source` exits 0 and says how many calls were in progress; the connected
// one counts as offered and answered (its wait is known), not in AHT; the one still
// waiting is not offered yet. Synced with its cursor, the same log grown by the call's
// end replaces the stored call (same id, now in AHT), nothing duplicated.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "../../support/run_command.h"
#include "model/json.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;
const long long kT0 = 1795420800;  // 2026-11-23T08:00:00Z
const std::string kWindow = " --from 2026-11-23 --to 2026-11-24";
const std::string kKpis = " --kpi calls_offered,asa,service_level,abandonment_rate,aht";

std::string line(long long t, const std::string& rest) {
  return std::to_string(kT0 + t) + "|" + rest + "\n";
}
void append(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::app | std::ios::binary) << text;
}
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Figure {
  std::optional<double> value;
  int64_t n = -1;
};

// The overall row of `kpi` with the default variant, from compute's JSON on stdout.
Figure figure(const std::string& json_text, const std::string& kpi) {
  auto doc = dp::json::parse(json_text);
  EXPECT_TRUE(doc.ok() && doc->IsArray()) << json_text;
  if (!doc.ok() || !doc->IsArray()) return {};
  for (const auto& row : doc->GetArray()) {
    if (!row.IsObject() || dp::json::get_string(row, "kpi") != kpi) continue;
    if (row.HasMember("variant") && !row["variant"].IsNull()) continue;
    if (!row["group"]["key"].IsNull()) continue;
    Figure f;
    if (row["value"].IsNumber()) f.value = row["value"].GetDouble();
    f.n = row["n"].GetInt64();
    return f;
  }
  ADD_FAILURE() << "no overall row of " << kpi;
  return {};
}

// stdout and stderr apart: the figures on stdout, the messages on stderr.
struct Run {
  int exit_code = -1;
  std::string out, err;
};
Run run_split(const TempDir& dir, const std::string& args) {
  auto err = dir.path() / "stderr.txt";
  auto r = run_command("sh -c '" + kBin + args + " 2>" + err.string() + "'");
  return {r.exit_code, r.out, dp::test::read_file(err)};
}

// a: connected after 12 s, not ended; b: still waiting; c: answered in 5 s, 100 s talk.
std::string mid_call_log() {
  return line(0, "a|support|NONE|ENTERQUEUE||0611|1") +
         line(12, "a|support|SIP/1|CONNECT|12|a-b|3") +
         line(20, "b|support|NONE|ENTERQUEUE||0622|2") +
         line(30, "c|support|NONE|ENTERQUEUE||0633|3") +
         line(35, "c|support|SIP/2|CONNECT|5|c-b|2") +
         line(135, "c|support|SIP/2|COMPLETEAGENT|5|100|1");
}

void expect_mid_call_figures(const std::string& json) {
  EXPECT_EQ(figure(json, "calls_offered").value, 2.0);  // a and c; b not yet
  EXPECT_EQ(figure(json, "asa").value, 8.5);            // (12 + 5) / 2
  EXPECT_EQ(figure(json, "asa").n, 2);
  EXPECT_EQ(figure(json, "service_level").value, 100.0);
  EXPECT_EQ(figure(json, "abandonment_rate").value, 0.0);
  EXPECT_EQ(figure(json, "aht").value, 100.0);  // c alone: a has not ended
  EXPECT_EQ(figure(json, "aht").n, 1);
}

}  // namespace

TEST(CallsInProgress, ComputeSourceCountsTheConnectedCallAndExitsZero) {
  TempDir dir;
  auto log = dir.path() / "queue_log";
  append(log, mid_call_log());
  auto r = run_split(dir, " compute --source asterisk-queue-log:" + log.string() + kWindow + kKpis +
                              " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(
      r.err, "2 call(s) in progress at the end of " + log.string() + ": 1 connected to an agent"))
      << r.err;
  EXPECT_TRUE(has(r.err, "1 still waiting")) << r.err;
  EXPECT_FALSE(has(r.err, "rejected")) << r.err;
  expect_mid_call_figures(r.out);
}

TEST(CallsInProgress, SyncReplacesTheStoredCallWhenItsEndArrives) {
  TempDir dir;
  auto log = dir.path() / "queue_log";
  auto config = dir.path() / "deskpulse.yaml";
  std::ofstream(config) << "state: " << (dir.path() / "state.db").string()
                        << "\nconnectors:\n  pbx:\n    type: asterisk-queue-log\n    path: "
                        << log.string() << "\n";
  append(log, mid_call_log());
  auto sync = run_command(kBin + " sync --config " + config.string());
  ASSERT_EQ(sync.exit_code, 0) << sync.out;
  const std::string compute =
      " compute --config " + config.string() + kWindow + kKpis + " --format json";
  auto before = run_split(dir, compute);
  EXPECT_EQ(before.exit_code, 0) << before.err;
  expect_mid_call_figures(before.out);

  // A second sync with nothing new changes nothing.
  sync = run_command(kBin + " sync --config " + config.string());
  ASSERT_EQ(sync.exit_code, 0) << sync.out;
  EXPECT_EQ(figure(run_split(dir, compute).out, "calls_offered").value, 2.0);

  // b is abandoned after 160 s, a ends after 200 s of talk.
  append(log, line(180, "b|support|NONE|ABANDON|2|2|160") +
                  line(212, "a|support|SIP/1|COMPLETECALLER|12|200|1"));
  sync = run_command(kBin + " sync --config " + config.string());
  ASSERT_EQ(sync.exit_code, 0) << sync.out;
  auto after = run_split(dir, compute);
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(figure(after.out, "calls_offered").value, 3.0);  // a once, b now
  EXPECT_EQ(figure(after.out, "asa").n, 2);
  EXPECT_EQ(figure(after.out, "aht").value, 150.0);  // (100 + 200) / 2
  EXPECT_EQ(figure(after.out, "aht").n, 2);
  EXPECT_NEAR(*figure(after.out, "abandonment_rate").value, 100.0 / 3, 1e-6);
}

TEST(CallsInProgress, FilesRoundTripAndRefuseAnInProgressCallNeverConnected) {
  TempDir dir;
  auto data = dir.path() / "data";
  std::filesystem::create_directory(data);
  std::ofstream(data / "calls.ndjson")
      << R"({"id":"c:1","queue":"q","agent":"a","offered_at":"2026-11-23T09:00:00Z",)"
         R"("answered_at":"2026-11-23T09:00:10Z","ended_at":null,"wait_s":10,"outcome":"in_progress"})"
         "\n"
         R"({"id":"c:2","queue":"q","agent":"a","offered_at":"2026-11-23T09:10:00Z",)"
         R"("answered_at":"2026-11-23T09:10:04Z","ended_at":"2026-11-23T09:12:04Z","wait_s":4,"talk_s":120,"outcome":"answered"})"
         "\n";
  auto r = run_split(dir, " compute --data " + data.string() + kWindow + kKpis + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(figure(r.out, "calls_offered").value, 2.0);
  EXPECT_EQ(figure(r.out, "asa").value, 7.0);
  EXPECT_EQ(figure(r.out, "aht").value, 120.0);
  EXPECT_EQ(figure(r.out, "aht").n, 1);

  std::ofstream(data / "calls.ndjson", std::ios::app)
      << R"({"id":"c:3","queue":"q","offered_at":"2026-11-23T09:20:00Z","outcome":"in_progress"})"
         "\n";
  r = run_split(dir, " compute --data " + data.string() + kWindow + kKpis + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "calls.ndjson:3")) << r.err;
  EXPECT_TRUE(has(r.err, "answered_at")) << r.err;
}
