// The output contract of compute (docs/commands.md, "Output contract") and the report
// rules a lead relies on (docs/reports.md): unknown teams, periods without data.
#include <gtest/gtest.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../../support/run_command.h"
#include "model/json.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;
const std::string kHeader =
    "from,to,label,kpi,variant,group,key,item,stat,basis,value,unit,n,ci_low,ci_high,flags,"
    "reason,definition";

// A small generated data set: 2026-08-24 (a Monday) to 2026-09-07, three teams.
struct Data {
  TempDir dir;
  std::string path = (dir.path() / "data").string();
  Data() {
    auto gen = run_command(kBin + " generate --out " + path + " --tickets 200 --weeks 2");
    EXPECT_EQ(gen.exit_code, 0) << gen.out;
  }
};

// RFC 4180 records: quoted cells may hold commas, quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (any) {
    row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

bool is_number(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

bool is_integer(const std::string& s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

const std::regex kRfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

}  // namespace

TEST(OutputContract, CsvHasOneColumnPerValueAndNumbersAsNumbers) {
  Data d;
  auto r = run_command(kBin + " compute --data " + d.path +
                       " --from 2026-08-24 --to 2026-09-07 --bucket week"
                       " --group-by overall,team,agent --format csv 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
  EXPECT_EQ(first_line(r.out), kHeader);
  const auto rows = parse_csv(r.out);
  ASSERT_GT(rows.size(), 100u);
  size_t without_value = 0, with_ci = 0, items = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& c = rows[i];
    ASSERT_EQ(c.size(), 18u) << "row " << i;
    EXPECT_TRUE(std::regex_match(c[0], kRfc3339)) << c[0];
    EXPECT_TRUE(std::regex_match(c[1], kRfc3339)) << c[1];
    EXPECT_TRUE(c[2] == "2026-W35" || c[2] == "2026-W36") << c[2];
    EXPECT_FALSE(c[3].empty());
    // value: a number, or empty with the reason in its own column.
    if (c[10].empty()) {
      ++without_value;
      EXPECT_FALSE(c[16].empty()) << "row " << i << ": no value and no reason";
    } else {
      EXPECT_TRUE(is_number(c[10])) << c[10];
      EXPECT_EQ(c[16], "") << "row " << i << ": a value has no reason";
    }
    EXPECT_NE(c[10], "n/a");
    EXPECT_TRUE(is_integer(c[12])) << c[12];
    // The interval: both bounds or neither, each a number.
    EXPECT_EQ(c[13].empty(), c[14].empty()) << "row " << i;
    if (!c[13].empty()) {
      ++with_ci;
      EXPECT_TRUE(is_number(c[13])) << c[13];
      EXPECT_TRUE(is_number(c[14])) << c[14];
      EXPECT_LE(std::stod(c[13]), std::stod(c[14]));
    }
    items += !c[7].empty();
    EXPECT_FALSE(c[17].empty()) << "row " << i << ": every row has its definition";
    EXPECT_EQ(c[17].find("not available"), std::string::npos);
  }
  EXPECT_GT(without_value, 0u);
  EXPECT_GT(with_ci, 0u);
  EXPECT_GT(items, 0u);
}

TEST(OutputContract, EveryJsonRowHasTheSameKeys) {
  Data d;
  auto r = run_command(kBin + " compute --data " + d.path +
                       " --from 2026-08-24 --to 2026-09-07 --bucket week"
                       " --group-by overall,team,agent --format json 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
  auto doc = dp::json::parse(r.out);
  ASSERT_TRUE(doc.ok()) << r.out.substr(0, 500);
  ASSERT_TRUE(doc->IsArray());
  const std::set<std::string> keys{"kpi",   "window",     "group",   "item",  "value",
                                   "stat",  "unit",       "basis",   "n",     "ci",
                                   "flags", "definition", "variant", "reason"};
  size_t null_item = 0, null_reason = 0, null_ci = 0, null_variant = 0;
  for (const auto& row : doc->GetArray()) {
    std::set<std::string> seen;
    for (const auto& m : row.GetObject()) seen.insert(m.name.GetString());
    ASSERT_EQ(seen, keys);
    std::set<std::string> window;
    for (const auto& m : row["window"].GetObject()) window.insert(m.name.GetString());
    EXPECT_EQ(window, (std::set<std::string>{"from", "to", "label"}));
    EXPECT_TRUE(std::regex_match(std::string(row["window"]["from"].GetString()), kRfc3339));
    EXPECT_TRUE(row["item"].IsNull() || row["item"].IsString());
    EXPECT_TRUE(row["variant"].IsNull() || row["variant"].IsString());
    EXPECT_TRUE(row["basis"].IsNull() || row["basis"].IsString());
    EXPECT_TRUE(row["n"].IsInt64());
    EXPECT_TRUE(row["ci"].IsNull() || (row["ci"].IsArray() && row["ci"].Size() == 2 &&
                                       row["ci"][0].IsNumber() && row["ci"][1].IsNumber()));
    if (row["value"].IsNull()) {
      EXPECT_TRUE(row["reason"].IsString());
    } else {
      EXPECT_TRUE(row["value"].IsNumber());
      EXPECT_TRUE(row["reason"].IsNull());
    }
    null_item += row["item"].IsNull();
    null_reason += row["reason"].IsNull();
    null_ci += row["ci"].IsNull();
    null_variant += row["variant"].IsNull();
  }
  const size_t n = doc->GetArray().Size();
  // Both forms of every nullable key occur: the keys are there whether or not absent.
  for (size_t nulls : {null_item, null_reason, null_ci, null_variant}) {
    EXPECT_GT(nulls, 0u);
    EXPECT_LT(nulls, n);
  }
}

// --from on a Sunday: that one day is a bucket cut at --from, not week 2026-W35.
TEST(OutputContract, ABucketCutAtFromIsLabelledWithItsDates) {
  Data d;
  const std::string args = " compute --data " + d.path +
                           " --from 2026-08-30 --to 2026-09-07 --bucket week --kpi request_volume";
  auto csv = run_command(kBin + args + " --format csv 2>/dev/null");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  const auto rows = parse_csv(csv.out);
  ASSERT_GE(rows.size(), 3u) << csv.out;
  EXPECT_EQ(rows[1][0], "2026-08-30T00:00:00Z");
  EXPECT_EQ(rows[1][1], "2026-08-31T00:00:00Z");
  EXPECT_EQ(rows[1][2], "2026-08-30..2026-08-31");
  EXPECT_EQ(rows.back()[2], "2026-W36");
  auto table = run_command(kBin + args + " 2>/dev/null");
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("2026-08-30..2026-08-31"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("2026-W35"), std::string::npos) << table.out;
  // Cut at --to as well: the last bucket is its dates too.
  auto cut = run_command(kBin + " compute --data " + d.path +
                         " --from 2026-08-24 --to 2026-09-02 --bucket week --kpi request_volume"
                         " --format json 2>/dev/null");
  ASSERT_EQ(cut.exit_code, 0) << cut.out;
  EXPECT_NE(cut.out.find("\"label\":\"2026-W35\""), std::string::npos) << cut.out;
  EXPECT_NE(cut.out.find("\"label\":\"2026-08-31..2026-09-02\""), std::string::npos) << cut.out;
  EXPECT_EQ(cut.out.find("2026-W36"), std::string::npos) << cut.out;
}

// A state with the generated data and a config whose report sink is the outbox.
struct Posting : Data {
  std::string config = (dir.path() / "c.yaml").string();
  std::string outbox = (dir.path() / "outbox").string();
  explicit Posting(bool post_empty = false) {
    write(config, "state: " + (dir.path() / "s.db").string() +
                      "\n"
                      "connectors:\n"
                      "  outbox:\n"
                      "    type: outbox\n"
                      "    dir: " +
                      outbox +
                      "\n"
                      "report:\n"
                      "  sink: outbox\n" +
                      (post_empty ? "  post_empty: true\n" : ""));
    auto imp = run_command(kBin + " import --config " + config + " --data " + path);
    EXPECT_EQ(imp.exit_code, 0) << imp.out;
  }
  size_t posts() const {
    size_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(outbox + "/reports", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
      n += it->path().extension() == ".html";
    return n;
  }
};

TEST(OutputContract, ReportForAnUnknownTeamIsAUsageErrorNamingTheKnownOnes) {
  Posting p;
  auto r = run_command(kBin + " report --config " + p.config + " --period 2026-W35 --team nosuch");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown team 'nosuch'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("known teams: billing, onboarding, tech"), std::string::npos) << r.out;
  EXPECT_EQ(p.posts(), 0u);
  auto ok =
      run_command(kBin + " report --config " + p.config + " --period 2026-W35 --team billing");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("billing 2026-W35: posted"), std::string::npos) << ok.out;
  EXPECT_EQ(p.posts(), 1u);
}

TEST(OutputContract, APeriodWithoutDataIsNotPostedUnlessPostEmpty) {
  {
    Posting p;
    auto r = run_command(kBin + " report --config " + p.config + " --period 2026-W45");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("warning: overall 2026-W45: not posted: no tickets, calls or surveys"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("report.post_empty"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("posted outbox"), std::string::npos) << r.out;
    EXPECT_EQ(p.posts(), 0u);
    // `run` too: the due week 2026-W45 (posted Monday 9 November, 08:00) is skipped with a
    // warning, and not tried again by the next cycle.
    auto run = run_command(kBin + " run --once --config " + p.config +
                           " --now 2026-11-10T09:00:00Z --log-level info");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_NE(run.out.find("report overall 2026-W45 not posted: no tickets, calls or surveys"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("0 reports posted"), std::string::npos) << run.out;
    EXPECT_EQ(p.posts(), 0u);
    auto again = run_command(kBin + " run --once --config " + p.config +
                             " --now 2026-11-10T10:00:00Z --log-level info");
    EXPECT_EQ(again.exit_code, 0) << again.out;
    EXPECT_EQ(again.out.find("not posted"), std::string::npos) << again.out;
  }
  Posting p(true);
  auto r = run_command(kBin + " report --config " + p.config + " --period 2026-W45 --team tech");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("not posted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tech 2026-W45: posted"), std::string::npos) << r.out;
  EXPECT_EQ(p.posts(), 1u);
}
