// Row building shared by every KPI family: value, n, interval, flags and the
// definition text, the same way for every figure (docs/kpis.md, "Output rows").
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kpi/options.h"
#include "kpi/row.h"
#include "kpi/sample.h"
#include "kpi/stats.h"

namespace dp::kpi {

// What a row is, apart from its group and value.
struct Figure {
  std::string kpi;
  std::string stat;
  std::string unit;
  std::string definition;
  std::optional<std::string> variant = std::nullopt;
  std::optional<std::string> basis = std::nullopt;
  std::string item = "";
};

class Emitter {
 public:
  Emitter(const Window& w, GroupBy by, const Options& o, const std::set<std::string>& wanted,
          std::vector<Row>& out)
      : w_(w), by_(by), o_(o), wanted_(wanted), out_(out) {}

  // False when the request leaves this KPI out (a family may skip the work).
  bool wants(const std::string& kpi) const { return wanted_.empty() || wanted_.count(kpi) > 0; }

  // k of n as a percentage with a Wilson interval.
  void rate(const Figure& f, const std::string& key, long long k, long long n,
            const std::string& reason);
  // Mean of a non-negative duration with a log-scale interval.
  void mean(const Figure& f, const std::string& key, const Sample& xs, const std::string& reason);
  void mean(const Figure& f, const std::string& key, const std::vector<double>& xs,
            const std::string& reason);
  // Mean score on the scale [lo, hi] with an interval inside it.
  void score_mean(const Figure& f, const std::string& key, const Sample& xs, double lo, double hi,
                  const std::string& reason);
  // Quantile q with an order-statistics interval.
  void quantile(const Figure& f, const std::string& key, const Sample& xs, double q,
                const std::string& reason);
  // mean, median and p90 rows of one sample (stat set here, the rest from `f`).
  void distribution(const Figure& f, const std::string& key, const Sample& xs,
                    const std::string& reason);
  // A count. nullopt when the records hold no item of that kind at all (no phone
  // system connected, say): then the count is unknown, not 0.
  void count(const Figure& f, const std::string& key, std::optional<long long> c,
             const std::string& reason = "");
  // A difference of two counts (top_topics' change): like a count, never flagged.
  void change(const Figure& f, const std::string& key, long long delta, long long n);
  // Any other value; nullopt value = unavailable for `reason`. `flags` are added after
  // low_sample (e.g. "pooled", kpi/mix_adjusted.h).
  void value(const Figure& f, const std::string& key, std::optional<double> v, long long n,
             std::optional<Interval> ci, const std::string& reason,
             const std::vector<std::string>& flags = {});

 private:
  Row& add(const Figure& f, const std::string& key);
  void sample(Row& r, long long n);

  const Window& w_;
  GroupBy by_;
  const Options& o_;
  const std::set<std::string>& wanted_;
  std::vector<Row>& out_;
};

}  // namespace dp::kpi
