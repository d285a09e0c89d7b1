// Integer fields out of range: epochs outside 1970..9999, durations below 0 or above
// 10 years, INT64_MAX anywhere. Each is rejected with its field named; none reaches
// the arithmetic (UBSan found signed overflow there with INT64_MAX epochs).
#include <gtest/gtest.h>

#include "asterisk/cdr.h"
#include "asterisk/cdr_merge.h"
#include "asterisk/queue_log_event.h"
#include "asterisk/text.h"
#include "feed.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::at;
using test::feed;

const std::string kMax = "9223372036854775807";

bool rejected_field(const std::vector<Rejection>& r, const std::string& field) {
  for (auto& x : r)
    if (x.field == field) return true;
  return false;
}

TEST(Ranges, TimestampsOutsideYears1970To9999) {
  EXPECT_TRUE(parse_timestamp("0", "UTC"));
  EXPECT_TRUE(parse_timestamp("253402300799", "UTC"));  // 9999-12-31 23:59:59
  EXPECT_FALSE(parse_timestamp("253402300800", "UTC"));
  EXPECT_FALSE(parse_timestamp("-1", "UTC"));
  EXPECT_FALSE(parse_timestamp(kMax, "UTC"));
  EXPECT_FALSE(parse_timestamp("-9223372036854775808", "UTC"));
  EXPECT_FALSE(parse_timestamp("1969-12-31 23:59:59", "UTC"));
  EXPECT_TRUE(parse_timestamp("9999-12-31 23:59:59", "UTC"));
}

TEST(Ranges, QueueLogTimeOutOfRangeIsRejectedAsTime) {
  CallAssembler a({});
  a.feed({1, "q:1", kMax + "|c|q|NONE|ENTERQUEUE||1|1"});
  a.feed({2, "q:2", "-9223372036854775807|c|q|NONE|ABANDON|1|1|5"});
  auto r = a.take_rejections();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].field, "time");
  EXPECT_EQ(r[1].field, "time");
  EXPECT_TRUE(a.take_records().calls.empty());
}

TEST(Ranges, DurationsParsedWithinTenYears) {
  EXPECT_EQ(parse_duration_arg("0"), Seconds{0});
  EXPECT_EQ(parse_duration_arg("315576000"), Seconds{315576000});  // 10 years of 365.25 days
  EXPECT_FALSE(parse_duration_arg("315576001"));
  EXPECT_FALSE(parse_duration_arg("-1"));
  EXPECT_FALSE(parse_duration_arg(kMax));
  EXPECT_FALSE(parse_duration_arg("12x"));
}

TEST(Ranges, HugeHoldAndTalkTimesAreRejectedAndTakenFromTheTimestamps) {
  auto f = feed({"0|c|q|NONE|ENTERQUEUE||1|1", "9|c|q|SIP/1|CONNECT|" + kMax + "|c-b|1",
                 "69|c|q|SIP/1|COMPLETECALLER|" + kMax + "|" + kMax + "|1"});
  ASSERT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.records.calls[0].wait, Seconds{9});
  EXPECT_EQ(f.records.calls[0].talk, Seconds{60});
  EXPECT_TRUE(rejected_field(f.rejected, "data1"));
  EXPECT_TRUE(rejected_field(f.rejected, "data2"));
}

TEST(Ranges, HugeValuesOnCallsWithoutEnterqueue) {
  // The durations rebuild offered_at here: INT64_MAX used to overflow.
  auto f = feed({"9|c|q|SIP/1|CONNECT|" + kMax + "|c-b|1",
                 "69|c|q|SIP/1|COMPLETECALLER|" + kMax + "|" + kMax + "|1",
                 "70|d|q|SIP/1|COMPLETEAGENT|" + kMax + "|" + kMax + "|1",
                 "80|e|q|NONE|ABANDON|1|1|" + kMax, "90|f|q|SIP/1|RINGNOANSWER|" + kMax});
  EXPECT_EQ(f.records.calls.size(), 3u);
  for (auto& c : f.records.calls) {
    EXPECT_GE(c.offered_at, at(0)) << c.id;
    EXPECT_LE(c.offered_at, at(80)) << c.id;
  }
  EXPECT_TRUE(rejected_field(f.rejected, "data3"));
  size_t ring = 0;
  for (auto& r : f.rejected) ring += r.where == "test:5" && r.field == "data1";
  EXPECT_EQ(ring, 1u);
}

TEST(Ranges, LogoffWithHugeLoggedTimeIsRejected) {
  auto f = feed({"100|NONE|NONE|Agent/1|AGENTLOGOFF|SIP/1|" + kMax}, {}, true);
  EXPECT_TRUE(f.records.sessions.empty());
  EXPECT_TRUE(rejected_field(f.rejected, "data2"));
}

const std::string kCdrHead =
    R"("","0611","100","support","","SIP/t-01","SIP/1001-02","Dial","SIP/1001",)";

TEST(Ranges, CdrDurationsAndDatesOutOfRangeNameTheColumn) {
  auto dur = parse_cdr_line(kCdrHead + R"("2026-11-23 08:00:00","","2026-11-23 08:01:05",)" + kMax +
                                R"(,0,"NO ANSWER","")",
                            "UTC");
  ASSERT_FALSE(dur.ok());
  EXPECT_EQ(dur.error().where, "duration");
  auto bill = parse_cdr_line(
      kCdrHead + R"("2026-11-23 08:00:00","","2026-11-23 08:01:05",5,-1,"NO ANSWER","")", "UTC");
  ASSERT_FALSE(bill.ok());
  EXPECT_EQ(bill.error().where, "billsec");
  auto start = parse_cdr_line(
      kCdrHead + "\"" + kMax + R"(","","2026-11-23 08:01:05",5,0,"NO ANSWER","")", "UTC");
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().where, "start");
}

TEST(Ranges, CdrMergerReportsTheField) {
  CdrMerger m({});
  m.feed({"Master.csv:1", kCdrHead + R"("2026-11-23 08:00:00","","2026-11-23 08:01:05",)" + kMax +
                              R"(,)" + kMax + R"(,"ANSWERED","")"});
  m.finish();
  EXPECT_TRUE(m.take_calls().empty());
  auto r = m.take_rejections();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].field, "duration");
}

}  // namespace
}  // namespace dp::asterisk
