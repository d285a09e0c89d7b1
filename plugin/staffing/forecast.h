// Forecast of arrivals per interval of a coming week from the weeks before it
// (docs/staffing.md, "Forecast"): a weekday × time-of-day profile of the last N weeks,
// scaled by a linear trend of the weekly totals, with its error measured on held-back
// weeks. Pure: instants in, numbers out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpi/row.h"
#include "model/time.h"

namespace dp::staffing {

// One interval of a week: [start, start + length), on local interval edges of the zone.
// `key` says which profile cell it reads: local weekday (0 = Monday) × minute of the day.
// A day that loses an hour to DST has fewer intervals; one that repeats an hour has the
// repeated intervals twice, with the same key.
struct Slot {
  Time start{};
  Seconds length{0};
  int weekday = 0;
  int minute = 0;  // local minute of the day the interval starts at
  int key() const { return weekday * 1440 + minute; }
};

// The intervals of [from, to): `interval` steps from `from` (a local midnight), or with a
// one-day interval, the local days (23 or 25 hours on DST days). An unknown zone reads as UTC.
std::vector<Slot> week_slots(Time from, Time to, Seconds interval, const std::string& zone);

struct ForecastOptions {
  std::string zone = "UTC";
  Seconds interval{1800};
  int weeks = 8;            // history weeks looked at (fewer when the data has fewer)
  int trend_min_weeks = 3;  // whole weeks needed to fit a trend; fewer: no trend
  int backtest_weeks = 4;   // held-back weeks the error is measured on
};

// What the forecast did with one history week, newest first.
struct WeekUse {
  kpi::Window week;
  long long arrivals = 0;
  // "whole" (profile and trend), "part" (the data covers only part of it: the covered
  // days feed the profile, not the trend) or "gap" (no arrivals: left out, a gap in the data).
  std::string use;
};

struct Forecast {
  std::vector<Slot> slots;                   // of the target week
  std::vector<std::optional<double>> value;  // per slot; nullopt: never observed (see reason)
  std::vector<WeekUse> weeks;
  int weeks_used = 0;          // weeks that fed the profile
  double trend = 1;            // factor applied to the profile (1: no trend fitted)
  bool trended = false;        // a trend was fitted
  std::optional<double> wape;  // Σ|actual − forecast| / Σ actual over held-back weeks' slots
  int backtest_weeks = 0;      // how many held-back weeks `wape` is measured on
  std::string reason;          // why there is no forecast at all ("" when there is one)
};

// `arrivals`: the instants to forecast (any order). [covered_from, covered_to): the span
// the data covers (whole local days); weeks and intervals outside it are not evidence of
// zero arrivals. Only weeks before `target` are read.
Forecast forecast(std::vector<Time> arrivals, Time covered_from, Time covered_to,
                  const kpi::Window& target, const ForecastOptions& options);

// The WAPE of `forecast` against `actual` (same length), over slots with a forecast;
// nullopt when the actual total is 0.
std::optional<double> wape(const std::vector<std::optional<double>>& forecast,
                           const std::vector<double>& actual);

// Arrivals of `arrivals` (sorted) in each slot.
std::vector<double> counts_per_slot(const std::vector<Time>& sorted_arrivals,
                                    const std::vector<Slot>& slots);

// Local midnight on or before `t`, and the one after it: the covered span of data whose
// first and last records are at `first` and `last`.
Time day_start(Time t, const std::string& zone);
Time next_day_start(Time t, const std::string& zone);

}  // namespace dp::staffing
