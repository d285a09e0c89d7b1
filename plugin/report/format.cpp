#include "report/format.h"

#include <cmath>
#include <cstdio>

namespace dp::report {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  return s == "-0" || s == "-0.0" ? s.substr(1) : s;
}

bool is_duration(const std::string& unit) {
  return unit == "s";
}
bool is_percent(const std::string& unit) {
  return unit == "%";
}

}  // namespace

std::string duration(double seconds) {
  const long long s = std::llround(std::abs(seconds));
  const std::string sign = seconds < 0 && s > 0 ? "-" : "";
  char buf[64];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm %02llds", s / 60, s % 60);
  } else {
    // Rounded to the minute: seconds are noise at this scale.
    const long long m = (s + 30) / 60;
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", m / 60, m % 60);
  }
  return sign + buf;
}

std::string value_text(double v, const std::string& unit) {
  if (is_duration(unit)) return duration(v);
  if (is_percent(unit)) return fixed(v, 1) + "%";
  if (unit == "count") return fixed(v, 0);
  if (unit == "points") return fixed(v, 1);
  return fixed(v, 2);
}

std::string value_text(const kpi::Row& r) {
  return r.value ? value_text(*r.value, r.unit) : "";
}

std::string change_text(double delta, const std::string& unit) {
  const std::string sign = delta > 0 ? "+" : "";
  if (is_duration(unit)) return (delta > 0 ? "+" : "") + duration(delta);
  if (is_percent(unit)) return sign + fixed(delta, 1) + " pp";
  return sign + value_text(delta, unit);
}

std::string interval_text(const kpi::Row& r) {
  if (!r.ci) return "";
  if (is_duration(r.unit)) return duration(r.ci->first) + " to " + duration(r.ci->second);
  if (is_percent(r.unit)) return fixed(r.ci->first, 1) + "-" + fixed(r.ci->second, 1) + "%";
  return value_text(r.ci->first, r.unit) + " to " + value_text(r.ci->second, r.unit);
}

std::string status_text(Status s) {
  switch (s) {
    case Status::met:
      return "met";
    case Status::close:
      return "too close to call";
    case Status::missed:
      return "missed";
    case Status::none:
      break;
  }
  return "";
}

std::string change_verb(double delta, const std::string& direction) {
  if (direction == "higher") return delta > 0 ? "improved" : "worsened";
  if (direction == "lower") return delta < 0 ? "improved" : "worsened";
  return delta > 0 ? "rose" : "fell";
}

std::string unavailable_text(const kpi::Row& r) {
  return "not available: " + (r.reason.empty() ? std::string("no data") : r.reason);
}

std::string short_label(const kpi::Window& w) {
  auto at = w.label.find("-W");
  return at == std::string::npos ? w.label : w.label.substr(at + 1);
}

std::string describe(const kpi::Row& r) {
  std::string d = r.definition;
  if (!r.stat.empty() && r.stat != "count" && r.stat != "rate" && r.stat != "score")
    d += "; " + r.stat;
  if (r.basis) d += "; " + *r.basis + " time";
  if (r.variant) d += "; variant " + *r.variant;
  return d;
}

}  // namespace dp::report
