// Ticket outcomes counted in the window of the final resolution (docs/kpis.md, "fcr",
// "reopen_rate", "sla_compliance", "replies_per_ticket").
#include <cmath>

#include "kpi/additive.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

ByKey<Outcomes> collect(const Slice& s) {
  ByKey<Outcomes> by;
  for (size_t i : s.in.resolved.in(s.window))
    by[s.ticket_key(i)].add(s.in.facts[i], s.in.ctx.options.targets);
  return by;
}

// docs/kpis.md, "sla_compliance": unavailable without a target.
void sla(Emitter& e, const std::string& key, const Outcomes& o, const Targets& tg) {
  std::string targets;
  if (tg.frt) targets += "frt <= " + seconds_text(*tg.frt);
  if (tg.resolution)
    targets += (targets.empty() ? "" : " and ") + ("resolution <= " + seconds_text(*tg.resolution));
  const Figure all{"sla_compliance", "rate", "%",
                   "resolved tickets meeting " + targets + " (business time) / resolved tickets"};
  if (!tg.frt && !tg.resolution) {
    e.value(all, key, std::nullopt, 0, std::nullopt,
            "no SLA target configured (targets.frt, targets.resolution)");
    return;
  }
  const std::string none = "no ticket resolved in the window";
  e.rate(all, key, o.sla_met, o.sla_n, none);
  if (tg.frt)
    e.rate({"sla_compliance", "rate", "%",
            "resolved tickets with frt <= " + seconds_text(*tg.frt) + " / resolved tickets", "frt"},
           key, o.frt_met, o.sla_n, none);
  if (tg.resolution)
    e.rate({"sla_compliance", "rate", "%",
            "resolved tickets with resolution <= " + seconds_text(*tg.resolution) +
                " / resolved tickets",
            "resolution"},
           key, o.res_met, o.sla_n, none);
}

}  // namespace

namespace {

// docs/kpis.md, "replies_per_ticket": public agent replies (humans and bots) per ticket
// resolved in the window, with the log-scale interval of a non-negative mean.
void replies_per_ticket(Emitter& e, const std::string& key, const Outcomes& o) {
  const Figure f{"replies_per_ticket", "mean", "replies",
                 "public agent replies (humans and bots) / resolved tickets"};
  if (o.resolved == 0)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no ticket resolved in the window");
  const double n = double(o.resolved), mean = double(o.replies) / n;
  std::optional<Interval> ci;
  if (o.resolved >= 2) {
    // Sample variance from the exact sums: (n sum(x^2) - sum(x)^2) / (n (n - 1)).
    const __int128 spread = __int128(o.resolved) * o.replies_sq - __int128(o.replies) * o.replies;
    ci = duration_mean_ci(o.resolved, mean, std::sqrt(double(spread) / (n * (n - 1))));
  }
  e.value(f, key, mean, o.resolved, ci, "");
}

}  // namespace

void Outcomes::add(const TicketFacts& f, const Targets& tg) {
  ++resolved;
  fcr += f.fcr.value_or(false);
  one_touch += f.public_agent_replies == 1;
  no_reopen += f.reopens == 0;
  reopened += f.reopens > 0;
  replies += f.public_agent_replies;
  replies_sq += (long long)f.public_agent_replies * f.public_agent_replies;
  if (f.sla_met) {
    ++sla_n;
    sla_met += *f.sla_met;
    frt_met += !tg.frt || (f.frt_business && *f.frt_business <= *tg.frt);
    res_met += !tg.resolution || *f.resolution_business <= *tg.resolution;
  }
}

void Outcomes::merge(const Outcomes& o, int sign) {
  const auto mine = counts(*this);
  const auto theirs = counts(o);
  for (size_t i = 0; i < mine.size(); ++i) *mine[i] += sign * *theirs[i];
}

void emit_outcomes(Emitter& e, const std::string& key, const Outcomes& o, const Options& opt) {
  const std::string none = "no ticket resolved in the window";
  // docs/kpis.md, "fcr".
  e.rate({"fcr", "rate", "%",
          "resolved with one public agent reply, never reopened, no repeat ticket or call "
          "within " +
              std::to_string(opt.fcr_days) + " days / resolved tickets"},
         key, o.fcr, o.resolved, none);
  e.rate(
      {"fcr", "rate", "%", "resolved with one public agent reply / resolved tickets", "one_touch"},
      key, o.one_touch, o.resolved, none);
  e.rate({"fcr", "rate", "%", "resolved and never reopened / resolved tickets", "no_reopen"}, key,
         o.no_reopen, o.resolved, none);
  // docs/kpis.md, "reopen_rate".
  e.rate({"reopen_rate", "rate", "%", "resolved tickets reopened at least once / resolved tickets"},
         key, o.reopened, o.resolved, none);
  sla(e, key, o, opt.targets);
  replies_per_ticket(e, key, o);
}

void outcome_kpis(const Slice& s, Emitter& e) {
  const ByKey<Outcomes> by = collect(s);
  for (const auto& key : keys_of(s, by))
    emit_outcomes(e, key, at_or_empty(by, key), s.in.ctx.options);
}

// Partials: a ticket's outcomes on the day of its final resolution.
void outcome_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i) {
    const TicketFacts& f = b.in.facts[i];
    if (!b.ticket(i) || !f.resolved_at) continue;
    Cell& c = b.cell(b.ticket_key(i), *f.resolved_at);
    c.present++;
    c.outcomes.add(f, b.in.ctx.options.targets);
  }
}

void outcome_emit(const WindowCells& w, Emitter& e) {
  w.each(
      [&](const std::string& key, const Cell& c) { emit_outcomes(e, key, c.outcomes, w.options); });
}

}  // namespace dp::kpi
