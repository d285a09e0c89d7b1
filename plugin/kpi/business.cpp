// KPIs from business figures in config (docs/kpis.md, "Business figures"). They are
// company-wide, so they are computed overall only: other groupings give no rows.
#include "kpi/additive.h"
#include "kpi/business_month.h"
#include "kpi/call_class.h"
#include "kpi/customer_base.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

// docs/kpis.md, "cac": acquisition spend / new customers.
void emit_cac(Emitter& e, const Options& o, const Window& w, const CustomerBase& b) {
  const Figure f{"cac", "ratio", "currency", "acquisition spend / new customers"};
  auto spend = prorated_sum(o, w, &BusinessMonth::acquisition_spend, "acquisition_spend");
  if (!spend.value) return e.value(f, "", std::nullopt, 0, std::nullopt, spend.reason);
  if (b.acquired == 0)
    return e.value(f, "", std::nullopt, 0, std::nullopt, "no new customers in the window");
  e.value(f, "", *spend.value / static_cast<double>(b.acquired), b.acquired, std::nullopt, "");
}

// docs/kpis.md, "clv": revenue per customer per month x gross margin / monthly churn.
void emit_clv(Emitter& e, const Options& o, const Window& w, const CustomerBase& b) {
  const Figure f{"clv", "ratio", "currency",
                 "mean monthly revenue per customer x gross margin / monthly churn rate"};
  auto unavailable = [&](const std::string& why) {
    e.value(f, "", std::nullopt, 0, std::nullopt, why);
  };
  auto margin = weighted_mean(o, w, &BusinessMonth::gross_margin, "gross_margin");
  if (!margin.value) return unavailable(margin.reason);
  if (b.with_revenue == 0) return unavailable("no customer revenue");
  if (b.start == 0) return unavailable("no customers at window start");
  if (b.churned == 0) return unavailable("no churn in the window: lifetime unbounded");
  const double churn = double(b.churned) / double(b.start) / months_in(o, w);
  const double arpu = from_micros(b.revenue) / double(b.with_revenue);
  e.value(f, "", arpu * *margin.value / churn, b.with_revenue, std::nullopt, "");
}

// docs/kpis.md, "conversion_rate": sales / visits x 100.
void emit_conversion(Emitter& e, const Options& o, const Window& w) {
  const Figure f{"conversion_rate", "rate", "%", "sales / visits x 100 (business figures)"};
  auto sales = prorated_sum(o, w, &BusinessMonth::sales, "sales");
  auto visits = prorated_sum(o, w, &BusinessMonth::visits, "visits");
  if (!sales.value) return e.value(f, "", std::nullopt, 0, std::nullopt, sales.reason);
  if (!visits.value) return e.value(f, "", std::nullopt, 0, std::nullopt, visits.reason);
  if (*visits.value <= 0) return e.value(f, "", std::nullopt, 0, std::nullopt, "no visits");
  e.value(f, "", 100.0 * *sales.value / *visits.value, static_cast<long long>(*visits.value),
          std::nullopt, "");
}

// docs/kpis.md, "cost_per_resolution"; variant per_contact.
void emit_cost_per_resolution(Emitter& e, const Options& o, const Window& w, long long resolved,
                              long long answered) {
  const Figure f{"cost_per_resolution", "ratio", "currency", "support cost / tickets resolved"};
  const Figure g{"cost_per_resolution", "ratio", "currency",
                 "support cost / (tickets resolved + calls answered)", "per_contact"};
  auto cost = prorated_sum(o, w, &BusinessMonth::support_cost, "support_cost");
  for (const auto& [fig, n] : {std::pair{f, resolved}, std::pair{g, resolved + answered}}) {
    if (!cost.value) {
      e.value(fig, "", std::nullopt, 0, std::nullopt, cost.reason);
    } else if (n == 0) {
      e.value(fig, "", std::nullopt, 0, std::nullopt, "nothing resolved in the window");
    } else {
      e.value(fig, "", *cost.value / double(n), n, std::nullopt, "");
    }
  }
}

void business_kpis(const Slice& s, Emitter& e) {
  if (s.by != GroupBy::overall) return;
  const Options& o = s.in.ctx.options;
  emit_conversion(e, o, s.window);
  long long answered = 0;
  for (size_t i : s.in.offered.in(s.window)) answered += is_answered(s.in.data.calls[i]);
  emit_cost_per_resolution(e, o, s.window, (long long)s.in.resolved.in(s.window).size(), answered);
}

// Partials: business figures read the month's inputs and other families' counts.
void business_emit(const WindowCells& w, Emitter& e) {
  if (w.by != GroupBy::overall) return;  // company-wide figures
  const Cell& all = w.merged.at("");
  emit_conversion(e, w.options, w.window);
  emit_cost_per_resolution(e, w.options, w.window, all.outcomes.resolved, all.calls.answered);
}

}  // namespace dp::kpi
