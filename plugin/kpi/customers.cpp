// Customer base KPIs (docs/kpis.md, "Customer base"). They describe the whole
// customer base, so they are computed overall only: other groupings give no rows.
#include "kpi/additive.h"
#include "kpi/call_class.h"
#include "kpi/customer_base.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

const Figure kEngagement{"engagement", "ratio", "per customer",
                         "(tickets created + calls offered + survey responses) / active customers"};
const Figure kChurn{"churn_rate", "rate", "%",
                    "customers churned in window / customers at window start"};
const Figure kRetention{"retention_rate", "rate", "%",
                        "((E - N) / S) x 100: S at start, E at end, N new"};
const Figure kReferral{"referral_rate", "rate", "%",
                       "new customers acquired via referral / new customers"};

// docs/kpis.md, "engagement".
void engagement(Emitter& e, const CustomerBase& b, long long interactions) {
  const Figure& f = kEngagement;
  if (b.active == 0)
    return e.value(f, "", std::nullopt, 0, std::nullopt, "no active customers in the window");
  e.value(f, "", static_cast<double>(interactions) / static_cast<double>(b.active), b.active,
          std::nullopt, "");
}

// docs/kpis.md, "retention_rate": ((E - N) / S) x 100.
void retention(Emitter& e, const CustomerBase& b) {
  const Figure& f = kRetention;
  if (b.start == 0)
    return e.value(f, "", std::nullopt, 0, std::nullopt, "no customers at window start");
  const long long kept = b.end - b.acquired;
  auto ci = wilson(kept, b.start);
  if (ci) ci = Interval{ci->first * 100, ci->second * 100};
  e.value(f, "", 100.0 * static_cast<double>(kept) / static_cast<double>(b.start), b.start, ci, "");
}

}  // namespace

void emit_customer_base(Emitter& e, const Options& o, const Window& w, const CustomerBase& b,
                        bool any_customers, long long interactions) {
  if (!any_customers) {
    for (const Figure* f : {&kEngagement, &kChurn, &kRetention, &kReferral})
      e.value(*f, "", std::nullopt, 0, std::nullopt, "no customer records");
  } else {
    engagement(e, b, interactions);
    // docs/kpis.md, "churn_rate".
    e.rate(kChurn, "", b.churned, b.start, "no customers at window start");
    retention(e, b);
    // docs/kpis.md, "referral_rate".
    e.rate(kReferral, "", b.referred, b.acquired, "no new customers in the window");
  }
  emit_cac(e, o, w, b);
  emit_clv(e, o, w, b);
}

void customer_kpis(const Slice& s, Emitter& e) {
  if (s.by != GroupBy::overall) return;
  long long calls = 0;
  for (size_t i : s.in.offered.in(s.window)) calls += is_offered(s.in.data.calls[i]);
  const auto interactions =
      static_cast<long long>(s.in.created.in(s.window).size() + s.in.answered.in(s.window).size()) +
      calls;
  emit_customer_base(e, s.in.ctx.options, s.window, s.in.customers.at(s.window),
                     !s.in.customers.empty(), interactions);
}

namespace {

// A customer's changes of the customer base, each on the day at whose end it takes
// effect (CustomerDay), into the overall cells.
void add_customer(CellBuild& b, const CustomerSpan& c) {
  const Day first = b.local.day(c.first_seen);
  CustomerDay& seen = b.cell("", first).customers;
  seen.seen.add(c);
  seen.referred += c.referral;
  if (c.churned_at) {
    b.cell("", std::max(c.first_seen, *c.churned_at)).customers.gone++;
    // Churned in a window it was a customer at the start of: first seen on an earlier day.
    const Day churned = b.local.day(*c.churned_at);
    if (churned > first) b.cell("", churned).customers.churns[churned - first]++;
  }
  const std::optional<Time> end = active_until(c);
  if (!end) return;
  if (*end < c.first_seen)
    seen.odd[b.local.day(*end)].add(c);
  else
    b.cell("", *end).customers.ended.add(c);
}

}  // namespace

// Partials: the customer base in the overall cells only.
void customer_build(CellBuild& b) {
  if (b.by != GroupBy::overall) return;
  for (size_t i = 0; i < b.in.data.customers.size(); ++i)
    if (b.customer(i)) add_customer(b, span_of(b.in.data.customers[i]));
}

void customer_emit(const WindowCells& w, Emitter& e) {
  if (w.by != GroupBy::overall) return;  // company-wide figures
  const Cell& all = w.merged.at("");
  long long interactions = 0;  // tickets created + calls offered + survey responses
  for (const auto& [_, n] : all.volumes.by_channel) interactions += n;
  for (const auto& points : all.surveys.kinds)
    for (const auto& [_, n] : points) interactions += n;
  emit_customer_base(e, w.options, w.window, w.customers, w.any_customers, interactions);
}

}  // namespace dp::kpi
