// Write-back ledger, posted reports and KPI snapshots.
#include <gtest/gtest.h>

#include "store/sample_records.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

TEST(StoreLedger, RemembersTheLastValuePerTargetAndField) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  auto& s = **store;
  auto none = s.ledger_value(TargetKind::ticket, "rt:1", "FRT");
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, std::nullopt);

  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:1", "FRT", "1h 5m", test::at(100)));
  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:1", "FRT", "1h 5m", test::at(200)));
  ASSERT_TRUE(s.ledger_record(TargetKind::user, "rt:1", "FRT", "other", test::at(100)));
  auto v = s.ledger_value(TargetKind::ticket, "rt:1", "FRT");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, "1h 5m");
  auto u = s.ledger_value(TargetKind::user, "rt:1", "FRT");
  ASSERT_TRUE(u);
  EXPECT_EQ(*u, "other");
  auto c = s.counts();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->ledger, 2);

  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:1", "FRT", "2h", test::at(300)));
  v = s.ledger_value(TargetKind::ticket, "rt:1", "FRT");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, "2h");
}

TEST(StoreReports, PostedOncePerTeamAndPeriodAcrossReopen) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    auto posted = (*store)->report_posted("tier1", "2026-W47");
    ASSERT_TRUE(posted);
    EXPECT_FALSE(*posted);
    ASSERT_TRUE((*store)->record_report("tier1", "2026-W47", "rt:900", test::at(1)));
    ASSERT_TRUE((*store)->record_report("tier1", "2026-W47", "rt:901", test::at(2)));
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store);
  auto posted = (*store)->report_posted("tier1", "2026-W47");
  ASSERT_TRUE(posted);
  EXPECT_TRUE(*posted);
  auto other = (*store)->report_posted("", "2026-W47");
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  auto c = (*store)->counts();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->reports, 1);
}

SnapshotRow row(std::string kpi, std::string key, std::optional<double> value) {
  SnapshotRow r;
  r.kpi = std::move(kpi);
  r.window_from = test::at(1'763'337'600);
  r.window_to = test::at(1'763'942'400);
  r.group_by = key.empty() ? "overall" : "team";
  r.group_key = std::move(key);
  r.stat = "mean";
  r.value = value;
  r.n = 42;
  r.row_json = R"({"kpi":"x"})";
  r.computed_at = test::at(1'763'950'000);
  return r;
}

TEST(StoreSnapshots, RecomputingReplacesAndWindowsAreSeparate) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  auto& s = **store;
  SnapshotRow frt = row("frt", "tier1", 3600);
  frt.basis = "business";
  SnapshotRow frt_cal = frt;
  frt_cal.basis = "calendar";
  SnapshotRow csat = row("csat", "", std::nullopt);
  SnapshotRow sl = row("service_level", "", 81.5);
  sl.variant = "answered";
  SnapshotRow next_week = row("frt", "tier1", 1);
  next_week.window_from = frt.window_to;
  next_week.window_to = frt.window_to + std::chrono::days(7);
  ASSERT_TRUE(s.put_snapshots({frt, frt_cal, csat, sl, next_week}));

  frt.value = 1800;
  frt.n = 43;
  ASSERT_TRUE(s.put_snapshots({frt}));

  auto week = s.snapshots(frt.window_from, frt.window_to);
  ASSERT_TRUE(week) << week.error().str();
  ASSERT_EQ(week->size(), 4u);
  EXPECT_EQ((*week)[0], csat);  // key order: kpi, group, variant, basis, stat
  EXPECT_EQ((*week)[1], frt);
  EXPECT_EQ((*week)[2], frt_cal);
  EXPECT_EQ((*week)[3], sl);
  auto later = s.snapshots(next_week.window_from, next_week.window_to);
  ASSERT_TRUE(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0], next_week);
}

}  // namespace
}  // namespace dp
