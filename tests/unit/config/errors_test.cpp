// One test per kind of problem a user can make, each checking where it is reported.
#include <fstream>

#include "helpers.h"

namespace dp::config::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(ConfigErrors, SyntaxErrorHasLineAndColumn) {
  const std::string yaml = "kpi:\n  min_sample: 10\n  targets: [unclosed\nreport: {}\n";
  auto r = load(yaml);
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_GT(r.problems[0].line, 2) << r.problems[0].str();
  EXPECT_GT(r.problems[0].column, 0);
  EXPECT_FALSE(r.problems[0].message.empty());
}

TEST(ConfigErrors, TopLevelMustBeAMap) {
  auto r = load("just text\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(contains(r.problems[0].message, "map")) << r.problems[0].str();
}

TEST(ConfigErrors, UnknownKeySuggestsTheClosest) {
  const std::string yaml =
      "connectors:\n  data:\n    type: files\n    path: /srv/data\n    intervall: 2m\n";
  const auto& d = expect_one(load(yaml), yaml, "connectors.data.intervall", "intervall");
  EXPECT_TRUE(contains(d.message, "did you mean 'interval'?")) << d.str();
}

TEST(ConfigErrors, UnknownTopLevelKeySuggestsTheClosest) {
  const std::string yaml = "calendar:\n  office: {zone: UTC}\n";
  const auto& d = expect_one(load(yaml), yaml, "calendar", "calendar");
  EXPECT_TRUE(contains(d.message, "'calendars'")) << d.str();
}

TEST(ConfigErrors, UnknownKeyFarFromAllListsTheKnownOnes) {
  const std::string yaml = "log:\n  colour: red\n";
  const auto& d = expect_one(load(yaml), yaml, "log.colour", "colour");
  EXPECT_TRUE(contains(d.message, "level")) << d.str();
}

TEST(ConfigErrors, DuplicateKey) {
  const std::string yaml = "kpi:\n  min_sample: 5\n  min_sample: 6\n";
  expect_one(load(yaml), yaml, "kpi.min_sample", "min_sample: 6");
}

struct WrongType {
  std::string yaml;
  std::string key_path;
  std::string needle;
  std::string says;
};

class ConfigWrongType : public ::testing::TestWithParam<WrongType> {};

TEST_P(ConfigWrongType, IsReportedAtTheValue) {
  const auto& c = GetParam();
  ::setenv("DP_TEST_TOKEN", "t0k3n", 1);
  const auto& d = expect_one(load(c.yaml), c.yaml, c.key_path, c.needle);
  EXPECT_TRUE(contains(d.message, c.says)) << d.str();
}

const std::string kFake = "connectors:\n  hd:\n    type: fake\n    token: ${DP_TEST_TOKEN}\n";

INSTANTIATE_TEST_SUITE_P(
    EachType, ConfigWrongType,
    ::testing::Values(
        WrongType{"kpi:\n  min_sample: ten\n", "kpi.min_sample", "ten", "integer"},
        WrongType{"kpi:\n  sl_target: high\n", "kpi.sl_target", "high", "number"},
        WrongType{"kpi:\n  sl_threshold: 20 secs\n", "kpi.sl_threshold", "20 secs", "duration"},
        WrongType{"kpi:\n  backlog_age: -5m\n", "kpi.backlog_age", "-5m", "duration"},
        WrongType{"report:\n  teams: billing\n", "report.teams", "billing", "list"},
        WrongType{"report:\n  queue: [a, b]\n", "report.queue", "[a, b]", "string"},
        WrongType{"report:\n  period: fortnight\n", "report.period", "fortnight", "week, month"},
        WrongType{"report:\n  formats: [html, pdf]\n", "report.formats[1]", "pdf", "html"},
        WrongType{kFake + "    url: ftp://x\n", "connectors.hd.url", "ftp://x", "URL"},
        WrongType{kFake + "    url: https://h\n    verbose: maybe\n", "connectors.hd.verbose",
                  "maybe", "boolean"},
        WrongType{kFake + "    url: https://h\n    page_size: 1.5\n", "connectors.hd.page_size",
                  "1.5", "integer"},
        WrongType{kFake + "    url: https://h\n    ratio: half\n", "connectors.hd.ratio", "half",
                  "number"},
        WrongType{kFake + "    url: https://h\n    queues: {a: 1}\n", "connectors.hd.queues",
                  "{a: 1}", "list"},
        WrongType{"connectors:\n  d:\n    type: files\n    path: /x\n    interval: 5x\n",
                  "connectors.d.interval", "5x", "duration"}));

TEST(ConfigErrors, MissingRequiredKeyIsReportedAtItsMap) {
  const std::string yaml = "connectors:\n  data:\n    type: files\n    enabled: true\n";
  const auto& d = expect_one(load(yaml), yaml, "connectors.data.path", "type: files");
  EXPECT_TRUE(contains(d.message, "missing required key 'path'")) << d.str();
}

TEST(ConfigErrors, RequiredKeyWithoutValue) {
  const std::string yaml = "calendars:\n  eu:\n    zone:\n    holidays: []\n";
  auto r = load(yaml);
  ASSERT_EQ(r.problems.size(), 1u) << all_problems(r);
  EXPECT_EQ(r.problems[0].key_path, "calendars.eu.zone");
}

TEST(ConfigErrors, BadTimeZoneSuggestsTheClosest) {
  const std::string yaml = "kpi:\n  report_zone: Europe/Rom\n";
  const auto& d = expect_one(load(yaml), yaml, "kpi.report_zone", "Europe/Rom");
  EXPECT_TRUE(contains(d.message, "'Europe/Rome'")) << d.str();
}

TEST(ConfigErrors, BadCalendarZone) {
  const std::string yaml = "calendars:\n  x:\n    zone: Mars/Olympus\n";
  expect_one(load(yaml), yaml, "calendars.x.zone", "Mars/Olympus");
}

class ConfigBadHours : public ::testing::TestWithParam<std::string> {};

TEST_P(ConfigBadHours, IsReportedAtTheDay) {
  const std::string yaml =
      "calendars:\n  x:\n    zone: UTC\n    hours:\n      mon: 09:00-17:00\n      tue: " +
      GetParam() + "\n";
  expect_one(load(yaml), yaml, "calendars.x.hours.tue", GetParam());
}

INSTANTIATE_TEST_SUITE_P(EachMistake, ConfigBadHours,
                         ::testing::Values("\"09:00-13:00,12:00-18:00\"",  // overlap
                                           "18:00-09:00",                  // inverted
                                           "9-5",                          // junk
                                           "09:00-25:00",                  // no such hour
                                           "\"24:00-24:00\"",              // empty
                                           "open"));

TEST(ConfigErrors, UnknownDayInHours) {
  const std::string yaml = "calendars:\n  x:\n    zone: UTC\n    hours:\n      monday: 24h\n";
  const auto& d = expect_one(load(yaml), yaml, "calendars.x.hours.monday", "monday");
  EXPECT_TRUE(contains(d.message, "'mon'")) << d.str();
}

TEST(ConfigErrors, EveryDayClosedIsRejected) {
  const std::string yaml = "calendars:\n  x:\n    zone: UTC\n    hours:\n      mon: closed\n";
  expect_one(load(yaml), yaml, "calendars.x.hours", "mon: closed");
}

TEST(ConfigErrors, BadHolidayDate) {
  const std::string yaml =
      "calendars:\n  x:\n    zone: UTC\n    holidays: [2026-12-25, 2026-13-01]\n";
  expect_one(load(yaml), yaml, "calendars.x.holidays[1]", "2026-13-01");
}

TEST(ConfigErrors, UnknownConnectorTypeListsTheKnownOnes) {
  const std::string yaml = "connectors:\n  hd:\n    type: fakee\n    url: https://h\n";
  const auto& d = expect_one(load(yaml), yaml, "connectors.hd.type", "fakee");
  for (const auto& spec : fake_specs()) EXPECT_TRUE(contains(d.message, spec.type)) << d.str();
  EXPECT_TRUE(contains(d.message, "did you mean 'fake'?")) << d.str();
}

TEST(ConfigErrors, ConnectorWithoutType) {
  const std::string yaml = "connectors:\n  hd:\n    url: https://h\n";
  auto r = load(yaml);
  ASSERT_TRUE(problem_at(r, "connectors.hd.type")) << all_problems(r);
}

TEST(ConfigErrors, AgentWithUnknownTeam) {
  const std::string yaml = "teams:\n  billing: {}\nagents:\n  alice:\n    team: biling\n";
  const auto& d = expect_one(load(yaml), yaml, "agents.alice.team", "biling");
  EXPECT_TRUE(contains(d.message, "'billing'")) << d.str();
}

TEST(ConfigErrors, AgentWithUnknownCalendar) {
  const std::string yaml =
      "calendars:\n  eu: {zone: UTC}\nteams:\n  t: {}\nagents:\n  bob: {team: t, calendar: us}\n";
  expect_one(load(yaml), yaml, "agents.bob.calendar", "us}");
}

TEST(ConfigErrors, AgentWithoutTeam) {
  const std::string yaml = "agents:\n  bob:\n    kind: bot\n";
  expect_one(load(yaml), yaml, "agents.bob.team", "kind");
}

TEST(ConfigErrors, TeamWithUnknownCalendar) {
  const std::string yaml = "teams:\n  t:\n    calendar: nowhere\n";
  expect_one(load(yaml), yaml, "teams.t.calendar", "nowhere");
}

TEST(ConfigErrors, DefaultCalendarMustExist) {
  const std::string yaml = "kpi:\n  default_calendar: office\n";
  expect_one(load(yaml), yaml, "kpi.default_calendar", "office");
}

TEST(ConfigErrors, WritebackSinkMustBeASink) {
  const std::string yaml =
      "connectors:\n  data: {type: files, path: /d}\nwriteback:\n  sink: data\n";
  const auto& d = expect_one(load(yaml), yaml, "writeback.sink", "data\n");
  EXPECT_TRUE(contains(d.message, "not a sink")) << d.str();
}

TEST(ConfigErrors, ReportSinkMustNameAConnector) {
  const std::string yaml = "connectors:\n  out: {type: outbox, dir: /o}\nreport:\n  sink: outbx\n";
  const auto& d = expect_one(load(yaml), yaml, "report.sink", "outbx");
  EXPECT_TRUE(contains(d.message, "'out'")) << d.str();
}

TEST(ConfigErrors, UnknownTargetWhenTheCatalogIsGiven) {
  const std::string yaml = "kpi:\n  targets:\n    csta: 80\n";
  const auto& d = expect_one(load(yaml, {"csat", "nps"}), yaml, "kpi.targets.csta", "csta");
  EXPECT_TRUE(contains(d.message, "'csat'")) << d.str();
  EXPECT_TRUE(load(yaml).config) << "without a catalog any KPI id is accepted";
}

TEST(ConfigErrors, OutOfRangeValues) {
  const std::string yaml =
      "kpi:\n  min_sample: 0\n  sl_target: 120\n  business:\n    2026-11: {gross_margin: 70}\n"
      "    2026-13: {sales: 1}\nreport:\n  day: 31\n  time: \"25:00\"\n";
  auto r = load(yaml);
  for (std::string key : {"kpi.min_sample", "kpi.sl_target", "kpi.business.2026-11.gross_margin",
                          "kpi.business.2026-13", "report.day", "report.time"})
    EXPECT_TRUE(problem_at(r, key)) << key << "\n" << all_problems(r);
  EXPECT_EQ(r.problems.size(), 6u) << all_problems(r);
}

TEST(ConfigErrors, EveryProblemIsCollectedInFileOrder) {
  const std::string yaml =
      "stat: x.db\n"
      "connectors:\n  d: {type: files}\n"
      "kpi:\n  report_zone: Nowhere/City\n  fcr_days: many\n"
      "report:\n  weekday: funday\n";
  auto r = load(yaml);
  ASSERT_EQ(r.problems.size(), 5u) << all_problems(r);
  for (std::size_t i = 1; i < r.problems.size(); ++i)
    EXPECT_LE(r.problems[i - 1].line, r.problems[i].line);
  EXPECT_FALSE(r.config);
}

TEST(ConfigErrors, StrIsFileLineColumnPathMessage) {
  const std::string yaml = "log:\n  level: loud\n";
  auto r = load(yaml);
  ASSERT_EQ(r.problems.size(), 1u);
  Pos p = pos_of(yaml, "loud");
  EXPECT_EQ(r.problems[0].str(), "/etc/deskpulse/t.yaml:" + std::to_string(p.line) + ":" +
                                     std::to_string(p.column) +
                                     ": log.level: " + r.problems[0].message);
}

TEST(ConfigErrors, UnreadableFile) {
  TempDir dir;
  auto r = load_config((dir.path() / "missing.yaml").string(), fake_specs());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_FALSE(r.config);
  EXPECT_EQ(r.problems[0].file, (dir.path() / "missing.yaml").string());
}

TEST(ConfigErrors, FolderIsNotAFile) {
  TempDir dir;
  auto r = load_config(dir.path().string(), fake_specs());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_FALSE(r.config);
}

TEST(ConfigErrors, EmptyFileIsAllDefaults) {
  TempDir dir;
  std::ofstream(dir.path() / "empty.yaml").flush();
  auto r = load_config((dir.path() / "empty.yaml").string(), fake_specs());
  EXPECT_TRUE(r.config) << all_problems(r);
}

}  // namespace
}  // namespace dp::config::test
