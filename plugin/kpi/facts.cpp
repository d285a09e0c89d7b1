// Event replay per ticket (docs/kpis.md, "Ticket facts"). Events are bucketed by ticket
// once and each bucket sorted by time, so the whole pass is O(E log E).
#include "kpi/facts.h"

#include <algorithm>
#include <unordered_map>

#include "kpi/calendar.h"
#include "kpi/repeat.h"
#include "kpi/ticket_topics.h"

namespace dp::kpi {

namespace {

bool is_resolved(TicketStatus s) {
  return s == TicketStatus::resolved || s == TicketStatus::closed;
}
bool is_removed(TicketStatus s) {
  return s == TicketStatus::merged || s == TicketStatus::deleted;
}

std::optional<std::string> nonempty(const std::optional<std::string>& s) {
  if (s && !s->empty()) return s;
  return std::nullopt;
}

// Owner changes of one ticket in time order, to ask who owned it at an instant.
class OwnerTimeline {
 public:
  explicit OwnerTimeline(const Ticket& t) : fallback_(nonempty(t.owner)) {}
  void add(const TicketEvent& e) {
    if (changes_.empty()) initial_ = nonempty(e.from);
    changes_.push_back({e.at, nonempty(e.to)});
  }
  std::optional<std::string> at(Time t) const {
    if (changes_.empty()) return fallback_;
    std::optional<std::string> who = initial_;
    for (const auto& [when, to] : changes_) {
      if (when > t) break;
      who = to;
    }
    return who;
  }
  // First instant with an owner that passes `human`.
  template <class Pred>
  std::optional<Time> first_owned(Time created, Pred human) const {
    if (changes_.empty())
      return fallback_ && human(*fallback_) ? std::optional(created) : std::nullopt;
    if (initial_ && human(*initial_)) return created;
    for (const auto& [when, to] : changes_)
      if (to && human(*to)) return when;
    return std::nullopt;
  }
  std::optional<std::string> last() const {
    return changes_.empty() ? fallback_ : changes_.back().second;
  }

