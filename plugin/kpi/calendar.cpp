// Business time walks the calendar one local day at a time: each day's opening
// intervals are turned into UTC instants and intersected with the span. Doing it per
// day (not per week) keeps DST and holidays exact; a year is 365 steps.
// Formulas and examples: docs/statistics.md, "Business hours".
#include "kpi/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <set>

namespace dp::kpi {
namespace {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::local_seconds;
using std::chrono::minutes;
using std::chrono::sys_days;

constexpr int kDayMin = 24 * 60;
constexpr int kMaxDays = 200 * 366;

struct Span {
  Time from, to;
};

// Sorted, clamped to the day and merged, so overlapping or reversed entries in a
// hand-written config never count the same minute twice.
std::vector<DayHours> normalized(const std::vector<DayHours>& in) {
  std::vector<DayHours> v;
  for (DayHours h : in) {
    h.start_min = std::clamp(h.start_min, 0, kDayMin);
    h.end_min = std::clamp(h.end_min, 0, kDayMin);
    if (h.start_min < h.end_min) v.push_back(h);
  }
  std::sort(v.begin(), v.end(),
            [](const DayHours& a, const DayHours& b) { return a.start_min < b.start_min; });
  std::vector<DayHours> out;
  for (const DayHours& h : v) {
    if (!out.empty() && h.start_min <= out.back().end_min)
      out.back().end_min = std::max(out.back().end_min, h.end_min);
    else
      out.push_back(h);
  }
  return out;
}

// The calendar prepared once per call: zone looked up, holidays searchable.
class Walker {
 public:
  explicit Walker(const Calendar& cal) : holidays_(cal.holidays.begin(), cal.holidays.end()) {
    try {
      tz_ = date::locate_zone(cal.zone);
    } catch (const std::exception&) {
      tz_ = date::locate_zone("UTC");  // config validates zones; never fail a KPI on it
    }
    for (int d = 0; d < 7; ++d) week_[d] = normalized(cal.week[d]);
  }

  local_days local_day(Time t) const {
    auto lt = tz_->to_local(date::sys_seconds{t.time_since_epoch()});
    return local_days{date::floor<date::days>(lt).time_since_epoch()};
  }

  // Opening intervals of local day `d`, in UTC, in increasing order.
  std::vector<Span> open_spans(local_days d) const {
    std::vector<Span> out;
    sys_days as_date{d.time_since_epoch()};
    if (holidays_.count(as_date)) return out;
    // Monday = 0, as in Calendar::week.
    unsigned wd = std::chrono::weekday{as_date}.iso_encoding() - 1;
    for (const DayHours& h : week_[wd]) {
      Time s = to_utc(d + minutes{h.start_min}, false);
      Time e = to_utc(d + minutes{h.end_min}, true);
      if (s < e) out.push_back({s, e});
    }
    return out;
  }

 private:
  // Wall time to UTC. In a DST gap the clock jumps to the gap's end. In an overlap a
  // start takes the first occurrence and an end the second, so an interval covers
  // every instant its wall-clock hours name: the elapsed time is what really passed.
  Time to_utc(local_seconds lt, bool is_end) const {
    date::local_seconds dl{lt.time_since_epoch()};
    auto info = tz_->get_info(dl);
    switch (info.result) {
      case date::local_info::unique:
        return Time{(dl - info.first.offset).time_since_epoch()};
      case date::local_info::ambiguous:
        return Time{(dl - (is_end ? info.second.offset : info.first.offset)).time_since_epoch()};
      default:
        return Time{info.second.begin.time_since_epoch()};
    }
  }

  const date::time_zone* tz_ = nullptr;
  std::set<sys_days> holidays_;
  std::vector<DayHours> week_[7];
};

}  // namespace

bool Calendar::always_open() const {
  for (const auto& day : week)
    if (!normalized(day).empty()) return false;
  return true;
}

Seconds business_seconds(const Calendar& cal, Time from, Time to) {
  if (to <= from) return Seconds{0};
  if (cal.always_open()) return to - from;
  Walker w(cal);
  Seconds total{0};
  // One day of margin each side: a day's hours may map to UTC across a date line.
  for (local_days d = w.local_day(from) - days{1}, last = w.local_day(to) + days{1}; d <= last;
       d += days{1}) {
    for (const Span& s : w.open_spans(d)) {
      Time a = std::max(s.from, from), b = std::min(s.to, to);
      if (a < b) total += b - a;
    }
  }
  return total;
}

Time add_business(const Calendar& cal, Time from, Seconds amount) {
  if (amount <= Seconds{0}) return from;
  if (cal.always_open()) return from + amount;
  Walker w(cal);
  Seconds left = amount;
  // At least one weekday has hours and holidays are finite, so this ends; the cap only
  // bounds absurd amounts (centuries of business time).
  local_days first = w.local_day(from) - days{1};
  for (local_days d = first; d < first + days{kMaxDays}; d += days{1}) {
    for (const Span& s : w.open_spans(d)) {
      Time a = std::max(s.from, from);
      if (a >= s.to) continue;
      if (left <= s.to - a) return a + left;
      left -= s.to - a;
    }
  }
  return Time::max();
}

bool is_open(const Calendar& cal, Time t) {
  return business_seconds(cal, t, t + Seconds{1}) == Seconds{1};
}

}  // namespace dp::kpi
