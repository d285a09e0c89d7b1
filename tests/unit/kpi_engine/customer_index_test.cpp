// CustomerIndex answers a window as customer_base() does by looking at every customer
// (its first windows so, the rest from its sorted index): random customers (churn or last
// activity before the first sighting too), any window. And the per-day partials answer
// any whole-day window as the record engine does, across a DST change, both leaving out
// survey responses on merged or deleted tickets.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "kpi/customer_base.h"
#include "kpi/engine.h"
#include "kpi/partials.h"
#include "kpi/windows.h"
#include "model/time.h"

namespace dp::kpi {
namespace {

using namespace rc;

// Times on a coarse grid of a few days, so that customers and windows share instants.
Gen<Time> any_time() {
  return gen::map(gen::inRange(0, 40), [](int h) { return Time(Seconds(int64_t(h) * 7200)); });
}

template <class T>
Gen<std::optional<T>> opt(Gen<T> g) {
  return gen::oneOf(gen::just(std::optional<T>()),
                    gen::map(std::move(g), [](T v) { return std::optional<T>(std::move(v)); }));
}

Gen<CustomerSpan> any_customer() {
  return gen::build<CustomerSpan>(
      gen::set(&CustomerSpan::first_seen, any_time()),
      gen::set(&CustomerSpan::last_active, opt(any_time())),
      gen::set(&CustomerSpan::churned_at, opt(any_time())),
      gen::set(&CustomerSpan::revenue,
               opt(gen::map(gen::inRange(0, 1000), [](int r) { return r / 4.0; }))),
      gen::set(&CustomerSpan::referral, gen::arbitrary<bool>()));
}

RC_GTEST_PROP(CustomerIndex, EveryWindowAsByLookingAtEveryCustomer, ()) {
  const auto customers = *gen::container<std::vector<CustomerSpan>>(any_customer());
  const CustomerIndex index(customers);
  RC_ASSERT(index.empty() == customers.empty());
  for (int i = 0; i < 20; ++i) {
    Time from = *any_time(), to = *any_time();
    if (to < from) std::swap(from, to);
    const Window w{from, to, "w"};
    const CustomerBase want = customer_base(customers, w), got = index.at(w);
    RC_ASSERT(got.start == want.start);
    RC_ASSERT(got.end == want.end);
    RC_ASSERT(got.acquired == want.acquired);
    RC_ASSERT(got.churned == want.churned);
    RC_ASSERT(got.referred == want.referred);
    RC_ASSERT(got.active == want.active);
    RC_ASSERT(got.with_revenue == want.with_revenue);
    RC_ASSERT(got.revenue == want.revenue);  // exact sums
  }
}

// Tickets of agents a1 (team n) and a2 (team s), some merged or deleted (by status or
// by event), with survey responses of their own and some of no ticket or one not stored.
void add_tickets_with_surveys(Records& r, Time base) {
  auto shift = [&](Time t) { return base + (t - Time{}); };
  const int tickets = *gen::inRange(0, 8);
  for (int i = 0; i < tickets; ++i) {
    Ticket t;
    t.id = "t" + std::to_string(i);
    t.requester = "c0";
    t.owner = *gen::element(std::string("a1"), std::string("a2"));
    t.queue = t.owner == "a1" ? "q1" : "q2";
    t.created_at = t.updated_at = shift(*any_time());
    const int fate = *gen::inRange(0, 4);  // kept, merged, deleted, merged by its event
    t.status = fate == 1   ? TicketStatus::merged
               : fate == 2 ? TicketStatus::deleted
                           : TicketStatus::open;
    if (fate == 3) {
      TicketEvent e;
      e.id = t.id + ":merged";
      e.ticket = t.id;
      e.at = t.created_at + Seconds(3600);
      e.type = EventType::merged;
      e.actor = *t.owner;
      r.events.push_back(e);
    }
    r.tickets.push_back(t);
  }
  const int surveys = *gen::inRange(0, 12);
  for (int i = 0; i < surveys; ++i) {
    Survey s;
    s.id = "s" + std::to_string(i);
    s.kind = *gen::element(SurveyKind::csat, SurveyKind::nps, SurveyKind::ces);
    s.scale_min = s.kind == SurveyKind::nps ? 0 : 1;
    s.scale_max = s.kind == SurveyKind::nps ? 10 : s.kind == SurveyKind::ces ? 7 : 5;
    s.score = *gen::inRange(int(s.scale_min), int(s.scale_max) + 1);
    s.at = shift(*any_time());
    const int on = *gen::inRange(-2, tickets);  // -2: no ticket, -1: one not stored
    if (on >= 0) s.ticket = "t" + std::to_string(on);
    if (on == -1) s.ticket = "not-stored";
    if (on < 0) s.agent = *gen::element(std::string("a1"), std::string("a2"));
    r.surveys.push_back(s);
  }
}

// Customers, tickets and survey responses over ten days around the end of summer time
// in Berlin (25 October 2026), on a two-hour grid that meets local midnights; windows of
// any whole local days. Both engines give the same rows, and responses on merged or
// deleted tickets count in neither.
RC_GTEST_PROP(CustomerBasePartials, AnyWholeDayWindowAsTheRecordEngine, ()) {
  const Time base = parse_rfc3339("2026-10-21T00:00:00Z").value();
  const auto spans = *gen::container<std::vector<CustomerSpan>>(any_customer());
  Records r;
  for (const CustomerSpan& c : spans) {
    Customer x;
    x.id = "c" + std::to_string(r.customers.size());
    auto shift = [&](Time t) { return base + (t - Time{}); };
    x.first_seen = shift(c.first_seen);
    if (c.last_active) x.last_active = shift(*c.last_active);
    if (c.churned_at) x.churned_at = shift(*c.churned_at);
    x.revenue = c.revenue;
    if (c.referral) x.acquired_via = "referral";
    r.customers.push_back(x);
  }
  add_tickets_with_surveys(r, base);
  Context ctx;
  ctx.agents["a1"] = Agent{"a1", "n", std::nullopt, AgentKind::agent};
  ctx.agents["a2"] = Agent{"a2", "s", std::nullopt, AgentKind::agent};
  ctx.options.report_zone = "Europe/Berlin";
  ctx.options.business["2026-10"].gross_margin = 0.5;
  ctx.options.business["2026-10"].acquisition_spend = 1000;
  const auto days = make_windows("2026-10-20", "2026-11-01", Bucket::day, "Europe/Berlin").value();
  Request req;
  req.kpis = {"engagement", "churn_rate", "retention_rate", "referral_rate", "clv", "cac", "csat",
              "nps",        "ces"};
  req.groupings = {GroupBy::overall, GroupBy::agent, GroupBy::team, GroupBy::queue};
  for (int i = 0; i < 6; ++i) {
    size_t a = *gen::inRange<size_t>(0, days.size()), b = *gen::inRange<size_t>(0, days.size());
    if (b < a) std::swap(a, b);
    req.windows.push_back({days[a].from, days[b].to, days[a].label + ".." + days[b].label});
  }
  const Input in(r, ctx);
  const auto want = compute(r, ctx, req);
  const auto got = compute_from_partials(build_partials(in), ctx.options, req);
  RC_ASSERT(bool(got));
  // The same records without the responses on merged or deleted tickets.
  Records kept = r;
  std::erase_if(kept.surveys, [&](const Survey& s) {
    const auto t = s.ticket ? in.ticket_by_id.find(*s.ticket) : in.ticket_by_id.end();
    return t != in.ticket_by_id.end() && in.facts[t->second].excluded;
  });
  const auto without = compute(kept, ctx, req);
  for (const auto* rows : {&*got, &without}) {
    RC_ASSERT(rows->size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      const Row &g = (*rows)[i], &w = want[i];
      RC_ASSERT(g.kpi == w.kpi);
      RC_ASSERT(g.window.label == w.window.label);
      RC_ASSERT(g.by == w.by);
      RC_ASSERT(g.key == w.key);
      RC_ASSERT(g.stat == w.stat);
      RC_ASSERT(g.n == w.n);
      RC_ASSERT(g.value == w.value);
      RC_ASSERT(g.ci == w.ci);
      RC_ASSERT(g.reason == w.reason);
    }
  }
}

}  // namespace
}  // namespace dp::kpi
