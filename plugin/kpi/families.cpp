// The family registry (kpi/family.h): every KPI family once, with its KPI ids, in the
// order of their rows (the record engine's order since its first version).
#include "kpi/families.h"

#include <algorithm>
#include <stdexcept>

#include "kpi/family.h"
#include "kpi/mix_adjusted.h"

namespace dp::kpi {

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      {"surveys",
       {"csat", "nps", "ces", "iqs", "esat", "cli"},
       survey_kpis,
       survey_build,
       survey_emit,
       survey_write,
       survey_read},
      {"customers",
       {"engagement", "churn_rate", "retention_rate", "referral_rate", "clv", "cac"},
       customer_kpis,
       customer_build,
       customer_emit,
       nullptr,
       nullptr},
      {"business",
       {"conversion_rate", "cost_per_resolution"},
       business_kpis,
       nullptr,
       business_emit,
       nullptr,
       nullptr},
      {"volumes",
       {"request_volume", "volume_by_channel", "open_cases", "backlog", "resolution_rate"},
       volume_kpis,
       volume_build,
       volume_emit,
       volume_write,
       volume_read},
      {"ticket times",
       {"frt", "resolution_time", "ticket_handle_time"},
       time_kpis,
       time_build,
       time_emit,
       time_write,
       time_read},
      {"outcomes",
       {"fcr", "reopen_rate", "sla_compliance", "replies_per_ticket"},
       outcome_kpis,
       outcome_build,
       outcome_emit,
       nullptr,
       nullptr},
      {"topics",
       {"top_topics", "resolution_consistency"},
       topic_kpis,
       topic_build,
       topic_emit,
       topic_write,
       topic_read},
      {"calls",
       {"calls_offered", "asa", "service_level", "abandonment_rate", "blocked_calls", "aht"},
       call_kpis,
       call_build,
       call_emit,
       nullptr,
       nullptr},
      {"occupancy",
       {"occupancy"},
       occupancy_kpis,
       occupancy_build,
       occupancy_emit,
       occupancy_write,
       occupancy_read},
      {"bots",
       {"bot_share", "bot_containment_rate", "bot_csat"},
       bot_kpis,
       bot_build,
       bot_emit,
       nullptr,
       nullptr},
      {"staffing",
       {"agents_required"},
       staffing_kpis,
       staffing_build,
       staffing_emit,
       staffing_write,
       staffing_read},
      // Variant mix_adjusted of other families' figures, per agent (kpi/mix_adjusted.h).
      {"mix adjusted",
       {"frt", "resolution_time", "aht"},
       mix_adjusted_kpis,
       mix_build,
       mix_emit,
       mix_write,
       mix_read},
  };
  return all;
}

const Family& family(std::string_view name) {
  for (const Family& f : families())
    if (f.name == name) return f;
  throw std::logic_error("no KPI family " + std::string(name));
}

bool Family::wanted(const Emitter& e) const {
  return std::any_of(kpis.begin(), kpis.end(), [&](const std::string& k) { return e.wants(k); });
}

namespace {
const Window kAnyWindow{};  // CellBuild's keys use the key functions only
}  // namespace

CellBuild::CellBuild(const Input& in, GroupBy by, Partials& p, LocalDays& local,
                     const Contributors& only,
                     std::vector<std::optional<std::vector<std::pair<Day, Waiting>>>>& waiting)
    : in(in),
      by(by),
      keys(in, kAnyWindow, by),
      p(p),
      local(local),
      only_(only),
      waiting_(waiting),
      ticket_keys_(in.data.tickets.size()) {}

bool CellBuild::ticket(size_t i) const {
  return !in.facts[i].excluded && counts(only_.tickets, i);
}

const std::string& CellBuild::ticket_key(size_t i) {
  auto& k = ticket_keys_[i];
  if (!k) k = keys.ticket_key(i);
  return *k;
}

}  // namespace dp::kpi
