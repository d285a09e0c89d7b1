#include "writeback/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "model/figures.h"

namespace dp::writeback {
namespace {

void plan_one(TargetKind kind, const std::string& target, const std::string& field,
              const std::string& value, const LedgerLookup& ledger, Plan& plan) {
  auto last = ledger(kind, target, field);
  if (last && *last == value) {
    ++plan.unchanged;
    return;
  }
  if (kind == TargetKind::ticket)
    plan.ticket_writes.push_back({target, field, value});
  else
    plan.user_writes.push_back({target, field, value});
}

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

std::optional<double> score_number(const std::string& text, const std::string& unit) {
  const char* p = text.c_str();
  if (unit != "s") {
    char* end = nullptr;
    double v = std::strtod(p, &end);
    if (end == p) return std::nullopt;
    return v;
  }
  // "2d 4h", "3h 05m", "45m", "12s": the inverse of human_duration.
  double total = 0;
  bool any = false;
  while (*p && *p != '(') {
    char* end = nullptr;
    long long n = std::strtoll(p, &end, 10);
    if (end == p) {
      ++p;
      continue;
    }
    switch (*end) {
      case 'd':
        total += n * 86400.0;
        break;
      case 'h':
        total += n * 3600.0;
        break;
      case 'm':
        total += n * 60.0;
        break;
      case 's':
        total += double(n);
        break;
      default:
        return std::nullopt;
    }
    any = true;
    p = end + 1;
  }
  if (!any) return std::nullopt;
  return total;
}

std::string human_duration(Seconds s) {
  long long t = s.count();
  if (t < 0) t = 0;
  long long d = t / 86400, h = (t % 86400) / 3600, m = (t % 3600) / 60;
  char buf[64];
  if (d > 0)
    std::snprintf(buf, sizeof buf, "%lldd %lldh", d, h);
  else if (h > 0)
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", h, m);
  else if (m > 0)
    std::snprintf(buf, sizeof buf, "%lldm", m);
  else
    std::snprintf(buf, sizeof buf, "%llds", t);
  return buf;
}

std::string business_duration(Seconds s) {
  long long t = std::max<long long>(0, s.count());
  long long h = t / 3600, m = (t % 3600) / 60;
  char buf[64];
  if (h > 0)
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", h, m);
  else if (t >= 60)
    std::snprintf(buf, sizeof buf, "%lldm", m);
  else if (t > 0)
    std::snprintf(buf, sizeof buf, "%llds", t);
  else
    return "0m (outside business hours)";
  return buf;
}

std::string whole_minutes(Seconds s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06lld", std::max<long long>(0, s.count()) / 60);
  return buf;
}

std::optional<std::string> ticket_figure(const kpi::TicketFacts& f, const std::string& figure) {
  auto dur = [](const std::optional<Seconds>& s) -> std::optional<std::string> {
    if (!s) return std::nullopt;
    return human_duration(*s);
  };
  auto business = [](const std::optional<Seconds>& s) -> std::optional<std::string> {
    if (!s) return std::nullopt;
    return business_duration(*s);
  };
  auto minutes = [](const std::optional<Seconds>& s) -> std::optional<std::string> {
    if (!s) return std::nullopt;
    return whole_minutes(*s);
  };
  auto yes_no = [](const std::optional<bool>& b) -> std::optional<std::string> {
    if (!b) return std::nullopt;
    return std::string(*b ? "yes" : "no");
  };
  if (f.excluded) return std::nullopt;
  if (figure == "frt_business") return business(f.frt_business);
  if (figure == "frt_calendar") return dur(f.frt_calendar);
  if (figure == "resolution_business") return business(f.resolution_business);
  if (figure == "resolution_calendar") return dur(f.resolution_calendar);
  if (figure == "frt_business_minutes") return minutes(f.frt_business);
  if (figure == "frt_calendar_minutes") return minutes(f.frt_calendar);
  if (figure == "resolution_business_minutes") return minutes(f.resolution_business);
  if (figure == "resolution_calendar_minutes") return minutes(f.resolution_calendar);
  if (figure == "sla_met") return yes_no(f.sla_met);
  if (figure == "fcr") return yes_no(f.fcr);
  if (figure == "reopen_count") {
    if (!f.resolved_at && f.reopens == 0) return std::nullopt;
    return std::to_string(f.reopens);
  }
  return std::nullopt;
}

void plan_ticket_fields(const std::vector<kpi::TicketFacts>& facts,
                        const std::map<std::string, std::string>& field_for_figure,
                        const LedgerLookup& ledger, Plan& plan) {
  for (const auto& f : facts) {
    for (const auto& [figure, field] : field_for_figure) {
      if (field.empty()) continue;
      if (auto value = ticket_figure(f, figure)) {
        plan_one(TargetKind::ticket, f.ticket, field, *value, ledger, plan);
        continue;
      }
      // A figure that no longer applies (a reopened ticket has no resolution, SLA or
      // FCR yet; a merged one has none) is cleared once: "" in the field and the ledger.
      auto last = ledger(TargetKind::ticket, f.ticket, field);
      if (last && !last->empty()) plan_one(TargetKind::ticket, f.ticket, field, "", ledger, plan);
    }
  }
}

std::vector<AgentScore> agent_scores(const std::vector<kpi::Row>& rows) {
  std::vector<AgentScore> out;
  for (const auto& r : rows) {
    // "(unassigned)" and the like are groups, not people with a user record.
    bool person = !r.key.empty() && r.key.front() != '(';
    if (r.by != kpi::GroupBy::agent || !r.value || r.variant || !person) continue;
    for (const auto& f : figures::kAgentFigures) {
      if (r.kpi != f.kpi || r.stat != f.stat) continue;
      if (*f.basis && r.basis != std::optional<std::string>(f.basis)) continue;
      out.push_back({r.key, f.id, *r.value, r.n, r.unit});
    }
  }
  return out;
}

std::string score_text(const AgentScore& s) {
  std::string v = fixed(s.value, 2);  // a figure the table does not know
  if (const auto* f = figures::agent_figure(s.figure)) {
    const Seconds secs(std::llround(s.value));
    switch (f->format) {
      case figures::Format::percent:
        v = fixed(s.value, 1) + "%";
        break;
      case figures::Format::business_duration:
        v = business_duration(secs);
        break;
      case figures::Format::duration:
        v = human_duration(secs);
        break;
    }
  }
  return v + " (n=" + std::to_string(s.n) + ")";
}

void plan_agent_fields(const std::vector<AgentScore>& scores,
                       const std::map<std::string, std::string>& field_for_figure,
                       const LedgerLookup& ledger, Plan& plan) {
  for (const auto& s : scores) {
    auto it = field_for_figure.find(s.figure);
    if (it == field_for_figure.end() || it->second.empty()) continue;
    plan_one(TargetKind::user, s.agent, it->second, score_text(s), ledger, plan);
  }
}

void plan_agent_ticket_fields(const std::vector<AgentScore>& scores,
                              const std::map<std::string, std::vector<std::string>>& open_tickets,
                              const std::map<std::string, std::string>& field_for_figure,
                              const std::map<std::string, double>& step_for_figure,
                              const LedgerLookup& ledger, Plan& plan) {
  for (const auto& s : scores) {
    auto field = field_for_figure.find(s.figure);
    auto tickets = open_tickets.find(s.agent);
    if (field == field_for_figure.end() || field->second.empty() || tickets == open_tickets.end())
      continue;
    auto step_it = step_for_figure.find(s.figure);
    double step = step_it == step_for_figure.end() ? 0.0 : step_it->second;
    std::string text = score_text(s);
    for (const auto& ticket : tickets->second) {
      auto last = ledger(TargetKind::ticket, ticket, field->second);
      if (last) {
        auto before = score_number(*last, s.unit);
        double now = s.unit == "s" ? double(std::llround(s.value)) : s.value;
        if (*last == text || (before && std::fabs(now - *before) <= step)) {
          ++plan.unchanged;
          continue;
        }
      }
      plan.ticket_writes.push_back({ticket, field->second, text});
    }
  }
}

}  // namespace dp::writeback
