// Whether a figure changed beyond its normal variation (docs/statistics.md, "Changes
// and targets"): a test of this period against the previous one suited to the
// statistic, with a false-discovery control across the report's figures, and a move
// larger than the figure's own period-to-period spread over the trend periods.
// Highlights name only such changes; the "vs" columns colour only them.
#pragma once

#include <optional>
#include <vector>

#include "kpi/row.h"

namespace dp::report {

struct Change {
  bool tested = false;        // both periods have a value and what the test needs
  double p = 1;               // two-sided p-value of "no change"
  bool beyond_spread = true;  // larger than 2 sd of the trend's period-to-period moves
  bool significant = false;   // kept by Benjamini-Hochberg and beyond the spread
  const char* method = "";    // "two-proportion z", "conditional binomial", "interval z"
};

// The test of `now` against `before` (same KPI, stat and basis): rates (unit %) by a
// two-proportion z test on n; counts by the conditional binomial test (the share of
// now in now + before, against the share of its window's length); any other figure
// with a 95% interval in both periods by a z test on the intervals' widths. Nothing
// else is tested.
Change test_change(const kpi::Row& now, const kpi::Row& before);

// The conditional binomial test of two counts: given now + before events, is now's
// share different from `share` (its window's share of the two windows' length)?
double count_change_p(long long now, long long before, double share = 0.5);

// Whether |now - previous| exceeds twice the standard deviation of the period-to-period
// moves among `trend` (oldest first, the periods before the current one, gaps skipped);
// true when there are fewer than 3 moves to judge by.
bool beyond_spread(double now, double previous, const std::vector<std::optional<double>>& trend);

// Benjamini-Hochberg at `q` over the tested changes: sets `significant` on those kept
// that are also beyond their spread.
void control_false_discoveries(std::vector<Change*>& changes, double q = 0.05);

}  // namespace dp::report
