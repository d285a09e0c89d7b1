// What a user gets for the keys they leave out, and how values reach the structs.
#include <fstream>

#include "config/sections.h"
#include "helpers.h"

namespace dp::config::test {
namespace {

const KeySpec& key(const std::string& section, const std::string& name) {
  for (const auto& k : find_section(section)->keys)
    if (k.name == name) return k;
  throw std::runtime_error("no key " + section + "." + name);
}

Seconds default_duration(const std::string& section, const std::string& name) {
  return *parse_duration(key(section, name).default_value);
}

TEST(ConfigDefaults, EmptyFileGivesTheDocumentedDefaults) {
  auto r = load("");
  ASSERT_TRUE(r.config) << all_problems(r);
  const Config& c = *r.config;
  EXPECT_EQ(c.state_path, key("", "state").default_value);
  EXPECT_EQ(c.logging.level, key("log", "level").default_value);
  EXPECT_TRUE(c.connectors.empty());
  const auto& o = c.kpi.options;
  EXPECT_EQ(o.report_zone, key("kpi", "report_zone").default_value);
  EXPECT_EQ(o.min_sample, std::stoi(key("kpi", "min_sample").default_value));
  EXPECT_EQ(o.sl_threshold, default_duration("kpi", "sl_threshold"));
  EXPECT_EQ(o.short_abandon, default_duration("kpi", "short_abandon"));
  EXPECT_EQ(o.backlog_age, default_duration("kpi", "backlog_age"));
  EXPECT_EQ(o.erlang_interval, default_duration("kpi", "erlang_interval"));
  EXPECT_EQ(o.fcr_days, std::stoi(key("kpi", "fcr_days").default_value));
  EXPECT_DOUBLE_EQ(o.sl_target * 100, std::stod(key("kpi", "sl_target").default_value));
  EXPECT_EQ(o.ownership, kpi::Ownership::at_resolution);
  EXPECT_EQ(o.topic_source, kpi::TopicSource::automatic);
  EXPECT_EQ(o.topic_field, "topic");  // where rt's topic_field lands: top topics read it
  EXPECT_EQ(o.top_topics, std::stoi(key("kpi.topics", "top").default_value));
  EXPECT_FALSE(o.targets.frt);
  EXPECT_TRUE(c.writeback.sink.empty());
  EXPECT_EQ(c.writeback.agent_window, default_duration("writeback", "agent_window"));
  EXPECT_DOUBLE_EQ(c.writeback.max_writes_per_second,
                   std::stod(key("writeback", "max_writes_per_second").default_value));
  EXPECT_TRUE(c.report.sink.empty());
  EXPECT_EQ(c.report.period, ReportPeriod::week);
  EXPECT_EQ(c.report.weekday, std::chrono::Monday);
  EXPECT_EQ(c.report.time, std::chrono::minutes(8 * 60));
  EXPECT_EQ(c.report.zone, o.report_zone);
  EXPECT_EQ(c.report.queue, key("report", "queue").default_value);
  EXPECT_EQ(c.report.formats, std::vector<std::string>{"html"});
}

TEST(ConfigDefaults, ReportZoneFollowsTheKpiZone) {
  auto r = load("kpi:\n  report_zone: Asia/Tokyo\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->report.zone, "Asia/Tokyo");
}

TEST(ConfigDefaults, ConnectorCommonKeys) {
  auto r = load(
      "connectors:\n  data:\n    type: files\n    path: /srv/d\n"
      "  named:\n    type: files\n    path: /srv/e\n    name: other\n"
      "    enabled: no\n    interval: 90\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  ASSERT_EQ(r.config->connectors.size(), 2u);
  const Block& a = r.config->connectors[0];
  EXPECT_EQ(a.name, "data");
  EXPECT_EQ(a.type, "files");
  EXPECT_TRUE(a.boolean("enabled"));
  EXPECT_EQ(a.duration("interval"), default_duration("connectors.<name>", "interval"));
  EXPECT_NE(a.where.find(":2:3 connectors.data"), std::string::npos) << a.where;
  const Block& b = r.config->connectors[1];
  EXPECT_EQ(b.name, "other");
  EXPECT_FALSE(b.boolean("enabled"));
  EXPECT_EQ(b.duration("interval"), Seconds(90));
  EXPECT_EQ(r.config->connector("other"), &b);
}

TEST(ConfigDefaults, SpecDefaultsAreFilledIn) {
  ::setenv("DP_TEST_SECRET_D", "x", 1);
  auto r = load(
      "connectors:\n  hd:\n    type: fake\n    url: https://h\n"
      "    token: ${DP_TEST_SECRET_D}\n    ratio: 0.25\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  const Block& b = r.config->connectors[0];
  EXPECT_EQ(b.integer("page_size"), 100);
  EXPECT_DOUBLE_EQ(b.number("ratio"), 0.25);
  EXPECT_FALSE(b.boolean("verbose"));
  EXPECT_EQ(b.duration("lookback"), Seconds(86400));
  EXPECT_FALSE(b.has("queues"));
}

TEST(ConfigDefaults, DuplicateConnectorNames) {
  auto r =
      load("connectors:\n  a: {type: files, path: /a}\n  b: {type: files, path: /b, name: a}\n");
  EXPECT_TRUE(problem_at(r, "connectors.b.name")) << all_problems(r);
}

TEST(ConfigDefaults, RelativePathsAreTakenFromTheConfigFolder) {
  TempDir dir;
  std::ofstream(dir.path() / "c.yaml")
      << "state: sub/../state.db\nconnectors:\n  d: {type: files, path: data}\n";
  auto r = load_config((dir.path() / "c.yaml").string(), fake_specs());
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->state_path, (dir.path() / "state.db").string());
  EXPECT_EQ(r.config->connectors[0].str("path"), (dir.path() / "data").string());
  EXPECT_EQ(r.config->file, (dir.path() / "c.yaml").string());
}

TEST(ConfigValues, KpiOptionsTargetsAndBusiness) {
  auto r = load(
      "kpi:\n  sl_target: 90\n  ownership: at_first_response\n  sl_threshold: 30s\n"
      "  topics: {source: field, field: category, top: 5}\n"
      "  targets: {frt: 4h, resolution: 3d, csat: 85}\n"
      "  business:\n    2026-11: {support_cost: 42000, gross_margin: 0.7}\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  const auto& o = r.config->kpi.options;
  EXPECT_DOUBLE_EQ(o.sl_target, 0.9);
  EXPECT_EQ(o.ownership, kpi::Ownership::at_first_response);
  EXPECT_EQ(o.sl_threshold, Seconds(30));
  EXPECT_EQ(o.topic_source, kpi::TopicSource::field);
  EXPECT_EQ(o.topic_field, "category");
  EXPECT_EQ(o.top_topics, 5);
  EXPECT_EQ(o.targets.frt, Seconds(4 * 3600));
  EXPECT_EQ(o.targets.resolution, Seconds(3 * 86400));
  EXPECT_DOUBLE_EQ(o.targets.kpi.at("csat"), 85);
  EXPECT_DOUBLE_EQ(o.targets.kpi.at("frt"), 4 * 3600);
  const auto& m = o.business.at("2026-11");
  EXPECT_DOUBLE_EQ(*m.support_cost, 42000);
  EXPECT_DOUBLE_EQ(*m.gross_margin, 0.7);
  EXPECT_FALSE(m.sales);
}

TEST(ConfigValues, TopicFieldIsNeededForSourceField) {
  auto r = load("kpi:\n  topics: {source: field, field: \"\"}\n");
  EXPECT_TRUE(problem_at(r, "kpi.topics.field")) << all_problems(r);
}

TEST(ConfigValues, WritebackAndReport) {
  auto r = load(
      "connectors:\n  out: {type: outbox, dir: /o}\n"
      "writeback:\n  sink: out\n  agent_window: 14d\n  max_writes_per_second: 2\n"
      "  ticket_fields: {frt_business: FRT, sla_met: SLA}\n  agent_fields: {csat: CSAT}\n"
      "  agent_ticket_step: {csat: 1.5, frt_median: 10m}\n"
      "report:\n  sink: out\n  period: month\n  day: 3\n  weekday: fri\n  time: \"07:30\"\n"
      "  zone: Europe/London\n  teams: [billing]\n  formats: [html, text]\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  const auto& w = r.config->writeback;
  EXPECT_EQ(w.sink, "out");
  EXPECT_EQ(w.agent_window, Seconds(14 * 86400));
  EXPECT_DOUBLE_EQ(w.max_writes_per_second, 2);
  EXPECT_EQ(w.ticket_fields,
            (std::map<std::string, std::string>{{"frt_business", "FRT"}, {"sla_met", "SLA"}}));
  EXPECT_EQ(w.agent_fields.at("csat"), "CSAT");
  EXPECT_DOUBLE_EQ(w.agent_ticket_step.at("csat"), 1.5);
  EXPECT_DOUBLE_EQ(w.agent_ticket_step.at("frt_median"), 600);
  const auto& rep = r.config->report;
  EXPECT_EQ(rep.period, ReportPeriod::month);
  EXPECT_EQ(rep.day, 3);
  EXPECT_EQ(rep.weekday, std::chrono::Friday);
  EXPECT_EQ(rep.time, std::chrono::minutes(7 * 60 + 30));
  EXPECT_EQ(rep.zone, "Europe/London");
  EXPECT_EQ(rep.teams, std::vector<std::string>{"billing"});
  EXPECT_EQ(rep.formats, (std::vector<std::string>{"html", "text"}));
}

TEST(ConfigValues, UnknownTicketFigure) {
  const std::string yaml = "writeback:\n  ticket_fields:\n    frt: X\n";
  auto r = load(yaml);
  EXPECT_TRUE(problem_at(r, "writeback.ticket_fields.frt")) << all_problems(r);
}

TEST(ConfigValues, FigureListsMatchTheTables) {
  auto names = [](const std::string& section) {
    std::vector<std::string> out;
    for (const auto& k : find_section(section)->keys) out.push_back(k.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(names("writeback.ticket_fields"), sorted(kTicketFigures));
  EXPECT_EQ(names("writeback.agent_fields"), sorted(kAgentFigures));
  EXPECT_EQ(names("writeback.agent_ticket_step"), sorted(kAgentFigures));
}

}  // namespace
}  // namespace dp::config::test
