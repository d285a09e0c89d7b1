#include "gen/tickets.h"

#include <algorithm>
#include <chrono>

#include "gen/draw.h"
#include "gen/rng.h"

namespace dp::gen {
namespace {

using namespace std::chrono;

constexpr uint64_t kDomainTicket = 3;

// Median delay to the first human reply by channel, in seconds.
double first_reply_median(Channel c) {
  switch (c) {
    case Channel::chat:
      return 100;
    case Channel::phone:
      return 300;
    case Channel::social:
      return 2700;
    case Channel::web:
      return 5400;
    default:
      return 9000;
  }
}

std::string subject_for(Rng& rng, const Team& team, const Topic& topic) {
  bool italian = rng.chance(team.italian_share);
  std::string s(italian ? topic.it[rng.below(2)] : topic.en[rng.below(2)]);
  if (auto p = s.find("{n}"); p != std::string::npos)
    s.replace(p, 3, std::to_string(1000 + rng.below(90000)));
  return s;
}

// Builds the event list in time order and tracks status and owner after each event.
class Life {
 public:
  Life(const World& w, const TicketSeed& s, TicketDraft& d)
      : w_(w), s_(s), d_(d), rng_(w.options().seed, kDomainTicket, s.number), now_(s.created) {
    prefix_ = w.id("ev:" + std::to_string(s.number) + ":");
  }

  Rng& rng() { return rng_; }
  Time now() const { return now_; }
  TicketStatus status() const { return status_; }

  void add(EventType type, Time at, const std::string& actor, bool pub, Seconds spent = {},
           std::optional<std::string> from = {}, std::optional<std::string> to = {}) {
    now_ = std::max(at, now_);
    TicketEvent& e = d_.events.emplace_back();
    e.id = prefix_ + std::to_string(d_.events.size());
    e.ticket = d_.ticket.id;
    e.at = now_;
    e.type = type;
    e.actor = actor;
    e.is_public = pub;
    e.time_spent = spent;
    e.from = std::move(from);
    e.to = std::move(to);
    if (type == EventType::owner_change) owner_ = e.to;
    if (type == EventType::merged) status_ = TicketStatus::merged;
    if (type == EventType::deleted) status_ = TicketStatus::deleted;
    states_.push_back({status_, owner_});
  }
  void set_status(TicketStatus to, const std::string& actor, Time at) {
    std::string from(to_string(status_));
    status_ = to;
    add(EventType::status_change, at, actor, false, {}, from, std::string(to_string(to)));
  }
  // A moment inside the team's hours, `delay` of work after `from`.
  Time working(Time from, double delay) {
    Time t = w_.next_open(s_.team, from) + secs(delay);
    if (!w_.in_hours(s_.team, t)) t = w_.next_open(s_.team, t) + secs(rng_.uniform(0, 1800));
    return t;
  }
  // Keeps the events before the end of the period and sets the ticket's state from them.
  void cut() {
    size_t keep = 1;  // the creation, which is inside the period
    while (keep < d_.events.size() && d_.events[keep].at < w_.end()) ++keep;
    d_.events.resize(keep);
    Ticket& t = d_.ticket;
    t.status = states_[keep - 1].status;
    t.owner = states_[keep - 1].owner;
    t.updated_at = d_.events[keep - 1].at;
  }

