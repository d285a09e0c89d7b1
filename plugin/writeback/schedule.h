// When a report is due: the period has ended and its posting moment (e.g. Monday
// 08:00 in the team's time zone) has passed. Pure.
#pragma once

#include <string>
#include <vector>

#include "kpi/row.h"
#include "model/result.h"

namespace dp::writeback {

struct Schedule {
  bool monthly = false;
  std::chrono::weekday weekday = std::chrono::Monday;  // weekly posts go out on this day
  int day = 1;                                         // monthly posts: day of the next month
  std::chrono::minutes time{8 * 60};                   // local time of the post
  std::string zone = "UTC";
};

// The instant a period's report may be posted: for a week, the first `weekday` at
// `time` on or after the week's end; for a month, day `day` of the next month at `time`.
Time posting_time(const Schedule& s, const kpi::Window& period);

// Periods whose report is due at `now`, oldest first: they end after `since` (reports
// for history before deskpulse was installed are not posted; reports missed during
// downtime are) and their posting time is not after `now`. At most `max_periods`.
Result<std::vector<kpi::Window>> due_periods(const Schedule& s, Time since, Time now,
                                             size_t max_periods = 60);

}  // namespace dp::writeback
