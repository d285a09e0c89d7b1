#include "gen/calls.h"

#include <algorithm>

#include "gen/draw.h"
#include "gen/rng.h"

namespace dp::gen {
namespace {

constexpr uint64_t kDomainCall = 5;

void no_agent(Call& c, Time ended) {
  c.agent.reset();
  c.answered_at.reset();
  c.ended_at = ended;
  c.talk = c.hold = c.wrap = Seconds{0};
}

}  // namespace

void draft_call(const World& w, const CallSeed& s, Call& c) {
  Rng rng(w.options().seed, kDomainCall, s.number);
  const auto& team_agents = w.agents_of(s.team);
  const Staff& agent = w.agents()[team_agents[rng.below(team_agents.size())]];
  c = Call{};
  c.id = w.id("call:" + std::to_string(s.number));
  c.queue = w.queues()[s.queue].name;
  c.caller = s.caller;
  c.offered_at = s.offered;
  c.direction = rng.chance(0.06) ? Direction::outbound : Direction::inbound;

  if (!w.in_hours(s.team, s.offered)) {  // closed: the greeting sends callers to voicemail
    c.direction = Direction::inbound;
    c.outcome = CallOutcome::voicemail;
    c.wait = secs(rng.uniform(5, 25));
    return no_agent(c, s.offered + c.wait + secs(rng.uniform(15, 70)));
  }
  if (c.direction == Direction::inbound && rng.chance(0.015)) {  // queue full
    c.outcome = CallOutcome::blocked;
    return no_agent(c, s.offered);
  }
  if (c.direction == Direction::inbound) {
    // Mostly short queues, with surges when a team is swamped.
    c.wait = secs(rng.exponential(rng.chance(0.08) ? 150 : 12));
    double patience = rng.chance(0.04) ? rng.uniform(1, 5) : rng.exponential(180);
    if (c.wait > kMaxQueueWait && patience > kMaxQueueWait.count()) {
      c.wait = kMaxQueueWait;
      c.outcome = CallOutcome::timeout;
      return no_agent(c, s.offered + c.wait);
    }
    if (patience < c.wait.count()) {
      c.wait = secs(patience);
      c.outcome = CallOutcome::abandoned;
      return no_agent(c, s.offered + c.wait);
    }
    if (rng.chance(0.02)) {  // pressed "leave a message"
      c.outcome = CallOutcome::voicemail;
      return no_agent(c, s.offered + c.wait + secs(rng.uniform(15, 70)));
    }
  }
  c.agent = agent.id;
  c.answered_at = s.offered + c.wait;
  bool transfer = c.direction == Direction::inbound && rng.chance(0.05);
  c.outcome = transfer ? CallOutcome::transferred : CallOutcome::answered;
  c.talk = secs(std::max(8.0, rng.lognormal((transfer ? 70 : 210) * agent.speed, 0.7)));
  c.hold = rng.chance(0.3) ? secs(rng.exponential(45)) : Seconds{0};
  c.wrap = secs(rng.lognormal(35, 0.6));
  c.ended_at = *c.answered_at + c.talk + c.hold;
  if (s.recent_ticket && rng.chance(0.35)) c.ticket = s.recent_ticket;
}

}  // namespace dp::gen
