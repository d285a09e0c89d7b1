// Business time of a team's calendar (docs/statistics.md, "Business hours").
#pragma once

#include "kpi/options.h"
#include "model/time.h"

namespace dp::kpi {

// Seconds inside business hours in [from, to). 0 when to <= from. A calendar with no
// hours set is 24x7 (then this equals to - from). Handles DST (hours are local wall
// time) and holidays (local dates).
Seconds business_seconds(const Calendar& cal, Time from, Time to);

// The instant `amount` business seconds after `from` (for due dates and backlog age).
// When the amount ends exactly at a closing time, that closing time is returned.
// Time::max() when it would take more than 200 years.
Time add_business(const Calendar& cal, Time from, Seconds amount);

// True when `t` falls inside business hours.
bool is_open(const Calendar& cal, Time t);

}  // namespace dp::kpi
