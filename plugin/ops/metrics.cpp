#include "ops/metrics.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "model/text.h"

namespace dp::ops {

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first;
    out += "=\"";
    for (char c : repair_utf8(labels[i].second)) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '"')
        out += "\\\"";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string render_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void Metrics::describe(const std::string& name, MetricType type, const std::string& help) {
  if (!valid_metric_name(name)) throw std::invalid_argument("metric name: " + name);
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

Metrics::Family* Metrics::family(const std::string& name) {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : &it->second;
}

void Metrics::add(const std::string& name, const Labels& labels, double amount) {
  if (!(amount >= 0)) return;
  std::lock_guard lock(mu_);
  if (auto* f = family(name)) f->series[render_labels(labels)] += amount;
}

void Metrics::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  if (auto* f = family(name)) f->series[render_labels(labels)] = value;
}

void Metrics::clear(const std::string& name) {
  std::lock_guard lock(mu_);
  if (auto* f = family(name)) f->series.clear();
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " ";
    for (char c : f.help) out += c == '\n' ? ' ' : c;
    out += "\n# TYPE " + name + (f.type == MetricType::counter ? " counter\n" : " gauge\n");
    for (const auto& [labels, v] : f.series) out += name + labels + " " + render_value(v) + "\n";
  }
  return out;
}

}  // namespace dp::ops
