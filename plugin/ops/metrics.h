// Counters and gauges with labels, rendered in the Prometheus text exposition format
// (version 0.0.4: `# HELP`, `# TYPE`, one `name{label="value"} number` line per series).
//
// Contract:
// - A family is described once (name, type, help) before its series are set; names
//   follow Prometheus' rules ([a-zA-Z_:][a-zA-Z0-9_:]*), checked by describe().
// - Label values are escaped (\\, \", \n) and repaired to UTF-8, so any team or queue
//   name is safe; families and series render in a stable (sorted) order.
// - Counters only go up (add() with a negative amount is ignored); a gauge is set.
// - Safe to use from several threads: `run` updates while the HTTP server renders.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dp::ops {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { counter, gauge };

class Metrics {
 public:
  void describe(const std::string& name, MetricType type, const std::string& help);
  void add(const std::string& name, const Labels& labels, double amount = 1);  // counter
  void set(const std::string& name, const Labels& labels, double value);       // gauge
  // Drops every series of a family (a gauge family recomputed from scratch, so a team
  // that is gone does not linger).
  void clear(const std::string& name);
  std::string render() const;

 private:
  struct Family {
    MetricType type = MetricType::gauge;
    std::string help;
    std::map<std::string, double> series;  // rendered label set -> value
  };
  Family* family(const std::string& name);
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

bool valid_metric_name(std::string_view name);
// `{a="x",b="y"}` ("" without labels), values escaped as the format requires.
std::string render_labels(const Labels& labels);
// A sample value as the format writes it (+Inf, -Inf, NaN; integers without ".0").
std::string render_value(double v);

}  // namespace dp::ops
