// Ticket outcomes counted in the window of the final resolution (docs/kpis.md, "fcr",
// "reopen_rate", "sla_compliance").
#include "kpi/families.h"

namespace dp::kpi {

namespace {

struct Outcomes {
  long long resolved = 0, fcr = 0, one_touch = 0, no_reopen = 0, reopened = 0;
  long long sla_n = 0, sla_met = 0, frt_met = 0, res_met = 0;
};

ByKey<Outcomes> collect(const Slice& s) {
  const Targets& tg = s.in.ctx.options.targets;
  ByKey<Outcomes> by;
  for (size_t i : s.in.resolved.in(s.window)) {
    const TicketFacts& f = s.in.facts[i];
    Outcomes& o = by[s.ticket_key(i)];
    ++o.resolved;
    o.fcr += f.fcr.value_or(false);
    o.one_touch += f.public_agent_replies == 1;
    o.no_reopen += f.reopens == 0;
    o.reopened += f.reopens > 0;
    if (f.sla_met) {
      ++o.sla_n;
      o.sla_met += *f.sla_met;
      o.frt_met += !tg.frt || (f.frt_business && *f.frt_business <= *tg.frt);
      o.res_met += !tg.resolution || *f.resolution_business <= *tg.resolution;
    }
  }
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

void outcome_kpis(const Slice& s, Emitter& e) {
  const ByKey<Outcomes> by = collect(s);
  const Options& opt = s.in.ctx.options;
  const std::string none = "no ticket resolved in the window";
  for (const auto& key : keys_of(s, by)) {
    const Outcomes& o = at_or_empty(by, key);
    // docs/kpis.md, "fcr".
    e.rate({"fcr", "rate", "%",
            "resolved with one public agent reply, never reopened, no repeat ticket or call "
            "within " +
                std::to_string(opt.fcr_days) + " days / resolved tickets"},
           key, o.fcr, o.resolved, none);
    e.rate({"fcr", "rate", "%", "resolved with one public agent reply / resolved tickets",
            "one_touch"},
           key, o.one_touch, o.resolved, none);
    e.rate({"fcr", "rate", "%", "resolved and never reopened / resolved tickets", "no_reopen"}, key,
           o.no_reopen, o.resolved, none);
    // docs/kpis.md, "reopen_rate".
    e.rate(
        {"reopen_rate", "rate", "%", "resolved tickets reopened at least once / resolved tickets"},
        key, o.reopened, o.resolved, none);
    sla(e, key, o, opt.targets);
  }
}

}  // namespace dp::kpi
