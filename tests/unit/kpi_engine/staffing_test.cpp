// docs/kpis.md, "agents_required": the worked example.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

TEST(AgentsRequired, ErlangCForTheBusiestInterval) {
  Data d;
  // 30 calls between 09:00 and 09:30, AHT 240 s: 4 erlangs. Erlang C within 20 s:
  // 6 agents reach 75.9%, 7 reach 89.5% >= the 80% target.
  for (int i = 0; i < 30; ++i) {
    const std::string at =
        "2026-11-16T09:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z";
    d.call("c" + std::to_string(i), at.c_str(), 5, CallOutcome::answered, "a1", 200, 0, 40);
  }
  d.call("late", "2026-11-16T14:00:00Z", 5, CallOutcome::answered, "a1", 200, 0, 40);
  auto rows = d.run({GroupBy::overall}, {"agents_required"});
  EXPECT_DOUBLE_EQ(value(rows, {"agents_required"}), 7.0);
  EXPECT_EQ(find(rows, {"agents_required"})->n, 31);
}

TEST(AgentsRequired, NoCallsIsUnavailable) {
  Data d;
  auto rows = d.run({GroupBy::overall}, {"agents_required"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].value);
}

}  // namespace
}  // namespace dp::kpi::test
