// Issue 22: the engine at the ends of what the readers accept (times in years
// 1970..9999, durations of 0..10 years, many of them summed) gives no negative or
// absurd figure and throws nothing; beyond those ends sums saturate instead of
// overflowing. Meant to be run under -fsanitize=undefined as well: it must be clean.
#include <cmath>
#include <limits>

#include "fixtures.h"

namespace dp::kpi::test {
namespace {

constexpr Seconds kTenYears{10LL * 366 * 86400};
constexpr const char* kFirst = "1970-01-01T00:00:00Z";
constexpr const char* kLast = "9999-12-31T23:59:59Z";

Window everything() {
  return {T(kFirst), T(kLast) + Seconds{1}, "1970-01-01..10000-01-01"};
}
Window last_day() {
  return {T("9999-12-31T00:00:00Z"), T(kLast) + Seconds{1}, "9999-12-31"};
}

// Tickets, calls, sessions, surveys and customers at both ends, every duration 10 years.
Data at_the_bounds(Seconds duration, int copies) {
  Data d;
  d.agent("a1", "t1");
  d.agent("a2", "t2");
  d.agent("a3", "t2");
  d.agent("a4", "t1");
  d.ctx.options.targets.frt = Seconds{3600};
  d.ctx.options.targets.resolution = Seconds{86400};
  for (int i = 0; i < copies; ++i) {
    const std::string id = "t" + std::to_string(i);
    const char* created = i % 2 ? kFirst : kLast;
    d.ticket(id, created, "cust" + std::to_string(i % 3), "a1");
    d.reply(id, kLast, i % 2 ? "a1" : "a2");
    for (int k = 0; k < 20; ++k)
      d.event(id, kLast, EventType::internal_note, "a1", false).time_spent = duration;
    d.event(id, kFirst, EventType::internal_note, "a2", false).time_spent = duration;
    d.status(id, kLast, "resolved");
    d.customer(id, kLast);
    for (const char* at : {kFirst, kLast}) {
      Call& c = d.call("c" + std::to_string(i) + at, at, 0, CallOutcome::answered, "a1");
      c.wait = c.talk = c.hold = c.wrap = duration;
      c.answered_at = c.offered_at;
      Call& a = d.call("x" + std::to_string(i) + at, at, 0, CallOutcome::abandoned);
      a.wait = duration;
    }
    // Two sessions of 10 years (1 year paused) per copy, one at each end, over four
    // agents: every agent's logged-in time stays exact in nanoseconds, the sum does not.
    const std::string agent = "a" + std::to_string(1 + i % 4);
    const Time first = T(kFirst) + i * kTenYears, last = T(kLast) - i * kTenYears;
    d.r.sessions.push_back({"s" + id, agent, "", first, first + kTenYears, duration / 10});
    d.r.sessions.push_back({"e" + id, agent, "", last - kTenYears, last, duration / 10});
    d.survey(SurveyKind::csat, 5, 1, 5, i % 2 ? kFirst : kLast).agent = "a1";
    d.survey(SurveyKind::nps, 10, 0, 10, kLast);
    Customer cu;
    cu.id = "cust" + std::to_string(i);
    cu.first_seen = T(kFirst);
    cu.last_active = T(kLast);
    cu.revenue = 1e6;
    d.r.customers.push_back(cu);
  }
  return d;
}

std::vector<Row> run_all(const Data& d) {
  Request req;
  req.windows = {everything(), last_day()};
  req.groupings = {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue,
                   GroupBy::channel};
  return compute(d.r, d.ctx, req);
}

std::string describe(const Row& r) {
  return r.kpi + "/" + r.stat + "/" + r.variant.value_or("") + "/" + r.basis.value_or("") +
         " key=" + r.key + " window=" + r.window.label;
}

// Figures a user could read: finite, never negative, below `cap`.
void expect_sane(const std::vector<Row>& rows, double cap) {
  ASSERT_FALSE(rows.empty());
  for (const Row& r : rows) {
    EXPECT_GE(r.n, 0) << describe(r);
    if (!r.value) continue;
    EXPECT_TRUE(std::isfinite(*r.value)) << describe(r);
    EXPECT_GE(*r.value, r.kpi == "nps" ? -100 : 0) << describe(r) << " = " << *r.value;
    EXPECT_LE(*r.value, cap) << describe(r) << " = " << *r.value;
  }
}

const Row* row(const std::vector<Row>& rows, const std::string& kpi, const std::string& window) {
  for (const Row& r : rows)
    if (r.kpi == kpi && r.key.empty() && r.window.label == window && !r.variant) return &r;
  return nullptr;
}

TEST(Overflow, AcceptedBoundsGiveSaneFigures) {
  const Data d = at_the_bounds(kTenYears, 40);
  std::vector<Row> rows;
  ASSERT_NO_THROW(rows = run_all(d));
  // The longest figures are times across the whole span (~2.5e11 s); counts,
  // percentages and money are far below 1e12.
  expect_sane(rows, 1e12);

  const std::string all = everything().label;
  const Row* occ = row(rows, "occupancy", all);
  ASSERT_TRUE(occ);
  ASSERT_TRUE(occ->value) << occ->reason;
  // 80 answered calls of 3 x 10 years over 80 sessions of 10 years less 1 year
  // paused (720 years logged in, more than 2^63 ns): 3 x 10 / 9 = 333 %.
  EXPECT_NEAR(*occ->value, 100.0 * 3 * 10 / 9, 1e-9);
  const Row* handle = row(rows, "ticket_handle_time", all);
  ASSERT_TRUE(handle && handle->value) << (handle ? handle->reason : "no row");
  EXPECT_DOUBLE_EQ(*handle->value, 21.0 * double(kTenYears.count()));
  const Row* resolution = row(rows, "resolution_time", all);
  ASSERT_TRUE(resolution && resolution->value);
  EXPECT_GT(*resolution->value, 0);
}

// Past the accepted ends (a reader that let garbage through): sums stop at the
// largest value instead of wrapping into negative figures, and nothing throws.
TEST(Overflow, SumsBeyondTheBoundsSaturate) {
  // Three of these fit in a long long: one call's handle time (talk + hold + wrap)
  // does, two calls' or a ticket's 21 notes' do not. One copy: the sums over tickets
  // are kpi/sample.h's, which do not saturate.
  const Seconds huge{std::numeric_limits<long long>::max() / 4};
  Data d = at_the_bounds(huge, 1);
  // A session longer than the readers accept: ~8000 years, more than 2^63 ns.
  d.r.sessions.push_back({"long", "a1", "", T(kFirst), T(kLast), Seconds{0}});
  std::vector<Row> rows;
  ASSERT_NO_THROW(rows = run_all(d));
  expect_sane(rows, std::numeric_limits<double>::max());
  const Row* handle = row(rows, "ticket_handle_time", everything().label);
  ASSERT_TRUE(handle && handle->value) << (handle ? handle->reason : "no row");
  EXPECT_GT(*handle->value, 0);
}

}  // namespace
}  // namespace dp::kpi::test
