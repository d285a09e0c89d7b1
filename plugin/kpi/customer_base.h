// Counts of the customer base over a window (docs/kpis.md, "Customer base").
#pragma once

#include <optional>
#include <vector>

#include "kpi/row.h"
#include "model/records.h"

namespace dp::kpi {

// Revenue summed exactly, in millionths (a currency's smallest units and then some):
// sums and differences of many customers' revenues lose nothing.
using Micros = __int128;
Micros to_micros(double revenue);
double from_micros(Micros m);

struct CustomerBase {
  long long start = 0;     // S: customers at window start
  long long end = 0;       // E: customers at window end
  long long acquired = 0;  // N: first seen during the window
  long long churned = 0;   // of S, churned during the window
  long long referred = 0;  // of N, acquired via "referral"
  long long active = 0;    // customers during the window, active since its start
  Micros revenue = 0;      // sum of `revenue` of active customers that have one
  long long with_revenue = 0;
};

CustomerSpan span_of(const Customer& c);
// When a customer stops being active: the earlier of churn and last activity, if any.
std::optional<Time> active_until(const CustomerSpan& c);

// One window, by looking at every customer.
CustomerBase customer_base(const std::vector<CustomerSpan>& customers, const Window& w);

// The same for many windows: the first few by looking at every customer; from then on
// from sorted times and prefix sums built once, a window in O(log n) plus the customers
// who churned in it (and any whose churn or last activity comes before their first
// sighting, kept aside). Not for use from several threads at once.
class CustomerIndex {
 public:
  CustomerIndex() = default;
  explicit CustomerIndex(std::vector<CustomerSpan> customers) : spans_(std::move(customers)) {}
  bool empty() const { return spans_.empty(); }
  CustomerBase at(const Window& w) const;

 private:
  static constexpr int kPlainWindows = 4;  // a sort costs about as many plain counts
  struct Revenue {
    Time t;
    double revenue = 0;  // 0 and not counted without one
    bool with = false;
  };
  struct Sorted {
    explicit Sorted(const std::vector<CustomerSpan>& customers);
    std::vector<Time> first, referred_first, gone;  // gone: max(first seen, churned)
    std::vector<std::pair<Time, Time>> churns;      // (churned, first seen), by churn
    // Active customers: by first seen, and (ended: the earlier of churn and last
    // activity) by end, each with prefix sums of revenue and of customers having one.
    std::vector<Revenue> by_first, by_end;
    std::vector<Micros> first_revenue, end_revenue;
    std::vector<long long> first_with, end_with;
    std::vector<CustomerSpan> odd;  // ended before first seen
  };
  std::vector<CustomerSpan> spans_;
  mutable int plain_ = 0;
  mutable std::optional<Sorted> sorted_;
};

}  // namespace dp::kpi
