// The mechanisms `run` is watched with: log line formats, the Prometheus text, the
// health rules.
#include <gtest/gtest.h>

#include "model/json.h"
#include "ops/health.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace dp::ops {
namespace {

const std::string kTime = "2026-12-07T13:00:00Z";

TEST(LogLine, TextHasTimeLevelAndThePrintableMessage) {
  LogOptions o;
  o.journald = false;
  EXPECT_EQ(format_log_line(o, kTime, Level::warn, "rt: slow\nsecond line\x01", {{"k", "v"}}),
            kTime + " warn rt: slow\\x0asecond line\\x01\n");
}

TEST(LogLine, JournaldGetsThePriorityAndNoTime) {
  LogOptions o;
  o.journald = true;
  EXPECT_EQ(format_log_line(o, kTime, Level::error, "x", {}), "<3>error x\n");
  EXPECT_EQ(format_log_line(o, kTime, Level::warn, "x", {}), "<4>warn x\n");
  EXPECT_EQ(format_log_line(o, kTime, Level::info, "x", {}), "<6>info x\n");
  EXPECT_EQ(format_log_line(o, kTime, Level::debug, "x", {}), "<7>debug x\n");
}

TEST(LogLine, JsonIsOneObjectWithFieldsAndReservedNamesKeptApart) {
  LogOptions o;
  o.format = LogFormat::json;
  o.journald = false;
  const std::string line = format_log_line(o, kTime, Level::info, "cycle: \"q\"\n\xff",
                                           {{"synced", "12"}, {"msg", "clash"}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  rapidjson::Document d;
  d.Parse(line.c_str());
  ASSERT_FALSE(d.HasParseError()) << line;
  EXPECT_EQ(std::string(d["time"].GetString()), kTime);
  EXPECT_STREQ(d["level"].GetString(), "info");
  EXPECT_EQ(std::string(d["msg"].GetString()), "cycle: \"q\"\n\xef\xbf\xbd");
  EXPECT_STREQ(d["synced"].GetString(), "12");
  EXPECT_STREQ(d["field.msg"].GetString(), "clash");
}

TEST(LogLine, LevelsAndFormatsParse) {
  EXPECT_EQ(parse_level("warn"), Level::warn);
  EXPECT_EQ(parse_level("warning"), Level::warn);
  EXPECT_EQ(parse_level("off"), Level::off);
  EXPECT_FALSE(parse_level("loud"));
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_FALSE(parse_log_format("xml"));
  configure_log({Level::warn, LogFormat::text, false});
  EXPECT_FALSE(log_enabled(Level::info));
  EXPECT_TRUE(log_enabled(Level::error));
  configure_log({Level::off, LogFormat::text, false});
  EXPECT_FALSE(log_enabled(Level::error));
  configure_log({});
}

TEST(Metrics, RendersTheExpositionFormatSortedAndEscaped) {
  Metrics m;
  m.describe("deskpulse_b_total", MetricType::counter, "B things.");
  m.describe("deskpulse_a", MetricType::gauge, "A value.");
  m.add("deskpulse_b_total", {{"team", "ops \"night\"\\\nshift"}}, 2);
  m.add("deskpulse_b_total", {{"team", "ops \"night\"\\\nshift"}});
  m.add("deskpulse_b_total", {{"team", "x"}}, -5);  // counters never go down: not added
  m.set("deskpulse_a", {}, 0.25);
  m.set("deskpulse_unknown", {}, 1);  // not described: ignored
  EXPECT_EQ(m.render(),
            "# HELP deskpulse_a A value.\n"
            "# TYPE deskpulse_a gauge\n"
            "deskpulse_a 0.25\n"
            "# HELP deskpulse_b_total B things.\n"
            "# TYPE deskpulse_b_total counter\n"
            "deskpulse_b_total{team=\"ops \\\"night\\\"\\\\\\nshift\"} 3\n");
  m.clear("deskpulse_b_total");
  EXPECT_EQ(m.render().find("deskpulse_b_total{"), std::string::npos);
}

TEST(Metrics, ValuesAndNames) {
  EXPECT_EQ(render_value(3), "3");
  EXPECT_EQ(render_value(-0.5), "-0.5");
  EXPECT_EQ(render_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(render_value(0.0 / 0.0), "NaN");
  EXPECT_EQ(render_value(1796652201), "1796652201");
  EXPECT_TRUE(valid_metric_name("deskpulse_kpi_value"));
  EXPECT_FALSE(valid_metric_name("1abc"));
  EXPECT_FALSE(valid_metric_name("a-b"));
  Metrics m;
  EXPECT_THROW(m.describe("bad-name", MetricType::gauge, ""), std::invalid_argument);
}

Time at(int seconds) {
  return Time{Seconds{1'800'000'000 + seconds}};
}

std::string status_of(const Health::Answer& a, const std::string& name) {
  rapidjson::Document d;
  d.Parse(a.body.c_str());
  for (const auto& c : d["connectors"].GetArray())
    if (c["name"].GetString() == name) return c["status"].GetString();
  return "";
}

// 200 while every source succeeded within its interval plus max_age; a failed poll
// alone does not make it unhealthy until the last success is too old; a sink's
// failure is shown, not judged.
TEST(Health, SourcesWithinIntervalPlusMaxAgeAreHealthy) {
  Health h;
  h.configure({{"rt", Seconds{300}}, {"pbx", Seconds{300}}}, {"rt", "outbox"}, Seconds{900});
  auto a = h.check(at(0));
  EXPECT_EQ(a.status, 503);
  EXPECT_EQ(status_of(a, "rt"), "not polled yet");
  h.polled("rt", true, at(0));
  h.polled("pbx", true, at(0));
  h.used("outbox", false, at(0), "disk full");
  a = h.check(at(1200));
  EXPECT_EQ(a.status, 200) << a.body;  // 1200 <= 300 + 900
  EXPECT_EQ(status_of(a, "outbox"), "failing");
  h.polled("rt", false, at(1100), "connection refused");
  a = h.check(at(1150));
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_NE(a.body.find("connection refused"), std::string::npos);
  a = h.check(at(1201));
  EXPECT_EQ(a.status, 503) << a.body;  // rt's last success is 1201 s old
  EXPECT_EQ(status_of(a, "rt"), "stale");
  EXPECT_EQ(status_of(a, "pbx"), "stale");  // never polled again
  // RT is a source and a sink under one name: the sink's outcome is its own entry.
  h.used("rt", true, at(1300));
  EXPECT_EQ(status_of(h.check(at(1300)), "rt"), "stale");

  Metrics m;
  Health::describe(m);
  h.export_to(m, at(1300));
  const std::string text = m.render();
  EXPECT_NE(text.find("deskpulse_source_lag_seconds{source=\"rt\"} 1300"), std::string::npos)
      << text;
  EXPECT_NE(text.find("deskpulse_source_up{source=\"rt\"} 0"), std::string::npos) << text;
}

// A reload keeps what is known of the sources that stay, and forgets the others.
TEST(Health, AReloadKeepsStayingSourcesAndForgetsRemovedOnes) {
  Health h;
  h.configure({{"rt", Seconds{60}}, {"old", Seconds{60}}}, {}, Seconds{900});
  h.polled("rt", true, at(0));
  h.polled("old", true, at(0));
  h.configure({{"rt", Seconds{60}}}, {}, Seconds{900});
  auto a = h.check(at(10));
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.body.find("\"old\""), std::string::npos) << a.body;
}

}  // namespace
}  // namespace dp::ops
