// Calls that never end are dropped after kMaxCallLength, and finding them costs a
// bounded number of visits per call: counted, not timed (a queue_log with 160k open
// calls used to take 25 s because every sweep walked every open call).
#include <gtest/gtest.h>

#include "asterisk/call_assembler.h"
#include "feed.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::feed;

size_t count_with(const std::vector<Rejection>& r, const std::string& part) {
  size_t n = 0;
  for (auto& x : r) n += x.message.find(part) != std::string::npos;
  return n;
}

TEST(Sweep, ManyOpenCallsCostLinearVisits) {
  const size_t n = 200000;
  CallAssembler a({});
  // Two calls a second for 27.7 h: up to 172800 open at once, the first ones stale.
  for (size_t i = 0; i < n; ++i) {
    std::string id = "c" + std::to_string(i);
    a.feed({i + 1, "q:" + std::to_string(i + 1),
            std::to_string(test::kT0 + long(i / 2)) + "|" + id + "|q|NONE|ENTERQUEUE||1|1"});
  }
  size_t open_at_end = a.open_calls();
  a.finish();
  auto r = a.take_rejections();
  size_t stale = count_with(r, "no end within 24 h");
  size_t in_progress = a.stats().waiting_at_end;  // still waiting: pending, not rejected
  EXPECT_GT(stale, 0u);
  EXPECT_EQ(stale, r.size());
  EXPECT_EQ(in_progress, open_at_end);
  EXPECT_EQ(stale + in_progress, n);
  EXPECT_LE(a.stats().sweep_visits, 3 * n) << "the stale-call sweep is not linear";
}

TEST(Sweep, DropsExactlyAfter24Hours) {
  auto f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "86400|x|q|NONE|CONFIGRELOAD"});
  EXPECT_EQ(f.open, 1u);
  f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "86401|x|q|NONE|CONFIGRELOAD"});
  EXPECT_EQ(f.open, 0u);
  ASSERT_EQ(f.rejected.size(), 1u);
  EXPECT_EQ(f.rejected[0].where, "test:1");
}

TEST(Sweep, CallRebuiltFromConnectIsAgedFromItsRebuiltStart) {
  // No ENTERQUEUE: the call began holdtime (100 s) before its CONNECT.
  auto f = feed({"1000|a|q|SIP/1|CONNECT|100|a-b|1", "87300|x|q|NONE|CONFIGRELOAD"});
  EXPECT_EQ(f.open, 1u);
  f = feed({"1000|a|q|SIP/1|CONNECT|100|a-b|1", "87301|x|q|NONE|CONFIGRELOAD"});
  EXPECT_EQ(f.open, 0u);
}

TEST(Sweep, ACallThatEndedIsNotDroppedLater) {
  auto f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "5|a|q|NONE|ABANDON|1|1|5",
                 "10|a|q|NONE|ENTERQUEUE||1|1", "86405|x|q|NONE|CONFIGRELOAD"});
  EXPECT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.open, 1u);  // the second stay is 86395 s old: kept
  EXPECT_TRUE(f.rejected.empty());
}

}  // namespace
}  // namespace dp::asterisk
