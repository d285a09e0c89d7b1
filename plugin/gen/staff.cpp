#include "gen/staff.h"

#include <algorithm>
#include <cmath>

#include "gen/draw.h"
#include "gen/rng.h"

namespace dp::gen {
namespace {

using namespace std::chrono;

constexpr uint64_t kDomainStaff = 7;

// The draws of agent i on a day. The first 256 agents keep the streams they always had;
// further ones get streams of their own instead of sharing the next day's.
uint64_t stream(int day_index, size_t i) {
  if (i < 256) return uint64_t(day_index) * 256 + i;
  return (uint64_t(1) << 62) | (uint64_t(day_index) << 32) | uint64_t(i);
}

}  // namespace

void staff_day(const World& w, int day_index, std::vector<AgentSession>& sessions,
               std::vector<Survey>& surveys) {
  sys_days day = floor<days>(w.start()) + days{day_index};
  if (!w.is_workday(day)) return;
  bool friday = weekday{day} == Friday;
  bool month_end = friday && (day_index / 7) % 4 == 3;
  const auto& agents = w.agents();
  for (size_t i = 0; i < agents.size(); ++i) {
    const Staff& a = agents[i];
    const Team& team = w.teams()[a.team];
    Rng rng(w.options().seed, kDomainStaff, stream(day_index, i));
    std::string tag = std::to_string(day_index) + ":" + std::to_string(i);
    if (rng.chance(0.96)) {  // else off sick or on leave
      AgentSession& s = sessions.emplace_back();
      s.id = w.id("ss:" + tag);
      s.agent = a.id;
      s.queue = team.name;
      s.start = w.to_utc(a.team, day, hours{team.open_hour} - secs(rng.uniform(0, 1500)));
      s.end = w.to_utc(a.team, day, hours{team.close_hour} + secs(rng.uniform(-1200, 2400)));
      s.paused = secs(rng.uniform(30, 75) * 60);
    }
    if (!friday) continue;
    Time afternoon = w.to_utc(a.team, day, hours{15} + secs(rng.uniform(0, 7200)));
    for (int k = 0; k < 2; ++k)
      add_survey(surveys, w.id("iqs:" + tag + ":" + std::to_string(k)), SurveyKind::iqs,
                 72 + 20 * a.quality + rng.normal(0, 8), kIqs, afternoon + minutes{k * 20})
          .agent = a.id;
    if (month_end)
      add_survey(surveys, w.id("esat:" + tag), SurveyKind::esat,
                 3.6 + 0.8 * a.quality + rng.normal(0, 0.8), kEsat, afternoon)
          .agent = a.id;
  }
}

}  // namespace dp::gen
