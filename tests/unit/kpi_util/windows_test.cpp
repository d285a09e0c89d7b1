#include "kpi/windows.h"

#include <gtest/gtest.h>

#include "local_time.h"

namespace dp::kpi {
namespace {

using std::chrono::hours;
using test::local;
using test::utc;

const std::string kRome = "Europe/Rome";

TEST(ParsePeriod, IsoWeekIsMondayToMondayLocal) {
  auto w = parse_period("2026-W47", kRome);
  ASSERT_TRUE(w) << w.error().str();
  EXPECT_EQ(w->from, utc("2026-11-15T23:00:00Z"));  // Monday 16 Nov, 00:00 CET
  EXPECT_EQ(w->to, utc("2026-11-22T23:00:00Z"));
  EXPECT_EQ(w->label, "2026-W47");
}

TEST(ParsePeriod, Week53OnlyInLongYears) {
  // 2026 starts on a Thursday: it has 53 ISO weeks, and 2027-W01 starts on 4 January.
  auto w53 = parse_period("2026-W53", "UTC");
  ASSERT_TRUE(w53) << w53.error().str();
  EXPECT_EQ(w53->from, utc("2026-12-28T00:00:00Z"));
  EXPECT_EQ(w53->to, utc("2027-01-04T00:00:00Z"));
  EXPECT_EQ(parse_period("2027-W01", "UTC")->from, utc("2027-01-04T00:00:00Z"));
  // ISO week 1 of 2026 starts in 2025.
  EXPECT_EQ(parse_period("2026-W01", "UTC")->from, utc("2025-12-29T00:00:00Z"));
  auto w = parse_period("2025-W53", "UTC");
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().str().find("2025-W53"), std::string::npos);
  EXPECT_NE(w.error().str().find("01..52"), std::string::npos);
  EXPECT_TRUE(parse_period("2020-W53", "UTC"));  // leap year starting on a Wednesday
  EXPECT_FALSE(parse_period("2027-W53", "UTC"));
  EXPECT_FALSE(parse_period("2026-W54", "UTC"));
  EXPECT_FALSE(parse_period("2026-W00", "UTC"));
}

TEST(ParsePeriod, DstWeeksAreNot168Hours) {
  auto spring = parse_period("2026-W13", kRome);  // contains Sunday 29 March
  ASSERT_TRUE(spring);
  EXPECT_EQ(spring->to - spring->from, hours{167});
  auto fall = parse_period("2026-W43", kRome);  // contains Sunday 25 October
  ASSERT_TRUE(fall);
  EXPECT_EQ(fall->to - fall->from, hours{169});
}

TEST(ParsePeriod, MonthAndDay) {
  auto m = parse_period("2026-11", "UTC");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->from, utc("2026-11-01T00:00:00Z"));
  EXPECT_EQ(m->to, utc("2026-12-01T00:00:00Z"));
  auto dec = parse_period("2026-12", "UTC");
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->to, utc("2027-01-01T00:00:00Z"));
  auto d = parse_period("2026-03-29", kRome);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->from, utc("2026-03-28T23:00:00Z"));
  EXPECT_EQ(d->to - d->from, hours{23});
  EXPECT_EQ(d->label, "2026-03-29");
}

TEST(ParsePeriod, ErrorsNameTheText) {
  for (const char* bad : {"2026-13", "2026-02-30", "garbage", "2026-W4", "26-11"}) {
    auto w = parse_period(bad, "UTC");
    ASSERT_FALSE(w) << bad;
    EXPECT_NE(w.error().str().find(bad), std::string::npos) << w.error().str();
  }
  auto z = parse_period("2026-11", "Mars/Olympus");
  ASSERT_FALSE(z);
  EXPECT_NE(z.error().str().find("Mars/Olympus"), std::string::npos);
}

TEST(MakeWindows, NoBucketIsOneWindow) {
  auto ws = make_windows("2026-11-01", "2026-12-01", Bucket::none, kRome);
  ASSERT_TRUE(ws) << ws.error().str();
  ASSERT_EQ(ws->size(), 1u);
  EXPECT_EQ((*ws)[0].label, "2026-11-01..2026-12-01");
  EXPECT_EQ((*ws)[0].from, utc("2026-10-31T23:00:00Z"));
  EXPECT_EQ((*ws)[0].to, utc("2026-11-30T23:00:00Z"));
}

TEST(MakeWindows, WeeksAcrossTheYearBoundary) {
  // Sunday 20 Dec 2026 .. Sunday 10 Jan 2027: one day of W51, W52, W53, then W01 cut at
  // `to`; a cut bucket is labelled with its dates, not its week (`to` exclusive).
  auto ws = make_windows("2026-12-20", "2027-01-10", Bucket::week, kRome);
  ASSERT_TRUE(ws) << ws.error().str();
  ASSERT_EQ(ws->size(), 4u);
  const auto& w = *ws;
  EXPECT_EQ(w[0].label, "2026-12-20..2026-12-21");
  EXPECT_EQ(w[0].to - w[0].from, hours{24});
  EXPECT_EQ(w[1].label, "2026-W52");
  EXPECT_EQ(w[2].label, "2026-W53");
  EXPECT_EQ(w[2].from, local("2026-12-28 00:00:00", kRome));
  EXPECT_EQ(w[3].label, "2027-01-04..2027-01-10");
  EXPECT_EQ(w[3].from, local("2027-01-04 00:00:00", kRome));
  EXPECT_EQ(w[3].to, local("2027-01-10 00:00:00", kRome));
  for (size_t i = 1; i < w.size(); ++i) EXPECT_EQ(w[i].from, w[i - 1].to);
}

