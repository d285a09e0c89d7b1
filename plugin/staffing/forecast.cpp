// docs/staffing.md, "Forecast": weekday × time-of-day profile of the last N weeks, scaled
// by a trend fitted to whole weeks' totals; its error on held-back weeks.
#include "staffing/forecast.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "kpi/windows.h"

namespace dp::staffing {
namespace {

using namespace std::chrono;

std::string zone_or_utc(const std::string& zone) {
  return is_valid_zone(zone) ? zone : "UTC";
}

local_seconds local_of(Time t, const std::string& zone) {
  return utc_to_local(t, zone).value_or(local_seconds{t.time_since_epoch()});
}

Time utc_of(local_seconds lt, const std::string& zone) {
  return local_to_utc(lt, zone).value_or(Time{lt.time_since_epoch()});
}

Slot slot_at(Time start, Time end, const std::string& zone) {
  const local_seconds lt = local_of(start, zone);
  const local_days day = floor<days>(lt);
  Slot s;
  s.start = start;
  s.length = end - start;
  s.weekday = int(weekday{day}.iso_encoding()) - 1;
  s.minute = int(duration_cast<minutes>(lt - day).count());
  return s;
}

// Per profile key: arrivals and how many times the interval was observed.
struct Cell {
  double arrivals = 0;
  int seen = 0;
};

// Least squares line through (x, y), evaluated at x = 0.
double line_at_zero(const std::vector<std::pair<double, double>>& xy) {
  double mx = 0, my = 0;
  for (auto [x, y] : xy) mx += x, my += y;
  mx /= double(xy.size());
  my /= double(xy.size());
  double sxy = 0, sxx = 0;
  for (auto [x, y] : xy) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
  const double slope = sxx > 0 ? sxy / sxx : 0;
  return my - slope * mx;
}

// The profile and trend from the weeks before `target`, without the backtest.
Forecast forecast_only(const std::vector<Time>& sorted, Time covered_from, Time covered_to,
                       const kpi::Window& target, const ForecastOptions& o) {
  const std::string zone = zone_or_utc(o.zone);
  Forecast f;
  f.slots = week_slots(target.from, target.to, o.interval, zone);
  f.value.assign(f.slots.size(), std::nullopt);
  std::map<int, Cell> cells;
  std::vector<std::pair<double, double>> totals;  // (−weeks back, arrivals) of whole weeks
  kpi::Window w = target;
  for (int back = 1; back <= std::clamp(o.weeks, 1, 520); ++back) {
    w = kpi::previous(w, zone);
    if (w.to <= covered_from) break;
    if (w.from >= covered_to) continue;
    WeekUse use{w, 0, ""};
    const auto slots = week_slots(w.from, w.to, o.interval, zone);
    const auto counts = counts_per_slot(sorted, slots);
    for (double c : counts) use.arrivals += (long long)c;
    const bool whole = covered_from <= w.from && w.to <= covered_to;
    use.use = use.arrivals == 0 ? "gap" : whole ? "whole" : "part";
    f.weeks.push_back(use);
    if (use.arrivals == 0) continue;
    ++f.weeks_used;
    if (whole) totals.emplace_back(-back, double(use.arrivals));
    for (size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].start < covered_from || slots[i].start + slots[i].length > covered_to) continue;
      Cell& c = cells[slots[i].key()];
      c.arrivals += counts[i];
      ++c.seen;
    }
  }
  if (f.weeks_used == 0) {
    f.reason = f.weeks.empty() ? "no data before the week" : "no arrivals in the history weeks";
    return f;
  }
  // The trend scales the profile (the mean week) to the week the line predicts, within
  // ×0.5..×1.5: a line through a few weeks must not run away.
  if (int(totals.size()) >= std::max(2, o.trend_min_weeks)) {
    double mean = 0;
    for (auto [_, y] : totals) mean += y;
    mean /= double(totals.size());
    if (mean > 0) {
      f.trend = std::clamp(std::max(0.0, line_at_zero(totals)) / mean, 0.5, 1.5);
      f.trended = true;
    }
  }
  for (size_t i = 0; i < f.slots.size(); ++i) {
    auto it = cells.find(f.slots[i].key());
    if (it == cells.end() || it->second.seen == 0) continue;
    f.value[i] = it->second.arrivals / it->second.seen * f.trend;
  }
  return f;
}

}  // namespace

std::vector<Slot> week_slots(Time from, Time to, Seconds interval, const std::string& zone) {
  const std::string z = zone_or_utc(zone);
  std::vector<Slot> out;
  if (to <= from || interval <= Seconds{0}) return out;
  if (interval >= days{1}) {
    for (Time t = from; t < to && out.size() < 100000;) {
      const Time next = std::min(to, next_day_start(t, z));
      out.push_back(slot_at(t, next, z));
      t = next;
    }
    return out;
  }
  for (Time t = from; t < to && out.size() < 1'000'000; t += interval)
    out.push_back(slot_at(t, std::min(to, t + interval), z));
  return out;
}

std::vector<double> counts_per_slot(const std::vector<Time>& sorted_arrivals,
                                    const std::vector<Slot>& slots) {
  std::vector<double> out;
  out.reserve(slots.size());
  for (const Slot& s : slots) {
    auto lo = std::lower_bound(sorted_arrivals.begin(), sorted_arrivals.end(), s.start);
    auto hi = std::lower_bound(lo, sorted_arrivals.end(), s.start + s.length);
    out.push_back(double(hi - lo));
  }
  return out;
}

std::optional<double> wape(const std::vector<std::optional<double>>& forecast,
                           const std::vector<double>& actual) {
  double err = 0, total = 0;
  for (size_t i = 0; i < forecast.size() && i < actual.size(); ++i) {
    if (!forecast[i]) continue;
    err += std::abs(actual[i] - *forecast[i]);
    total += actual[i];
  }
  if (!(total > 0)) return std::nullopt;
  return err / total;
}

Time day_start(Time t, const std::string& zone) {
  const std::string z = zone_or_utc(zone);
  return utc_of(floor<days>(local_of(t, z)), z);
}

Time next_day_start(Time t, const std::string& zone) {
  const std::string z = zone_or_utc(zone);
  return utc_of(floor<days>(local_of(t, z)) + days{1}, z);
}

Forecast forecast(std::vector<Time> arrivals, Time covered_from, Time covered_to,
                  const kpi::Window& target, const ForecastOptions& o) {
  std::sort(arrivals.begin(), arrivals.end());
  Forecast f = forecast_only(arrivals, covered_from, covered_to, target, o);
  // Rolling origin: each of the newest whole weeks is forecast from the weeks before it
  // only, as the target week is, and compared with what came.
  std::vector<std::optional<double>> predicted;
  std::vector<double> actual;
  for (const WeekUse& held : f.weeks) {
    if (f.backtest_weeks >= o.backtest_weeks) break;
    if (held.use != "whole") continue;
    Forecast back = forecast_only(arrivals, covered_from, covered_to, held.week, o);
    if (back.weeks_used == 0) continue;
    const auto counts = counts_per_slot(arrivals, back.slots);
    predicted.insert(predicted.end(), back.value.begin(), back.value.end());
    actual.insert(actual.end(), counts.begin(), counts.end());
    ++f.backtest_weeks;
  }
  f.wape = wape(predicted, actual);
  if (!f.wape) f.backtest_weeks = 0;
  return f;
}

}  // namespace dp::staffing
