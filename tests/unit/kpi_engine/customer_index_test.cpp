// CustomerIndex answers a window as customer_base() does by looking at every customer
// (its first windows so, the rest from its sorted index): random customers (churn or last
// activity before the first sighting too), any window.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "kpi/customer_base.h"

namespace dp::kpi {
namespace {

using namespace rc;

// Times on a coarse grid of a few days, so that customers and windows share instants.
Gen<Time> any_time() {
  return gen::map(gen::inRange(0, 40), [](int h) { return Time(Seconds(int64_t(h) * 7200)); });
}

template <class T>
Gen<std::optional<T>> opt(Gen<T> g) {
  return gen::oneOf(gen::just(std::optional<T>()),
                    gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); }));
}

Gen<CustomerSpan> any_customer() {
  return gen::build<CustomerSpan>(
      gen::set(&CustomerSpan::first_seen, any_time()),
      gen::set(&CustomerSpan::last_active, opt(any_time())),
      gen::set(&CustomerSpan::churned_at, opt(any_time())),
      gen::set(&CustomerSpan::revenue,
               opt(gen::map(gen::inRange(0, 1000), [](int r) { return r / 4.0; }))),
      gen::set(&CustomerSpan::referral, gen::arbitrary<bool>()));
}

RC_GTEST_PROP(CustomerIndex, EveryWindowAsByLookingAtEveryCustomer, ()) {
  const auto customers = *gen::container<std::vector<CustomerSpan>>(any_customer());
  const CustomerIndex index(customers);
  RC_ASSERT(index.empty() == customers.empty());
  for (int i = 0; i < 20; ++i) {
    Time from = *any_time(), to = *any_time();
    if (to < from) std::swap(from, to);
    const Window w{from, to, "w"};
    const CustomerBase want = customer_base(customers, w), got = index.at(w);
    RC_ASSERT(got.start == want.start);
    RC_ASSERT(got.end == want.end);
    RC_ASSERT(got.acquired == want.acquired);
    RC_ASSERT(got.churned == want.churned);
    RC_ASSERT(got.referred == want.referred);
    RC_ASSERT(got.active == want.active);
    RC_ASSERT(got.with_revenue == want.with_revenue);
    RC_ASSERT(std::abs(got.revenue - want.revenue) < 1e-6);
  }
}

}  // namespace
}  // namespace dp::kpi