 private:
  std::optional<std::string> fallback_, initial_;
  std::vector<std::pair<Time, std::optional<std::string>>> changes_;
};

Seconds business(const Calendar* cal, Time from, Time to) {
  if (to <= from) return Seconds{0};
  return cal ? business_seconds(*cal, from, to) : to - from;
}

Seconds calendar_time(Time from, Time to) {
  return to <= from ? Seconds{0} : to - from;
}

// Replays one ticket's events (sorted) into its facts, except owner-dependent times.
void replay(const Context& ctx, const Ticket& t, const std::vector<const TicketEvent*>& events,
            TicketFacts& f) {
  OwnerTimeline owners(t);
  std::optional<std::string> first_human_actor;
  bool resolved_state = false;
  Time resolved_at{};
  f.excluded = is_removed(t.status);
  for (const TicketEvent* e : events) {
    f.time_spent = add_sat(f.time_spent, e->time_spent);  // model/time.h: never wraps
    switch (e->type) {
      case EventType::agent_reply: {
        if (!e->is_public) break;
        const bool bot = is_bot(ctx, e->actor);
        ++f.public_agent_replies;
        if (!f.first_response) {
          f.first_response = e->at;
          f.first_response_by_bot = bot;
        }
        if (bot) {
          f.bot_replied = true;
          if (!f.first_bot_response) f.first_bot_response = e->at;
        } else {
          ++f.public_human_replies;
          if (!f.first_human_response) {
            f.first_human_response = e->at;
            first_human_actor = e->actor;
          }
        }
        break;
      }
      case EventType::status_change: {
        auto to = e->to ? enum_from_string<TicketStatus>(*e->to) : std::nullopt;
        if (!to) break;
        if (is_removed(*to)) {
          f.excluded = true;
        } else if (is_resolved(*to)) {
          // resolved -> closed is the same resolution, not a new one.
          if (!resolved_state) resolved_at = e->at;
          resolved_state = true;
        } else if (resolved_state) {
          ++f.reopens;
          resolved_state = false;
        }
        break;
      }
      case EventType::owner_change:
        owners.add(*e);
        break;
      case EventType::merged:
      case EventType::deleted:
        f.excluded = true;
        break;
      default:
        break;
    }
  }
  if (resolved_state) f.resolved_at = resolved_at;
  std::optional<std::string> owner;
  if (ctx.options.ownership == Ownership::at_first_response && f.first_human_response) {
    owner = owners.at(*f.first_human_response);
    if (!owner) owner = first_human_actor;
  } else if (ctx.options.ownership == Ownership::at_resolution && f.resolved_at) {
    owner = owners.at(*f.resolved_at);
  } else {
    owner = owners.last();
  }
  if (owner && !is_bot(ctx, *owner)) f.owner = owner;
  f.assigned_at =
      owners.first_owned(t.created_at, [&](const std::string& a) { return !is_bot(ctx, a); });
}

void measure(const Context& ctx, const Ticket& t, TicketFacts& f) {
  const Calendar* cal = calendar_for(ctx, f.owner);
  if (cal) f.calendar = cal->name;
  if (f.first_response) {
    f.frt_business = business(cal, t.created_at, *f.first_response);
    f.frt_calendar = calendar_time(t.created_at, *f.first_response);
  }
  if (f.first_human_response) {
    f.frt_human_business = business(cal, t.created_at, *f.first_human_response);
    f.frt_human_calendar = calendar_time(t.created_at, *f.first_human_response);
  }
  if (f.resolved_at) {
    f.resolution_business = business(cal, t.created_at, *f.resolved_at);
    f.resolution_calendar = calendar_time(t.created_at, *f.resolved_at);
  }
  const Targets& tg = ctx.options.targets;
  if (f.resolved_at && (tg.frt || tg.resolution)) {
    // A ticket closed without any public reply misses an FRT target.
    const bool frt_ok = !tg.frt || (f.frt_business && *f.frt_business <= *tg.frt);
    const bool res_ok = !tg.resolution || *f.resolution_business <= *tg.resolution;
    f.sla_met = frt_ok && res_ok;
  }
}

}  // namespace

bool is_bot(const Context& ctx, const std::string& actor) {
  auto it = ctx.agents.find(actor);
  return it != ctx.agents.end() && it->second.kind == AgentKind::bot;
}

const Calendar* calendar_for(const Context& ctx, const std::optional<std::string>& agent) {
  auto named = [&](const std::string& name) -> const Calendar* {
    auto it = ctx.calendars.find(name);
    return it == ctx.calendars.end() ? nullptr : &it->second;
  };
  if (agent) {
    if (auto a = ctx.agents.find(*agent); a != ctx.agents.end()) {
      if (a->second.calendar)
        if (const Calendar* c = named(*a->second.calendar)) return c;
      if (const Calendar* c = named(a->second.team)) return c;
    }
  }
  return ctx.options.default_calendar.empty() ? nullptr : named(ctx.options.default_calendar);
}

TicketEvents events_by_ticket(const Records& data) {
  const size_t n = data.tickets.size();
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(n);
  for (size_t i = 0; i < n; ++i) index.emplace(data.tickets[i].id, i);
  TicketEvents events(n);
  for (const auto& e : data.events)
    if (auto it = index.find(e.ticket); it != index.end()) events[it->second].push_back(&e);
  for (auto& ev : events)
    std::stable_sort(ev.begin(), ev.end(),
                     [](const TicketEvent* a, const TicketEvent* b) { return a->at < b->at; });
  return events;
}

std::vector<TicketFacts> ticket_facts(const Records& data, const Context& ctx) {
  std::vector<std::string> topics;
  topics.reserve(data.tickets.size());
  for (const auto& t : data.tickets) topics.push_back(primary_topic(t, ctx.options));
  return ticket_facts(data, ctx, events_by_ticket(data), topics);
}

std::vector<TicketFacts> ticket_facts(const Records& data, const Context& ctx,
                                      const TicketEvents& events,
                                      const std::vector<std::string>& topics) {
  const size_t n = data.tickets.size();
  std::vector<TicketFacts> facts(n);
  std::vector<bool> excluded(n);
  for (size_t i = 0; i < n; ++i) {
    TicketFacts& f = facts[i];
    f.ticket = data.tickets[i].id;
    f.index = i;
    replay(ctx, data.tickets[i], events[i], f);
    measure(ctx, data.tickets[i], f);
    excluded[i] = f.excluded;
  }

  // fcr, default definition (docs/kpis.md, "fcr").
  RepeatContacts repeats(data, topics, excluded);
  for (auto& f : facts) {
    if (!f.resolved_at || f.excluded) continue;
    f.fcr = f.public_agent_replies == 1 && f.reopens == 0 &&
            !repeats.any_after(f.index, *f.resolved_at, ctx.options.fcr_days);
  }
  return facts;
}

}  // namespace dp::kpi
