#include "kpi/erlang.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dp::kpi {
namespace {

// Erlang C by the textbook sum, independent of the recursion in erlang.cpp:
// C = (A^n/n! · n/(n-A)) / (Σ_{k<n} A^k/k! + A^n/n! · n/(n-A)).
double erlang_c_direct(int n, double a) {
  double term = 1, sum = 0;  // term = A^k / k!
  for (int k = 0; k < n; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * n / (n - a);
  return top / (sum + top);
}

// 100 calls in 30 min, AHT 180 s: A = 100 · 180 / 1800 = 10 Erlangs.
TEST(ErlangC, TextbookExample) {
  EXPECT_NEAR(erlang_c(13, 10), 0.285270, 1e-6);
  EXPECT_NEAR(erlang_c(14, 10), 0.174132, 1e-6);
  for (int n = 11; n <= 20; ++n) EXPECT_NEAR(erlang_c(n, 10), erlang_c_direct(n, 10), 1e-12);
  // SL(13) = 1 - 0.285270 · e^(-3 · 20/180) = 0.795595.
  EXPECT_NEAR(erlang_c_service_level(13, 10, 180, 20), 0.795595, 1e-6);
  EXPECT_NEAR(erlang_c_service_level(14, 10, 180, 20), 0.888350, 1e-6);
  // 80% in 20 s: 13 agents reach 79.6%, 14 reach 88.8%.
  EXPECT_EQ(agents_required(100, 1800, 180, 20, 0.8), 14);
}

TEST(ErlangC, Overloaded) {
  EXPECT_DOUBLE_EQ(erlang_c(10, 10), 1.0);
  EXPECT_DOUBLE_EQ(erlang_c(5, 10), 1.0);
  EXPECT_DOUBLE_EQ(erlang_c_service_level(10, 10, 180, 20), 0.0);
  EXPECT_DOUBLE_EQ(erlang_c(3, 0), 0.0);
}

TEST(ErlangC, LargeCenterIsStable) {
  // 1000 Erlangs: the factorial form overflows, the recursion does not.
  const double c = erlang_c(1050, 1000);
  EXPECT_GT(c, 0.0);
  EXPECT_LT(c, 1.0);
  auto n = agents_required(20000, 3600, 180, 20, 0.8);  // A = 1000
  ASSERT_TRUE(n);
  EXPECT_GT(*n, 1000);
  EXPECT_LT(*n, 1100);
}

TEST(AgentsRequired, MonotoneInLoad) {
  int last = 0;
  for (int calls = 0; calls <= 600; calls += 25) {
    auto n = agents_required(calls, 1800, 180, 20, 0.8);
    ASSERT_TRUE(n) << calls;
    EXPECT_GE(*n, last) << calls;
    if (calls > 0) {
      EXPECT_GT(*n, calls * 180.0 / 1800) << calls;  // more agents than Erlangs
    }
    last = *n;
  }
  EXPECT_EQ(agents_required(0, 1800, 180, 20, 0.8), 0);
}

TEST(AgentsRequired, RejectsNonsense) {
  EXPECT_FALSE(agents_required(100, 1800, 0, 20, 0.8));
  EXPECT_FALSE(agents_required(100, 0, 180, 20, 0.8));
  EXPECT_FALSE(agents_required(-1, 1800, 180, 20, 0.8));
  EXPECT_FALSE(agents_required(100, 1800, 180, 20, 1.0));
  EXPECT_FALSE(agents_required(1e9, 1800, 180, 20, 0.8));  // beyond the 10,000 cap
}

// Expected values from an independent computation: the M/M/n+M birth-death chain
// truncated at 400 callers, with the tagged caller's race between reaching an agent and
// hanging up solved by uniformization (agrees with the closed form to 1e-14).
TEST(ErlangA, MatchesBirthDeathChain) {
  auto m = erlang_a(13, 100, 1800, 180, 20, 120);
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->p_wait, 0.193722, 1e-6);
  EXPECT_NEAR(m->p_abandon, 0.038426, 1e-6);
  EXPECT_NEAR(m->service_level, 0.888550, 1e-6);
  auto over = erlang_a(8, 100, 1800, 180, 30, 60);  // fewer agents than Erlangs
  ASSERT_TRUE(over);
  EXPECT_NEAR(over->p_wait, 0.625179, 1e-6);
  EXPECT_NEAR(over->p_abandon, 0.278353, 1e-6);
  EXPECT_NEAR(over->service_level, 0.585108, 1e-6);
  // Impatient callers (y = λ/θ = 30 > x = nμ/θ = 22.5): the other numerical branch.
  auto busy = erlang_a(30, 600, 3600, 240, 20, 180);
  ASSERT_TRUE(busy);
  EXPECT_NEAR(busy->p_wait, 0.930025, 1e-6);
  EXPECT_NEAR(busy->p_abandon, 0.254924, 1e-6);
  EXPECT_NEAR(busy->service_level, 0.172192, 1e-6);
}

TEST(ErlangA, PatientCallersGiveErlangC) {
  auto m = erlang_a(13, 100, 1800, 180, 20, 1e6);
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->p_wait, erlang_c(13, 10), 1e-4);
  EXPECT_NEAR(m->service_level, erlang_c_service_level(13, 10, 180, 20), 1e-4);
  EXPECT_LT(m->p_abandon, 1e-4);
}

TEST(ErlangA, EveryoneWaitingLongIsAnsweredOrGone) {
  // With an endless threshold, answered = 1 - abandoned.
  auto m = erlang_a(10, 100, 1800, 180, 1e6, 300);
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->service_level, 1 - m->p_abandon, 1e-9);
}

TEST(ErlangA, AgentsRequired) {
  // Abandons thin the queue: Erlang A never needs more agents than Erlang C.
  // SL(11) = 0.742, SL(12) = 0.826 (Erlang C needs 14 for the same target).
  EXPECT_EQ(agents_required_erlang_a(100, 1800, 180, 20, 0.8, 120), 12);
  for (int calls = 25; calls <= 600; calls += 25) {
    auto a = agents_required_erlang_a(calls, 1800, 180, 20, 0.8, 120);
    auto c = agents_required(calls, 1800, 180, 20, 0.8);
    ASSERT_TRUE(a && c) << calls;
    EXPECT_LE(*a, *c) << calls;
  }
  EXPECT_EQ(agents_required_erlang_a(0, 1800, 180, 20, 0.8, 120), 0);
  EXPECT_FALSE(agents_required_erlang_a(100, 1800, 180, 20, 0.8, 0));
  EXPECT_FALSE(erlang_a(0, 100, 1800, 180, 20, 120));
}

}  // namespace
}  // namespace dp::kpi
