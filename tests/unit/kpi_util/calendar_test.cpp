#include "kpi/calendar.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "local_time.h"

namespace dp::kpi {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using test::local;
using test::utc;

constexpr int H = 60;  // minutes per hour, for readable DayHours

Calendar weekdays(const std::string& zone, std::vector<DayHours> hours = {{9 * H, 17 * H}}) {
  Calendar c;
  c.zone = zone;
  for (int d = 0; d < 5; ++d) c.week[d] = hours;
  return c;
}

std::chrono::sys_days date(const std::string& s) {
  return *parse_date(s);
}

const std::string kRome = "Europe/Rome";
const std::string kNY = "America/New_York";

// 2026-11-23 is a Monday.
TEST(BusinessSeconds, SameDay) {
  auto c = weekdays(kRome);
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 10:00:00", kRome), local("2026-11-23 15:30:00", kRome)),
      hours{5} + minutes{30});
}

TEST(BusinessSeconds, Overnight) {
  auto c = weekdays(kRome);  // 16:00-17:00 Monday + 09:00-10:00 Tuesday
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 16:00:00", kRome), local("2026-11-24 10:00:00", kRome)),
      hours{2});
}

TEST(BusinessSeconds, OverWeekend) {
  auto c = weekdays(kRome);  // Friday 16-17 + Monday 9-10
  EXPECT_EQ(
      business_seconds(c, local("2026-11-27 16:00:00", kRome), local("2026-11-30 10:00:00", kRome)),
      hours{2});
}

TEST(BusinessSeconds, ClockStartsAtOpeningWhenCreatedOutsideHours) {
  auto c = weekdays(kRome);
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 07:00:00", kRome), local("2026-11-23 09:30:00", kRome)),
      minutes{30});
  // Created on Saturday, answered Monday 09:15.
  EXPECT_EQ(
      business_seconds(c, local("2026-11-28 12:00:00", kRome), local("2026-11-30 09:15:00", kRome)),
      minutes{15});
  // Created and answered on Sunday: no business time at all.
  EXPECT_EQ(
      business_seconds(c, local("2026-11-29 10:00:00", kRome), local("2026-11-29 18:00:00", kRome)),
      Seconds{0});
}

TEST(BusinessSeconds, HolidayInTheMiddle) {
  auto c = weekdays(kRome);
  Time from = local("2026-12-07 16:00:00", kRome), to = local("2026-12-09 10:00:00", kRome);
  EXPECT_EQ(business_seconds(c, from, to), hours{1 + 8 + 1});
  c.holidays = {date("2026-12-08")};  // Tuesday closed
  EXPECT_EQ(business_seconds(c, from, to), hours{1 + 1});
}

TEST(BusinessSeconds, LunchBreak) {
  auto c = weekdays(kRome, {{9 * H, 13 * H}, {14 * H, 18 * H}});
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 12:00:00", kRome), local("2026-11-23 15:00:00", kRome)),
      hours{2});
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 13:10:00", kRome), local("2026-11-23 13:50:00", kRome)),
      Seconds{0});
}

TEST(BusinessSeconds, OverlappingHoursCountOnce) {
  auto c = weekdays(kRome, {{9 * H, 13 * H}, {12 * H, 14 * H}});
  EXPECT_EQ(
      business_seconds(c, local("2026-11-23 00:00:00", kRome), local("2026-11-24 00:00:00", kRome)),
      hours{5});
}

TEST(BusinessSeconds, EmptyCalendarIs24x7) {
  Calendar c;
  c.zone = kRome;
  EXPECT_TRUE(c.always_open());
  // Across the spring-forward night: real elapsed time, 23 h for the local day.
  EXPECT_EQ(
      business_seconds(c, local("2026-03-29 00:00:00", kRome), local("2026-03-30 00:00:00", kRome)),
      hours{23});
  EXPECT_FALSE(weekdays(kRome).always_open());
}

