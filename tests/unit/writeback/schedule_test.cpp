#include "writeback/schedule.h"

#include <gtest/gtest.h>

using namespace dp;
using namespace dp::writeback;

namespace {
Time at(const char* s) {
  return *parse_rfc3339(s);
}
}  // namespace

TEST(Schedule, WeeklyPostIsMondayEightLocal) {
  Schedule s;
  s.zone = "Europe/Rome";
  kpi::Window w{at("2026-11-15T23:00:00Z"), at("2026-11-22T23:00:00Z"), "2026-W47"};
  // Monday 2026-11-23 08:00 in Rome (UTC+1) = 07:00Z.
  EXPECT_EQ(format_rfc3339(posting_time(s, w)), "2026-11-23T07:00:00Z");
  s.weekday = std::chrono::Wednesday;
  EXPECT_EQ(format_rfc3339(posting_time(s, w)), "2026-11-25T07:00:00Z");
}

TEST(Schedule, DuePeriodsPostMissedOnesButNotHistory) {
  Schedule s;  // UTC, Monday 08:00
  // Installed (since) on 2026-11-04; now Monday 2026-11-23 07:59: W47 not yet due.
  auto due = due_periods(s, at("2026-11-04T10:00:00Z"), at("2026-11-23T07:59:00Z"));
  ASSERT_TRUE(due.ok());
  std::vector<std::string> labels;
  for (const auto& w : *due) labels.push_back(w.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2026-W45", "2026-W46"}));
  // At 08:00 W47 joins.
  auto later = due_periods(s, at("2026-11-04T10:00:00Z"), at("2026-11-23T08:00:00Z"));
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 3u);
  EXPECT_EQ(later->back().label, "2026-W47");
}

TEST(Schedule, MonthlyPostOnConfiguredDay) {
  Schedule s;
  s.monthly = true;
  s.day = 2;
  auto due = due_periods(s, at("2026-09-15T00:00:00Z"), at("2026-11-02T08:00:00Z"));
  ASSERT_TRUE(due.ok());
  std::vector<std::string> labels;
  for (const auto& w : *due) labels.push_back(w.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2026-09", "2026-10"}));
}

TEST(Schedule, BadZoneIsAnError) {
  Schedule s;
  s.zone = "Nowhere/Land";
  EXPECT_FALSE(due_periods(s, at("2026-11-01T00:00:00Z"), at("2026-11-23T09:00:00Z")).ok());
}
