// Write-back ledger, posted reports and KPI snapshots.
#include <gtest/gtest.h>

#include "store/sample_records.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

// doctor reads back, per field, the latest value written (a cleared field is no value).
TEST(StoreLedger, LatestNonEmptyValuePerField) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  auto& s = **store;
  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:1", "FRT", "5m", test::at(100)));
  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:2", "FRT", "7m", test::at(300)));
  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:3", "FRT", "", test::at(400)));
  ASSERT_TRUE(s.ledger_record(TargetKind::ticket, "rt:1", "SLA", "yes", test::at(200)));
  ASSERT_TRUE(s.ledger_record(TargetKind::user, "alice", "CSAT", "80%", test::at(500)));
  auto last = s.ledger_latest(TargetKind::ticket);
  ASSERT_TRUE(last) << last.error().str();
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ((*last)[0].field, "FRT");
  EXPECT_EQ((*last)[0].target, "rt:2");
  EXPECT_EQ((*last)[0].value, "7m");
  EXPECT_EQ((*last)[1].field, "SLA");
  EXPECT_EQ((*last)[1].target, "rt:1");
}

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

namespace dp {
namespace {

// Partials are opaque blobs by (day, grouping, key) with a tag; the data version moves only when an
// apply changed a record, so a stale tag is seen without reading records.
TEST(StorePartials, DaysAndTagRoundTripAndDataVersionTracksChanges) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store);
  auto& s = **store;
  EXPECT_EQ(*s.data_version(), 0);
  EXPECT_EQ(*s.partials_tag(), std::nullopt);
  Records r;
  r.tickets = {test::full_ticket("t:1")};
  ASSERT_TRUE(s.apply(r, "t", std::nullopt));
  EXPECT_EQ(*s.data_version(), 1);
  ASSERT_TRUE(s.apply(r, "t", std::nullopt));  // nothing changed
  EXPECT_EQ(*s.data_version(), 1);

  const std::string blob("a\0b", 3);  // binary safe
  ASSERT_TRUE(s.replace_partials({{20000, 0, "", blob}, {20001, 2, "ann", "x"}}, "1:abc"));
  EXPECT_EQ(*s.partials_tag(), "1:abc");
  auto cells = s.partials();
  ASSERT_TRUE(cells);
  ASSERT_EQ(cells->size(), 2u);
  EXPECT_EQ((*cells)[0].day, 20000);
  EXPECT_EQ((*cells)[0].cells, blob);
  EXPECT_EQ((*cells)[1], (Store::PartialCell{20001, 2, "ann", "x"}));
  // "" deletes; the same day under another key is another cell.
  ASSERT_TRUE(s.update_partials({{20001, 2, "ann", ""}, {20001, 2, "bob", "y"}}, "2:abc"));
  cells = s.partials();
  ASSERT_EQ(cells->size(), 2u);
  EXPECT_EQ((*cells)[1], (Store::PartialCell{20001, 2, "bob", "y"}));
  EXPECT_EQ(*s.partials_tag(), "2:abc");
  std::vector<Store::PartialCell> some = {{20001, 2, "bob", ""}, {20001, 2, "ann", "stale"}};
  ASSERT_TRUE(s.partial_cells(some));
  EXPECT_EQ(some[0].cells, "y");
  EXPECT_EQ(some[1].cells, "");
  std::vector<int32_t> days;
  ASSERT_TRUE(s.each_partial_day(20000, 20001, [&](int32_t d, std::string_view) {
    days.push_back(d);
    return Result<void>{};
  }));
  EXPECT_EQ(days, std::vector<int32_t>{20000});
  ASSERT_TRUE(s.replace_partials({{7, 0, "", "z"}}, "3:abc"));
  EXPECT_EQ(s.partials()->size(), 1u);
}

}  // namespace
}  // namespace dp