TEST(BusinessSeconds, EmptyWhenToNotAfterFrom) {
  auto c = weekdays(kRome);
  Time t = local("2026-11-23 10:00:00", kRome);
  EXPECT_EQ(business_seconds(c, t, t), Seconds{0});
  EXPECT_EQ(business_seconds(c, t, t - hours{1}), Seconds{0});
  EXPECT_EQ(business_seconds(Calendar{}, t, t - hours{1}), Seconds{0});
}

TEST(BusinessSeconds, WholeYearOfWeekdays) {
  // 2026 starts on a Thursday: 52 weeks + one Thursday = 261 weekdays of 8 h. DST changes
  // happen on Sunday nights in Rome, so they do not touch the hours.
  auto c = weekdays(kRome);
  EXPECT_EQ(
      business_seconds(c, local("2026-01-01 00:00:00", kRome), local("2027-01-01 00:00:00", kRome)),
      hours{261 * 8});
}

// Europe/Rome springs forward on Sunday 2026-03-29 at 02:00 -> 03:00.
TEST(BusinessSecondsDst, RomeSpringForwardWeekKeepsWallHours) {
  auto c = weekdays(kRome);
  Time from = local("2026-03-27 16:00:00", kRome), to = local("2026-03-30 10:00:00", kRome);
  EXPECT_EQ(business_seconds(c, from, to), hours{2});
  EXPECT_EQ(to - from, hours{65});  // calendar time lost the hour
  EXPECT_EQ(
      business_seconds(c, local("2026-03-23 09:00:00", kRome), local("2026-03-30 09:00:00", kRome)),
      hours{40});
}

TEST(BusinessSecondsDst, RomeChangeInsideHoursIsRealElapsedTime) {
  Calendar c;
  c.zone = kRome;
  c.week[6] = {{1 * H, 4 * H}};  // Sunday 01:00-04:00 wall time
  Time sat = local("2026-03-28 12:00:00", kRome), mon = local("2026-03-30 12:00:00", kRome);
  EXPECT_EQ(business_seconds(c, sat, mon), hours{2});
  c.week[6] = {{0, 24 * H}};
  EXPECT_EQ(business_seconds(c, sat, mon), hours{23});
}

// Europe/Rome falls back on Sunday 2026-10-25 at 03:00 -> 02:00.
TEST(BusinessSecondsDst, RomeFallBack) {
  Calendar c;
  c.zone = kRome;
  c.week[6] = {{1 * H, 4 * H}};
  Time sat = local("2026-10-24 12:00:00", kRome), mon = local("2026-10-26 12:00:00", kRome);
  EXPECT_EQ(business_seconds(c, sat, mon), hours{4});
  // Ending inside the repeated hour: the interval runs to the second 02:30.
  c.week[6] = {{0, 2 * H + 30}};
  EXPECT_EQ(business_seconds(c, sat, mon), hours{3} + minutes{30});
  c.week[6] = {{0, 24 * H}};
  EXPECT_EQ(business_seconds(c, sat, mon), hours{25});
  // Weekday hours are untouched by the Sunday-night change.
  auto w = weekdays(kRome);
  Time fri = local("2026-10-23 16:00:00", kRome), mon10 = local("2026-10-26 10:00:00", kRome);
  EXPECT_EQ(business_seconds(w, fri, mon10), hours{2});
  EXPECT_EQ(mon10 - fri, hours{67});
}

// America/New_York: 2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00.
TEST(BusinessSecondsDst, NewYorkBothChanges) {
  auto c = weekdays(kNY);
  Time fri = local("2026-03-06 09:00:00", kNY), mon = local("2026-03-09 17:00:00", kNY);
  EXPECT_EQ(business_seconds(c, fri, mon), hours{16});
  EXPECT_EQ(mon - fri, hours{79});
  EXPECT_EQ(fri, utc("2026-03-06T14:00:00Z"));
  EXPECT_EQ(mon, utc("2026-03-09T21:00:00Z"));
  fri = local("2026-10-30 09:00:00", kNY);
  mon = local("2026-11-02 17:00:00", kNY);
  EXPECT_EQ(business_seconds(c, fri, mon), hours{16});
  EXPECT_EQ(mon - fri, hours{81});
}