TEST(MakeWindows, MonthsFirstOneCut) {
  auto ws = make_windows("2026-11-15", "2027-02-01", Bucket::month, "UTC");
  ASSERT_TRUE(ws);
  ASSERT_EQ(ws->size(), 3u);
  EXPECT_EQ((*ws)[0].label, "2026-11-15..2026-12-01");
  EXPECT_EQ((*ws)[0].from, utc("2026-11-15T00:00:00Z"));
  EXPECT_EQ((*ws)[0].to, utc("2026-12-01T00:00:00Z"));
  EXPECT_EQ((*ws)[1].label, "2026-12");
  EXPECT_EQ((*ws)[2].label, "2027-01");
  EXPECT_EQ((*ws)[2].to, utc("2027-02-01T00:00:00Z"));
}

TEST(MakeWindows, DaysAcrossDst) {
  auto ws = make_windows("2026-03-28", "2026-03-31", Bucket::day, kRome);
  ASSERT_TRUE(ws);
  ASSERT_EQ(ws->size(), 3u);
  EXPECT_EQ((*ws)[0].to - (*ws)[0].from, hours{24});
  EXPECT_EQ((*ws)[1].to - (*ws)[1].from, hours{23});
  EXPECT_EQ((*ws)[1].label, "2026-03-29");
  EXPECT_EQ((*ws)[2].to - (*ws)[2].from, hours{24});
}

TEST(MakeWindows, Rfc3339Bounds) {
  // With Z: absolute. Without offset: local wall time in the report zone.
  auto ws = make_windows("2026-11-23T08:00:00Z", "2026-11-25", Bucket::day, kRome);
  ASSERT_TRUE(ws) << ws.error().str();
  ASSERT_EQ(ws->size(), 2u);
  EXPECT_EQ((*ws)[0].from, utc("2026-11-23T08:00:00Z"));
  EXPECT_EQ((*ws)[0].to, utc("2026-11-23T23:00:00Z"));
  EXPECT_EQ((*ws)[0].label, "2026-11-23T09:00:00+01:00..2026-11-24");
  EXPECT_EQ((*ws)[1].label, "2026-11-24");
  auto local_bound =
      make_windows("2026-11-23T09:00:00", "2026-11-23T10:30:00+01:00", Bucket::none, kRome);
  ASSERT_TRUE(local_bound) << local_bound.error().str();
  EXPECT_EQ((*local_bound)[0].from, utc("2026-11-23T08:00:00Z"));
  EXPECT_EQ((*local_bound)[0].to, utc("2026-11-23T09:30:00Z"));
  EXPECT_EQ((*local_bound)[0].label, "2026-11-23T09:00:00+01:00..2026-11-23T10:30:00+01:00");
}

TEST(MakeWindows, Errors) {
  auto same = make_windows("2026-11-23", "2026-11-23", Bucket::day, "UTC");
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().str().find("must be after"), std::string::npos);
  EXPECT_FALSE(make_windows("2026-11-24", "2026-11-23", Bucket::none, "UTC"));
  auto bad = make_windows("yesterday", "2026-11-23", Bucket::none, "UTC");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().str().find("yesterday"), std::string::npos);
  EXPECT_FALSE(make_windows("2026-11-01", "2026-11-02", Bucket::day, "Nowhere/City"));
  EXPECT_FALSE(make_windows("1900-01-01", "2026-01-01", Bucket::day, "UTC"));  // too many
}

TEST(Previous, StepsBackOnePeriod) {
  auto w = previous(*parse_period("2027-W01", kRome), kRome);
  EXPECT_EQ(w.label, "2026-W53");
  EXPECT_EQ(w.from, local("2026-12-28 00:00:00", kRome));
  EXPECT_EQ(w.to, local("2027-01-04 00:00:00", kRome));
  auto m = previous(*parse_period("2026-01", "UTC"), "UTC");
  EXPECT_EQ(m.label, "2025-12");
  EXPECT_EQ(m.from, utc("2025-12-01T00:00:00Z"));
  auto d = previous(*parse_period("2026-03-30", kRome), kRome);
  EXPECT_EQ(d.label, "2026-03-29");
  EXPECT_EQ(d.to - d.from, hours{23});
}

TEST(Previous, CustomRangeSameLengthBefore) {
  auto ws = make_windows("2026-11-10", "2026-11-20", Bucket::none, "UTC");
  ASSERT_TRUE(ws);
  auto p = previous((*ws)[0], "UTC");
  EXPECT_EQ(p.from, utc("2026-10-31T00:00:00Z"));
  EXPECT_EQ(p.to, utc("2026-11-10T00:00:00Z"));
  EXPECT_EQ(p.label, "2026-10-31..2026-11-10");
}

TEST(Labels, IsoWeekInTheReportZone) {
  EXPECT_EQ(iso_week_label(utc("2027-01-01T12:00:00Z"), "UTC"), "2026-W53");
  EXPECT_EQ(iso_week_label(utc("2024-12-30T12:00:00Z"), "UTC"), "2025-W01");
  // Monday 00:30 in Rome is still Sunday in UTC.
  EXPECT_EQ(iso_week_label(utc("2026-11-22T23:30:00Z"), kRome), "2026-W48");
  EXPECT_EQ(iso_week_label(utc("2026-11-22T23:30:00Z"), "UTC"), "2026-W47");
  EXPECT_EQ(period_label(utc("2026-11-30T23:30:00Z"), Bucket::month, kRome), "2026-12");
  EXPECT_EQ(period_label(utc("2026-11-30T23:30:00Z"), Bucket::day, "UTC"), "2026-11-30");
}

}  // namespace
}  // namespace dp::kpi
