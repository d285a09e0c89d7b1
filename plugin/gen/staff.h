// What agents do besides tickets and calls: log in and out of their queue each
// workday, and get internal quality reviews (iqs) and employee surveys (esat).
#pragma once

#include <chrono>
#include <vector>

#include "gen/world.h"

namespace dp::gen {

// Sessions and staff surveys for the `day_index`-th day of the period, per team in
// its own calendar.
void staff_day(const World& w, int day_index, std::vector<AgentSession>& sessions,
               std::vector<Survey>& surveys);

}  // namespace dp::gen
