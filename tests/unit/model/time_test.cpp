#include "model/time.h"

#include <gtest/gtest.h>

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
