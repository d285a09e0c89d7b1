#include "model/time.h"

#include <gtest/gtest.h>

#include <date/date.h>

#include <limits>

using namespace dp;
using namespace std::chrono;

TEST(Time, ParsesUtcAndOffsets) {
  auto a = parse_rfc3339("2026-11-23T08:00:00Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(format_rfc3339(*a), "2026-11-23T08:00:00Z");
  auto b = parse_rfc3339("2026-11-23T09:30:00+01:30");
  ASSERT_TRUE(b);
  EXPECT_EQ(format_rfc3339(*b), "2026-11-23T08:00:00Z");
  auto c = parse_rfc3339("2026-11-23 08:00:00.123");
  ASSERT_TRUE(c);
  EXPECT_EQ(*a, *c);
}

TEST(Time, RejectsMalformed) {
  for (const char* s : {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-23T25:00:00Z",
                        "2026-11-23", "2026-11-23T08:00:00+0100", "2026-11-23T08:00:00Zjunk"})
    EXPECT_FALSE(parse_rfc3339(s)) << s;
}

TEST(Time, ZonesAndDst) {
  EXPECT_TRUE(is_valid_zone("Europe/Rome"));
  EXPECT_FALSE(is_valid_zone("Mars/Olympus"));
  // 2026-03-29 02:30 does not exist in Rome (clocks jump 02:00 -> 03:00).
  local_seconds gap = local_days{2026y / March / 29} + hours{2} + minutes{30};
  auto t = local_to_utc(gap, "Europe/Rome");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-03-29T01:00:00Z");
  auto back = utc_to_local(*parse_rfc3339("2026-07-01T10:00:00Z"), "Europe/Rome");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, local_days{2026y / July / 1} + hours{12});
}

// Issue 22: the last accepted second and a leap second on it. A leap second is folded
// onto the second before it (sys_time has no leap seconds), so it never rolls a
// stored time into the next day, month or year.
TEST(Time, LeapSecondIsFoldedOntoTheSecondBefore) {
  auto t = parse_rfc3339("9999-12-31T23:59:60Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "9999-12-31T23:59:59Z");
  auto u = parse_rfc3339("2016-12-31T23:59:60Z");
  ASSERT_TRUE(u);
  EXPECT_EQ(format_rfc3339(*u), "2016-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
}

// What parse_rfc3339 returns, format_rfc3339 writes back: no time past 9999-12-31
// (or before year 0) even through an offset.
TEST(Time, RejectsInstantsOutsideFourDigitYears) {
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59-00:01"));
  EXPECT_FALSE(parse_rfc3339("0000-01-01T00:00:00+00:01"));
  EXPECT_TRUE(parse_rfc3339("9999-12-31T23:59:59+00:01"));
  EXPECT_TRUE(parse_rfc3339("1970-01-01T00:00:00Z"));
}

// Formatting never overflows and always writes a four-digit year: instants and dates
// outside 0000..9999 are clamped to the nearest end.
TEST(Time, FormatClampsToFourDigitYears) {
  EXPECT_EQ(format_rfc3339(Time::max()), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(Time::min()), "0000-01-01T00:00:00Z");
  EXPECT_EQ(format_date(sys_days{year{9999} / December / 31} + days{2}), "9999-12-31");
  EXPECT_EQ(format_date(sys_days::max()), "9999-12-31");
  EXPECT_EQ(format_date(sys_days::min()), "0000-01-01");
  EXPECT_EQ(format_date(sys_days{year{1970} / January / 1}), "1970-01-01");
}

TEST(Time, ZoneConversionAtTheEndsDoesNotOverflow) {
  auto a = utc_to_local(Time::max(), "Pacific/Kiritimati");
  ASSERT_TRUE(a);
  EXPECT_GT(*a, local_days{year{9999} / December / 31});
  auto b = local_to_utc(local_seconds::min(), "America/Adak");
  ASSERT_TRUE(b);
  EXPECT_LT(*b, sys_days{year{1970} / January / 1});
  auto c = utc_to_local(*parse_rfc3339("9999-12-31T23:59:59Z"), "Pacific/Kiritimati");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, local_days{year{10000} / January / 1} + hours{13} + minutes{59} + seconds{59});
}

TEST(Time, SaturatingSums) {
  constexpr long long kMax = std::numeric_limits<long long>::max();
  constexpr long long kMin = std::numeric_limits<long long>::min();
  EXPECT_EQ(add_sat(2LL, 3LL), 5);
  EXPECT_EQ(add_sat(kMax, 1LL), kMax);
  EXPECT_EQ(add_sat(kMin, -1LL), kMin);
  EXPECT_EQ(sub_sat(kMin, 1LL), kMin);
  EXPECT_EQ(sub_sat(0LL, kMin), kMax);
  EXPECT_EQ(sub_sat(7LL, 2LL), 5);
  EXPECT_EQ(add_sat(Seconds{kMax - 1}, Seconds{5}), Seconds::max());
  EXPECT_EQ(add_sat(Seconds{4}, Seconds{5}), Seconds{9});
}

// format_rfc3339 writes by hand what date::format writes, over the whole writable range:
// every day's start and end of four centuries around now, and seeded instants.
TEST(Time, FormatRfc3339EqualsDateFormat) {
  auto reference = [](Time t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); };
  for (long long d = -146097 * 2; d < 146097 * 2; d += 7)
    for (long long s : {0LL, 1LL, 3599LL, 43210LL, 86399LL}) {
      const Time t{Seconds{d * 86400 + s}};
      ASSERT_EQ(format_rfc3339(t), reference(t)) << d << " " << s;
    }
  uint64_t x = 88172645463325252ull;  // xorshift64: deterministic instants in range
  const long long lo = kFirstWritable.time_since_epoch().count();
  const long long span = kLastWritable.time_since_epoch().count() - lo + 1;
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const Time t{Seconds{lo + (long long)(x % uint64_t(span))}};
    ASSERT_EQ(format_rfc3339(t), reference(t));
  }
  EXPECT_EQ(format_rfc3339(kFirstWritable), "0000-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(kLastWritable), "9999-12-31T23:59:59Z");
}