 private:
  struct State {
    TicketStatus status;
    std::optional<std::string> owner;
  };
  const World& w_;
  const TicketSeed& s_;
  TicketDraft& d_;
  Rng rng_;
  Time now_;
  std::string prefix_;
  TicketStatus status_ = TicketStatus::new_;
  std::optional<std::string> owner_;
  std::vector<State> states_;
};

// A response to the ticket's survey, unless it would come after the period.
void ticket_survey(const World& w, TicketDraft& d, SurveyKind kind, double latent, Scale scale,
                   Time at, const std::optional<std::string>& agent) {
  if (at >= w.end()) return;
  Survey& s = add_survey(d.surveys, d.ticket.id + ":sv:" + std::to_string(d.surveys.size() + 1),
                         kind, latent, scale, at);
  s.ticket = d.ticket.id;
  s.agent = agent;
  s.customer = d.ticket.requester;
}

// Surveys after the final resolution; scores follow the agent's quality, reopens
// and slow first replies.
void draw_surveys(const World& w, Rng& rng, TicketDraft& d, Time resolved, double quality,
                  bool reopened, bool slow, const std::optional<std::string>& agent) {
  double latent = 0.78 + 0.22 * quality - 0.25 * reopened - 0.12 * slow + rng.normal(0, 0.2);
  Time at = resolved + secs(rng.lognormal(4 * 3600, 1.0));
  if (rng.chance(0.30)) ticket_survey(w, d, SurveyKind::csat, 1 + 4 * latent, kCsat, at, agent);
  if (rng.chance(0.08))
    ticket_survey(w, d, SurveyKind::nps, 10 * latent + 0.8 + rng.normal(0, 1.2), kNps, at, agent);
  if (rng.chance(0.10))
    ticket_survey(w, d, SurveyKind::ces, 1 + 6 * latent + rng.normal(0, 0.6), kCes, at, agent);
  if (rng.chance(0.02))
    for (auto k : {SurveyKind::loyalty_recommend, SurveyKind::loyalty_repurchase,
                   SurveyKind::loyalty_upsell})
      ticket_survey(w, d, k, 10 * latent + rng.normal(0, 1.5), kLoyalty, at + hours{24},
                    std::nullopt);
}

void fill_ticket(const World& w, const TicketSeed& s, Rng& rng, Ticket& t) {
  const Team& team = w.teams()[s.team];
  t.id = w.id(std::to_string(s.number));
  t.queue = team.name;
  t.channel = static_cast<Channel>(rng.weighted({0.38, 0.25, 0.17, 0.12, 0.08}));
  t.requester = s.requester;
  const Topic& topic = team.topics[rng.below(team.topics.size())];
  t.subject = subject_for(rng, team, topic);
  static constexpr const char* kPriority[] = {"low", "normal", "high", "urgent"};
  t.priority = kPriority[rng.weighted({0.12, 0.66, 0.17, 0.05})];
  t.tags.assign(1, std::string(topic.tag));
  if (rng.chance(0.08)) t.tags.push_back("vip");
  if (t.priority == "urgent") t.tags.push_back("urgent");
  t.created_at = s.created;
  t.extra.clear();
}

}  // namespace

void draft_ticket(const World& w, const TicketSeed& s, TicketDraft& d) {
  d.events.clear();
  d.surveys.clear();
  Life life(w, s, d);
  Rng& rng = life.rng();
  fill_ticket(w, s, rng, d.ticket);
  const Ticket& t = d.ticket;
  const auto& team_agents = w.agents_of(s.team);
  const Staff* owner = &w.agents()[team_agents[rng.below(team_agents.size())]];
  const std::string system = w.id("automation");

  life.add(EventType::created, s.created, t.requester, true);
  if (rng.chance(0.006)) {  // spam
    life.add(EventType::deleted, life.working(s.created, rng.uniform(60, 3600)), owner->id, false);
    return life.cut();
  }
  if (s.earlier_ticket && rng.chance(0.012)) {  // a duplicate of the requester's last ticket
    life.add(EventType::merged, life.working(s.created, rng.uniform(120, 7200)), owner->id, false,
             {}, t.id, s.earlier_ticket);
    return life.cut();
  }
  bool reopened = false;
  if ((t.channel == Channel::web || t.channel == Channel::chat) && rng.chance(0.4)) {
    life.add(EventType::agent_reply, s.created + secs(rng.uniform(3, 40)), w.bot(), true);
    if (rng.chance(0.45)) {  // contained: the customer goes quiet, a rule resolves it
      life.set_status(TicketStatus::resolved, system, life.now() + secs(rng.uniform(2, 26) * 3600));
      Time resolved = life.now();
      draw_surveys(w, rng, d, resolved, -0.05, false, false, w.bot());
      return life.cut();
    }
  }
  bool live = t.channel == Channel::chat || t.channel == Channel::phone;
  Time assign = live ? life.working(s.created, rng.uniform(20, 180))
                     : life.working(s.created, rng.lognormal(900, 0.8));
  life.add(EventType::owner_change, assign, owner->id, false, {}, std::nullopt, owner->id);
  if (rng.chance(0.15))  // an internal note before anything public
    life.add(EventType::internal_note, assign + secs(rng.uniform(60, 1200)), owner->id, false,
             secs(rng.lognormal(180, 0.6)));
  double delay = rng.lognormal(first_reply_median(t.channel) * owner->speed,
                               t.channel == Channel::chat ? 0.7 : 1.0);
  Time first = std::max(life.working(s.created, delay), life.now() + secs(rng.uniform(30, 600)));
  auto reply = [&](Time at) {
    life.add(EventType::agent_reply, at, owner->id, true,
             secs(rng.lognormal(240 * owner->speed, 0.7)));
  };
  reply(first);
  life.set_status(TicketStatus::open, owner->id, life.now());
  bool slow = first - s.created > hours{24};
  bool reassigned = false;
  bool auto_closed = false;
  for (int round = 0; round < 4 && rng.chance(0.45); ++round) {
    bool pending = rng.chance(0.5);
    if (pending) life.set_status(TicketStatus::pending, owner->id, life.now() + Seconds{1});
    if (pending && rng.chance(0.15)) {  // the customer never answers; a rule closes it
      life.set_status(TicketStatus::resolved, system, life.now() + days{7});
      auto_closed = true;
      break;
    }
    Time back = life.now() + secs(rng.lognormal(3 * 3600, 1.2));
    life.add(EventType::customer_reply, back, t.requester, true);
    if (pending) life.set_status(TicketStatus::open, t.requester, back);
    if (!reassigned && team_agents.size() > 1 && rng.chance(0.08)) {
      reassigned = true;
      const Staff* next = owner;
      while (next == owner) next = &w.agents()[team_agents[rng.below(team_agents.size())]];
      life.add(EventType::owner_change, life.working(back, rng.uniform(300, 7200)), owner->id,
               false, {}, owner->id, next->id);
      owner = next;
    }
    reply(life.working(life.now(), rng.lognormal(5400 * owner->speed, 1.0)));
  }
  if (!auto_closed) {
    life.set_status(TicketStatus::resolved, owner->id,
                    life.working(life.now(), rng.lognormal(1200, 1.0)));
    if (rng.chance(0.08)) {
      reopened = true;
      Time back = life.now() + secs(rng.lognormal(1.5 * 86400, 0.8));
      life.add(EventType::customer_reply, back, t.requester, true);
      life.set_status(TicketStatus::open, t.requester, back);
      reply(life.working(back, rng.lognormal(7200 * owner->speed, 1.0)));
      life.set_status(TicketStatus::resolved, owner->id,
                      life.working(life.now(), rng.lognormal(900, 1.0)));
    }
  }
  draw_surveys(w, rng, d, life.now(), owner->quality, reopened, slow, owner->id);
  life.cut();
}

}  // namespace dp::gen
