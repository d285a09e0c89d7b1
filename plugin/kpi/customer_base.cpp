#include "kpi/customer_base.h"

namespace dp::kpi {

namespace {

// A customer at instant t: seen before it and not churned by then.
bool customer_at(const CustomerSpan& c, Time t) {
  return c.first_seen < t && (!c.churned_at || *c.churned_at >= t);
}

}  // namespace

CustomerSpan span_of(const Customer& c) {
  return {c.first_seen, c.last_active, c.churned_at, c.revenue, c.acquired_via == "referral"};
}

CustomerBase customer_base(const std::vector<CustomerSpan>& customers, const Window& w) {
  CustomerBase b;
  for (const CustomerSpan& c : customers) {
    const bool at_start = customer_at(c, w.from);
    b.start += at_start;
    b.end += customer_at(c, w.to);
    const bool fresh = c.first_seen >= w.from && c.first_seen < w.to;
    b.acquired += fresh;
    b.referred += fresh && c.referral;
    b.churned += at_start && c.churned_at && *c.churned_at < w.to;
    const bool during = c.first_seen < w.to && (!c.churned_at || *c.churned_at >= w.from);
    if (during && (!c.last_active || *c.last_active >= w.from)) {
      ++b.active;
      if (c.revenue) {
        b.revenue += *c.revenue;
        ++b.with_revenue;
      }
    }
  }
  return b;
}

}  // namespace dp::kpi
