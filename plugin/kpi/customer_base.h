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
CustomerBase customer_base(const std::vector<CustomerSpan>& customers, const Window& w);

}  // namespace dp::kpi
