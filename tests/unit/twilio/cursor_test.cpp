#include <gtest/gtest.h>

#include "twilio/cursor.h"

namespace dp::twilio {
namespace {

TEST(TwilioCursor, RoundTrips) {
  Cursor c{*parse_rfc3339("2026-11-23T09:00:00Z"), {"CA2", "CA1"}};
  std::string text = format_cursor(c);
  EXPECT_EQ(text, "v1 2026-11-23T09:00:00Z CA1,CA2");
  auto back = parse_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->watermark, c.watermark);
  EXPECT_EQ(back->seen, c.seen);
  EXPECT_EQ(format_cursor(Cursor{c.watermark, {}}), "v1 2026-11-23T09:00:00Z");
  EXPECT_TRUE(parse_cursor("v1 2026-11-23T09:00:00Z"));
}

TEST(TwilioCursor, RejectsGarbage) {
  EXPECT_FALSE(parse_cursor(""));
  EXPECT_FALSE(parse_cursor("42"));
  EXPECT_FALSE(parse_cursor("v1 yesterday"));
  EXPECT_FALSE(parse_cursor("v1 2026-11-23T09:00:00Z CA1,,CA2"));
}

}  // namespace
}  // namespace dp::twilio
