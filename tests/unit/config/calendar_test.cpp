// Calendars, teams and agents: the directory the KPI engine measures business time with.
#include "helpers.h"

namespace dp::config::test {
namespace {

using namespace std::chrono;

TEST(ConfigCalendar, SplitDaysClosedDaysAnd24h) {
  auto r = load(
      "calendars:\n  eu:\n    zone: Europe/Rome\n    hours:\n"
      "      mon: \"14:00-18:00, 09:00-13:00\"\n      tue: 24h\n      wed: 00:00-24:00\n"
      "      sat: closed\n    holidays: [2026-12-25]\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  const kpi::Calendar& c = r.config->kpi.calendars.at("eu");
  EXPECT_EQ(c.name, "eu");
  EXPECT_EQ(c.zone, "Europe/Rome");
  ASSERT_EQ(c.week[0].size(), 2u);  // Monday, sorted
  EXPECT_EQ(c.week[0][0].start_min, 9 * 60);
  EXPECT_EQ(c.week[0][0].end_min, 13 * 60);
  EXPECT_EQ(c.week[0][1].start_min, 14 * 60);
  EXPECT_EQ(c.week[0][1].end_min, 18 * 60);
  for (int day : {1, 2}) {
    ASSERT_EQ(c.week[day].size(), 1u);
    EXPECT_EQ(c.week[day][0].start_min, 0);
    EXPECT_EQ(c.week[day][0].end_min, 24 * 60);
  }
  for (int day : {3, 4, 5, 6}) EXPECT_TRUE(c.week[day].empty()) << day;
  ASSERT_EQ(c.holidays.size(), 1u);
  EXPECT_EQ(c.holidays[0], sys_days(2026y / December / 25));
}

TEST(ConfigCalendar, WithoutHoursItHasNoIntervals) {
  auto r = load("calendars:\n  always: {zone: UTC}\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  for (const auto& day : r.config->kpi.calendars.at("always").week) EXPECT_TRUE(day.empty());
}

TEST(ConfigCalendar, AgentCalendarFallsBackToTeamThenDefault) {
  auto r = load(
      "calendars:\n  eu: {zone: Europe/Rome}\n  us: {zone: America/New_York}\n"
      "  uk: {zone: Europe/London}\n"
      "teams:\n  billing: {calendar: eu}\n  tech: {}\n"
      "agents:\n  alice: {team: billing}\n  bob: {team: billing, calendar: us}\n"
      "  carol: {team: tech}\n  bot1: {team: tech, kind: bot}\n"
      "kpi:\n  default_calendar: uk\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  const auto& agents = r.config->kpi.agents;
  EXPECT_EQ(agents.at("alice").calendar, "eu");
  EXPECT_EQ(agents.at("bob").calendar, "us");
  EXPECT_EQ(agents.at("carol").calendar, "uk");
  EXPECT_EQ(agents.at("alice").team, "billing");
  EXPECT_EQ(agents.at("alice").id, "alice");
  EXPECT_EQ(agents.at("bot1").kind, AgentKind::bot);
  EXPECT_EQ(agents.at("carol").kind, AgentKind::agent);

  // Agents that come from the data get the same treatment.
  std::map<std::string, Agent> from_data = {{"dave", {"dave", "billing", std::nullopt}},
                                            {"erin", {"erin", "nobody", std::nullopt}},
                                            {"fred", {"fred", "tech", "us"}}};
  assign_calendars(*r.config, from_data);
  EXPECT_EQ(from_data.at("dave").calendar, "eu");
  EXPECT_EQ(from_data.at("erin").calendar, "uk");
  EXPECT_EQ(from_data.at("fred").calendar, "us");
}

TEST(ConfigCalendar, AgentNameIsOptional) {
  auto r = load("teams:\n  t: {}\nagents:\n  a: {team: t, name: Ann Lee}\n  b: {team: t}\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->kpi.agents.at("a").name, "Ann Lee");
  EXPECT_EQ(r.config->kpi.agents.at("b").name, "");  // the data's name, if any
}

TEST(ConfigCalendar, NoCalendarAnywhereMeans24x7) {
  auto r = load("teams:\n  t: {}\nagents:\n  a: {team: t}\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_FALSE(r.config->kpi.agents.at("a").calendar);
}

}  // namespace
}  // namespace dp::config::test
