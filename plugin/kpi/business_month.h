// Business figures (config, per month) over a report window (docs/kpis.md, "Business
// figures"): a window covering part of a month gets that part of the month's figure,
// in proportion to time (months are cut in the report time zone).
#pragma once

#include <optional>
#include <string>

#include "kpi/options.h"
#include "kpi/row.h"

namespace dp::kpi {

struct Prorated {
  std::optional<double> value;  // nullopt when a month the window touches lacks it
  std::string reason;           // "no business figure support_cost for 2026-11"
};

using MonthField = std::optional<double> BusinessMonth::*;

// Sum of each touched month's figure x the share of that month inside the window.
Prorated prorated_sum(const Options& o, const Window& w, MonthField field, const char* name);

// Mean of each touched month's figure weighted by the time the window spends in it
// (for fractions such as gross_margin).
Prorated weighted_mean(const Options& o, const Window& w, MonthField field, const char* name);

// How many months the window covers (each touched month counts for its share).
double months_in(const Options& o, const Window& w);

}  // namespace dp::kpi
