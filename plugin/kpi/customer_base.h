// Counts of the customer base over a window (docs/kpis.md, "Customer base").
#pragma once

#include "kpi/row.h"
#include "model/records.h"

namespace dp::kpi {

struct CustomerBase {
  long long start = 0;     // S: customers at window start
  long long end = 0;       // E: customers at window end
  long long acquired = 0;  // N: first seen during the window
  long long churned = 0;   // of S, churned during the window
  long long referred = 0;  // of N, acquired via "referral"
  long long active = 0;    // customers during the window, active since its start
  double revenue = 0;      // sum of `revenue` of active customers that have one
  long long with_revenue = 0;
};

CustomerSpan span_of(const Customer& c);
// One window, by looking at every customer.
CustomerBase customer_base(const std::vector<CustomerSpan>& customers, const Window& w);

// The same for many windows: sorted times and prefix sums built once, then a window in
// O(log n) plus the customers who churned in it (and any whose churn or last activity
// comes before their first sighting, kept aside).
class CustomerIndex {
 public:
  CustomerIndex() = default;
  explicit CustomerIndex(const std::vector<CustomerSpan>& customers);
  bool empty() const { return count_ == 0; }
  CustomerBase at(const Window& w) const;

 private:
  struct Revenue {
    Time t;
    double revenue = 0;  // 0 and not counted without one
    bool with = false;
  };
  size_t count_ = 0;
  std::vector<Time> first_, referred_first_, gone_;  // gone: max(first seen, churned)
  std::vector<std::pair<Time, Time>> churns_;        // (churned, first seen), by churn
  // Active customers: by first seen, and (ended: the earlier of churn and last
  // activity) by end, each with prefix sums of revenue and of customers having one.
  std::vector<Revenue> by_first_, by_end_;
  std::vector<double> first_revenue_, end_revenue_;
  std::vector<long long> first_with_, end_with_;
  std::vector<CustomerSpan> odd_;  // ended before first seen
};

}  // namespace dp::kpi
