// Local day numbers in one zone (days since 1970-01-01 in the report time zone), the
// partials' unit of time (kpi/partials.h). Pure: no I/O.
#pragma once

#include <date/tz.h>

#include <limits>
#include <string>

#include "model/records.h"

namespace dp::kpi {

using Day = int32_t;

inline constexpr long long kDaySeconds = 86400;

inline long long floor_div(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Day numbers in one zone, with the zone's current offset cached (it changes
// twice a year at most).
class LocalDays {
 public:
  explicit LocalDays(const std::string& zone) {
    try {
      tz_ = date::locate_zone(zone);
    } catch (const std::exception&) {
      tz_ = nullptr;  // UTC
    }
  }

  long long offset(Time t) {
    if (!tz_) return 0;
    const date::sys_seconds s{t.time_since_epoch()};
    if (!(s >= begin_ && s < end_)) {
      const auto info = tz_->get_info(s);
      begin_ = info.begin;
      end_ = info.end;
      offset_ = info.offset.count();
    }
    return offset_;
  }
  Day day(Time t) { return Day(floor_div(t.time_since_epoch().count() + offset(t), kDaySeconds)); }
  bool at_midnight(Time t) { return (t.time_since_epoch().count() + offset(t)) % kDaySeconds == 0; }
  // The instant day d starts (the earlier one should midnight come twice).
  Time midnight(Day d) {
    const date::local_days local{date::days{d}};
    if (!tz_) return Time{local.time_since_epoch()};
    if (d != midnight_day_) {
      midnight_day_ = d;
      midnight_ = tz_->to_sys(local, date::choose::earliest);
    }
    return midnight_;
  }

 private:
  const date::time_zone* tz_ = nullptr;
  date::sys_seconds begin_{}, end_{};
  long long offset_ = 0;
  Day midnight_day_ = std::numeric_limits<Day>::min();
  Time midnight_{};
};

}  // namespace dp::kpi
