// model/text.h: what is valid UTF-8, how it is repaired, and what a message may carry.
#include "model/text.h"

#include <gtest/gtest.h>

#include "model/json.h"
#include "model/result.h"

namespace dp {
namespace {

TEST(Utf8, WellFormedSequencesOnly) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ASCII"));
  EXPECT_TRUE(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_TRUE(valid_utf8(std::string_view("a\0b", 3)));                  // NUL is UTF-8
  EXPECT_EQ(first_invalid_utf8("caf\xE9"), 3u);                          // Latin-1 é
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);                         // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xE0\x80\xAF"), 0u);                     // overlong, 3 bytes
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);                    // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);                 // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ab\xE2\x82"), 2u);                       // cut short
  EXPECT_EQ(first_invalid_utf8("\x80"), 0u);                             // lone continuation
  EXPECT_EQ(first_invalid_utf8("\xFF"), 0u);
}

TEST(Utf8, RepairReplacesEachBadByteAndCountsIt) {
  size_t n = 0;
  EXPECT_EQ(repair_utf8("caf\xE9!", &n), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(n, 1u);
  n = 0;
  EXPECT_EQ(repair_utf8("\xC0\xAF\xC3\xA9", &n), "\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
  EXPECT_EQ(n, 2u);
  EXPECT_TRUE(valid_utf8(repair_utf8("\xFF\xFE\xED\xA0\x80")));
}

TEST(Printable, ControlAndNonUtf8BytesAreShownAsHex) {
  EXPECT_EQ(printable("ok caf\xC3\xA9"), "ok caf\xC3\xA9");
  EXPECT_EQ(printable("\x1b[31mred\r\nforged: line"), "\\x1b[31mred\\x0d\\x0aforged: line");
  EXPECT_EQ(printable("del\x7f"), "del\\x7f");
  EXPECT_EQ(printable("csi\xC2\x9B"), "csi\\xc2\\x9b");  // C1 control, 8-bit CSI
  EXPECT_EQ(printable("caf\xE9"), "caf\\xe9");
  EXPECT_EQ(printable(printable("\x1b\\x1b")), printable("\x1b\\x1b"));
}

TEST(Printable, ErrorMessagesCarryNoControlBytes) {
  Error e = make_error("bad value '\x1b]0;owned\x07'", "calls.ndjson:3");
  EXPECT_EQ(e.str(), "calls.ndjson:3: bad value '\\x1b]0;owned\\x07'");
}

TEST(Utf8, JsonOutputIsValidUtf8AndJsonInputMustBe) {
  json::Writer w;
  w.obj_begin();
  w.field("caf\xE9", "x\xFFy");
  w.obj_end();
  EXPECT_EQ(w.str(), "{\"caf\xEF\xBF\xBD\":\"x\xEF\xBF\xBDy\"}");
  EXPECT_TRUE(json::parse(w.str()).ok());
  auto bad = json::parse("{\"a\":\"caf\xE9\"}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("Invalid encoding"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace dp
