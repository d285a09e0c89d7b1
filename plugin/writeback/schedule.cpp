#include "writeback/schedule.h"

#include <algorithm>
#include <cstdio>

#include "kpi/windows.h"

namespace dp::writeback {

using namespace std::chrono;

Time posting_time(const Schedule& s, const kpi::Window& period) {
  auto local_end = utc_to_local(period.to, s.zone);
  if (!local_end) return period.to;
  local_days day = floor<days>(*local_end);
  if (s.monthly)
    day += days(std::max(1, s.day) - 1);
  else
    day += s.weekday - weekday(day);  // weekday difference is always 0..6 days
  auto t = local_to_utc(local_seconds(day) + s.time, s.zone);
  return t ? *t : period.to;
}

Result<std::vector<kpi::Window>> due_periods(const Schedule& s, Time since, Time now,
                                             size_t max_periods) {
  auto label = s.monthly ? [&] {
    auto l = utc_to_local(now, s.zone);
    if (!l) return std::string();
    year_month_day ymd{floor<days>(*l)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u", int(ymd.year()), unsigned(ymd.month()));
    return std::string(buf);
  }()
                                   : kpi::iso_week_label(now, s.zone);
  if (label.empty()) return make_error("unknown time zone '" + s.zone + "'");
  auto current = kpi::parse_period(label, s.zone);
  if (!current) return current.error();
  std::vector<kpi::Window> due;
  kpi::Window w = kpi::previous(*current, s.zone);
  // The newest period may not be due yet; every older one is. Bounded either way.
  for (size_t i = 0; i <= max_periods && w.to > since; ++i) {
    if (posting_time(s, w) <= now && due.size() < max_periods) due.insert(due.begin(), w);
    w = kpi::previous(w, s.zone);
  }
  return due;
}

}  // namespace dp::writeback
