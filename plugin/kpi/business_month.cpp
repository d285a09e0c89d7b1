#include "kpi/business_month.h"

#include <cstdio>
#include <vector>

namespace dp::kpi {

namespace {

using namespace std::chrono;

struct MonthPart {
  std::string label;  // "2026-11"
  double share;       // of the month inside the window
  double seconds;     // window seconds inside the month
};

Time month_start(year_month ym, const std::string& zone) {
  const local_seconds lt{local_days{ym / 1}.time_since_epoch()};
  auto t = local_to_utc(lt, zone);
  return t ? *t : Time{sys_days{ym / 1}.time_since_epoch()};
}

std::vector<MonthPart> month_parts(const Window& w, const std::string& zone) {
  std::vector<MonthPart> out;
  if (w.to <= w.from) return out;
  auto local = utc_to_local(w.from, zone);
  const local_seconds lf = local ? *local : local_seconds{w.from.time_since_epoch()};
  const year_month_day first{floor<days>(lf)};
  year_month ym{first.year(), first.month()};
  for (int guard = 0; guard < 1200; ++guard, ym += months{1}) {
    const Time ms = month_start(ym, zone), me = month_start(ym + months{1}, zone);
    if (ms >= w.to) break;
    const Time a = std::max(ms, w.from), b = std::min(me, w.to);
    if (b <= a) continue;
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", int(ym.year()), unsigned(ym.month()));
    const double part = double((b - a).count());
    out.push_back({label, part / double((me - ms).count()), part});
  }
  return out;
}

std::optional<double> figure(const Options& o, const std::string& month, MonthField field) {
  auto it = o.business.find(month);
  if (it == o.business.end()) return std::nullopt;
  return it->second.*field;
}

Prorated missing(const char* name, const std::string& month) {
  return {std::nullopt, std::string("no business figure ") + name + " for " + month};
}

}  // namespace

double months_in(const Options& o, const Window& w) {
  double n = 0;
  for (const MonthPart& m : month_parts(w, o.report_zone)) n += m.share;
  return n;
}

Prorated prorated_sum(const Options& o, const Window& w, MonthField field, const char* name) {
  double sum = 0;
  for (const MonthPart& m : month_parts(w, o.report_zone)) {
    auto v = figure(o, m.label, field);
    if (!v) return missing(name, m.label);
    sum += *v * m.share;
  }
  return {sum, ""};
}

Prorated weighted_mean(const Options& o, const Window& w, MonthField field, const char* name) {
  double sum = 0, weight = 0;
  for (const MonthPart& m : month_parts(w, o.report_zone)) {
    auto v = figure(o, m.label, field);
    if (!v) return missing(name, m.label);
    sum += *v * m.seconds;
    weight += m.seconds;
  }
  if (weight <= 0) return {std::nullopt, "empty window"};
  return {sum / weight, ""};
}

}  // namespace dp::kpi
