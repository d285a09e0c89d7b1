// Business time of a team's calendar (docs/kpis.md, "Business hours").
#pragma once

#include "kpi/options.h"
#include "model/time.h"

namespace dp::kpi {

// Seconds inside business hours in [from, to). 0 when to <= from. A calendar with no
// hours set is 24x7 (then this equals to - from). Handles DST (hours are local wall
// time) and holidays (local dates).
Seconds business_seconds(const Calendar& cal, Time from, Time to);

// The instant `amount` business seconds after `from` (for due dates and backlog age).
Time add_business(const Calendar& cal, Time from, Seconds amount);

// True when `t` falls inside business hours.
bool is_open(const Calendar& cal, Time t);

}  // namespace dp::kpi