TEST(AddBusiness, StepsOverClosedTime) {
  auto c = weekdays(kRome);
  EXPECT_EQ(add_business(c, local("2026-11-23 16:00:00", kRome), hours{2}),
            local("2026-11-24 10:00:00", kRome));
  EXPECT_EQ(add_business(c, local("2026-11-27 16:30:00", kRome), hours{1}),
            local("2026-11-30 09:30:00", kRome));
  EXPECT_EQ(add_business(c, local("2026-11-28 12:00:00", kRome), hours{1}),
            local("2026-11-30 10:00:00", kRome));
  // Ending exactly at closing time returns the closing time, not the next opening.
  EXPECT_EQ(add_business(c, local("2026-11-23 09:00:00", kRome), hours{8}),
            local("2026-11-23 17:00:00", kRome));
  c.holidays = {date("2026-12-08")};
  EXPECT_EQ(add_business(c, local("2026-12-07 16:00:00", kRome), hours{2}),
            local("2026-12-09 10:00:00", kRome));
  Time t = local("2026-11-23 10:00:00", kRome);
  EXPECT_EQ(add_business(c, t, Seconds{0}), t);
  EXPECT_EQ(add_business(Calendar{}, t, hours{30}), t + hours{30});
}

TEST(IsOpen, Boundaries) {
  auto c = weekdays(kRome);
  c.holidays = {date("2026-12-08")};
  EXPECT_TRUE(is_open(c, local("2026-11-23 09:00:00", kRome)));
  EXPECT_FALSE(is_open(c, local("2026-11-23 08:59:59", kRome)));
  EXPECT_TRUE(is_open(c, local("2026-11-23 16:59:59", kRome)));
  EXPECT_FALSE(is_open(c, local("2026-11-23 17:00:00", kRome)));
  EXPECT_FALSE(is_open(c, local("2026-11-28 12:00:00", kRome)));
  EXPECT_FALSE(is_open(c, local("2026-12-08 12:00:00", kRome)));
  EXPECT_TRUE(is_open(Calendar{}, local("2026-11-28 03:00:00", kRome)));
}

Calendar property_calendar(int which) {
  if (which == 0) {
    auto c = weekdays(kRome, {{9 * H, 13 * H}, {14 * H, 18 * H}});
    c.holidays = {date("2026-03-30"), date("2026-10-26"), date("2026-12-25")};
    return c;
  }
  if (which == 1) return weekdays(kNY);
  Calendar c;  // Sunday-night hours that straddle both Rome DST changes
  c.zone = kRome;
  c.week[6] = {{1 * H, 4 * H}, {22 * H, 24 * H}};
  c.week[0] = {{0, 2 * H}};
  return c;
}

// 2026-01-01 .. 2027-01-01 in seconds from 2026-01-01T00:00Z.
const Time kYearStart = utc("2026-01-01T00:00:00Z");

RC_GTEST_PROP(AddBusinessProperty, IsTheInverseOfBusinessSeconds, ()) {
  const int which = *rc::gen::inRange(0, 3);
  const Calendar c = property_calendar(which);
  const Time t = kYearStart + Seconds{*rc::gen::inRange(0, 365 * 86400)};
  const Seconds x{*rc::gen::inRange(0, 400 * 3600)};
  const Time r = add_business(c, t, x);
  RC_ASSERT(business_seconds(c, t, r) == x);
  // And it is the earliest such instant.
  if (x > Seconds{0}) RC_ASSERT(business_seconds(c, t, r - Seconds{1}) == x - Seconds{1});
}

RC_GTEST_PROP(BusinessSecondsProperty, IsAdditiveOverASplit, ()) {
  const Calendar c = property_calendar(*rc::gen::inRange(0, 3));
  const Time a = kYearStart + Seconds{*rc::gen::inRange(0, 365 * 86400)};
  const Time b = a + Seconds{*rc::gen::inRange(0, 30 * 86400)};
  const Time m = a + (b - a) / 3;
  RC_ASSERT(business_seconds(c, a, b) == business_seconds(c, a, m) + business_seconds(c, m, b));
  RC_ASSERT(business_seconds(c, a, b) <= b - a);
}

}  // namespace
}  // namespace dp::kpi
