// compute's output contract (docs/commands.md, "Output contract"): the same JSON keys on
// every row, one CSV column per value, numbers as numbers; and report::has_data_in, which
// decides whether a report period is posted.
#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "app/row_output.h"
#include "app/windows_arg.h"
#include "model/json.h"
#include "report/scope.h"

namespace dp::app {
namespace {

Time at(const char* s) {
  return *parse_rfc3339(s);
}

kpi::Row with_value() {
  kpi::Row r;
  r.kpi = "frt";
  r.window = {at("2026-11-01T23:00:00Z"), at("2026-11-08T23:00:00Z"), "2026-W45"};
  r.by = kpi::GroupBy::team;
  r.key = "=billing";
  r.value = 1830.456;
  r.stat = "median";
  r.unit = "s";
  r.basis = "business";
  r.n = 212;
  r.ci = {{1500, 2210.25}};
  r.flags = {"low_sample", "x"};
  r.definition = "first reply, in business hours";
  return r;
}

kpi::Row without_value() {
  kpi::Row r;
  r.kpi = "top_topics";
  r.window = {at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"), "2026-11-01..2026-11-02"};
  r.item = "refund, late";
  r.stat = "count";
  r.unit = "count";
  r.variant = "tags";
  r.definition = "tickets per topic";
  r.reason = "no tickets";
  return r;
}

std::string csv(const std::vector<kpi::Row>& rows, bool raw = false) {
  std::ostringstream out;
  RowWriter w(out, Format::csv, raw);
  w.write(rows);
  w.finish();
  return out.str();
}

TEST(RowContract, CsvHeaderAndCells) {
  const std::string out = csv({with_value(), without_value()});
  EXPECT_EQ(out,
            "from,to,label,kpi,variant,group,key,item,stat,basis,value,unit,n,ci_low,ci_high,"
            "flags,reason,definition\n"
            "2026-11-01T23:00:00Z,2026-11-08T23:00:00Z,2026-W45,frt,,team,\"'=billing\",,median,"
            "business,1830.46,s,212,1500,2210.25,low_sample;x,,\"first reply, in business "
            "hours\"\n"
            "2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,2026-11-01..2026-11-02,top_topics,tags,"
            "overall,,\"refund, late\",count,,,count,0,,,,no tickets,tickets per topic\n");
  // --csv-raw leaves text as it is; numbers never change.
  EXPECT_NE(csv({with_value()}, true).find(",team,=billing,"), std::string::npos);
  EXPECT_EQ(csv({}), std::string("from,to,label,kpi,variant,group,key,item,stat,basis,value,unit,"
                                 "n,ci_low,ci_high,flags,reason,definition\n"));
}

TEST(RowContract, NotFiniteIsAbsent) {
  kpi::Row r = with_value();
  r.value = std::numeric_limits<double>::infinity();
  r.reason = "division by zero";
  const std::string out = csv({r});
  EXPECT_NE(out.find(",business,,s,212,"), std::string::npos) << out;
  EXPECT_NE(out.find(",division by zero,"), std::string::npos) << out;
  auto doc = json::parse(row_to_json(r));
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE((*doc)["value"].IsNull());
  EXPECT_STREQ((*doc)["reason"].GetString(), "division by zero");
}

TEST(RowContract, JsonRowsHaveEveryKeyNullWhereAbsent) {
  for (const kpi::Row& r : {with_value(), without_value()}) {
    auto doc = json::parse(row_to_json(r));
    ASSERT_TRUE(doc.ok());
    std::vector<std::string> keys;
    for (const auto& m : doc->GetObject()) keys.push_back(m.name.GetString());
    EXPECT_EQ(keys, (std::vector<std::string>{"kpi", "window", "group", "item", "value", "stat",
                                              "unit", "basis", "n", "ci", "flags", "definition",
                                              "variant", "reason"}));
  }
  auto pa = json::parse(row_to_json(with_value()));
  ASSERT_TRUE(pa.ok());
  const auto& a = *pa;
  EXPECT_TRUE(a["item"].IsNull());
  EXPECT_TRUE(a["variant"].IsNull());
  EXPECT_TRUE(a["reason"].IsNull());
  EXPECT_DOUBLE_EQ(a["value"].GetDouble(), 1830.456);  // full precision in JSON
  EXPECT_DOUBLE_EQ(a["ci"][1].GetDouble(), 2210.25);
  EXPECT_STREQ(a["window"]["from"].GetString(), "2026-11-01T23:00:00Z");
  auto pb = json::parse(row_to_json(without_value()));
  ASSERT_TRUE(pb.ok());
  const auto& b = *pb;
  EXPECT_STREQ(b["item"].GetString(), "refund, late");
  EXPECT_TRUE(b["value"].IsNull());
  EXPECT_TRUE(b["ci"].IsNull());
  EXPECT_TRUE(b["basis"].IsNull());
  EXPECT_TRUE(b["group"]["key"].IsNull());
  EXPECT_STREQ(b["reason"].GetString(), "no tickets");
}

TEST(HasDataIn, AnyRecordInsideTheWindow) {
  using report::has_data_in;
  const kpi::Window w{at("2026-11-02T00:00:00Z"), at("2026-11-09T00:00:00Z"), "2026-W45"};
  Records r;
  EXPECT_FALSE(has_data_in(r, w));
  Ticket t;
  t.created_at = at("2026-11-01T23:59:59Z");  // the week before
  r.tickets.push_back(t);
  EXPECT_FALSE(has_data_in(r, w));
  TicketEvent e;
  e.at = at("2026-11-09T00:00:00Z");  // `to` is exclusive
  r.events.push_back(e);
  EXPECT_FALSE(has_data_in(r, w));
  Survey s;
  s.at = at("2026-11-08T23:59:59Z");
  r.surveys.push_back(s);
  EXPECT_TRUE(has_data_in(r, w));
  Records calls;
  Call c;
  c.offered_at = at("2026-11-02T00:00:00Z");
  calls.calls.push_back(c);
  EXPECT_TRUE(has_data_in(calls, w));
}

}  // namespace
}  // namespace dp::app
