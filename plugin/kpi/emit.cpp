#include "kpi/emit.h"

#include "kpi/families.h"

namespace dp::kpi {

Row& Emitter::add(const Figure& f, const std::string& key) {
  Row& r = out_.emplace_back();
  r.kpi = f.kpi;
  r.window = w_;
  r.by = by_;
  r.key = key;
  r.item = f.item;
  r.stat = f.stat;
  r.unit = f.unit;
  r.basis = f.basis;
  r.definition = f.definition;
  r.variant = f.variant;
  return r;
}

void Emitter::sample(Row& r, long long n) {
  r.n = n;
  if (r.value && n < o_.min_sample) r.flags.push_back("low_sample");
}

void Emitter::value(const Figure& f, const std::string& key, std::optional<double> v, long long n,
                    std::optional<Interval> ci, const std::string& reason,
                    const std::vector<std::string>& flags) {
  if (!wants(f.kpi)) return;
  Row& r = add(f, key);
  r.value = v;
  if (v) {
    r.ci = ci;
  } else {
    r.reason = reason;
  }
  sample(r, n);
  if (v) r.flags.insert(r.flags.end(), flags.begin(), flags.end());
}

void Emitter::rate(const Figure& f, const std::string& key, long long k, long long n,
                   const std::string& reason) {
  if (n <= 0) return value(f, key, std::nullopt, 0, std::nullopt, reason);
  std::optional<Interval> ci = wilson(k, n);
  if (ci) ci = Interval{ci->first * 100.0, ci->second * 100.0};
  value(f, key, 100.0 * static_cast<double>(k) / static_cast<double>(n), n, ci, reason);
}

void Emitter::mean(const Figure& f, const std::string& key, const Sample& xs,
                   const std::string& reason) {
  if (xs.empty()) return value(f, key, std::nullopt, 0, std::nullopt, reason);
  value(f, key, xs.mean(), xs.n(), xs.mean_ci(), reason);
}

void Emitter::mean(const Figure& f, const std::string& key, const std::vector<double>& xs,
                   const std::string& reason) {
  Sample s;
  for (double x : xs) s.add(x);
  mean(f, key, s, reason);
}

void Emitter::score_mean(const Figure& f, const std::string& key, const Sample& xs, double lo,
                         double hi, const std::string& reason) {
  if (xs.empty()) return value(f, key, std::nullopt, 0, std::nullopt, reason);
  std::optional<Interval> ci;
  if (auto sd = xs.sd()) ci = score_mean_ci(xs.n(), *xs.mean(), *sd, lo, hi);
  value(f, key, xs.mean(), xs.n(), ci, reason);
}

void Emitter::quantile(const Figure& f, const std::string& key, const Sample& xs, double q,
                       const std::string& reason) {
  if (xs.empty()) return value(f, key, std::nullopt, 0, std::nullopt, reason);
  value(f, key, xs.quantile(q), xs.n(), xs.quantile_ci(q), reason);
}

void Emitter::distribution(const Figure& f, const std::string& key, const Sample& xs,
                           const std::string& reason) {
  Figure g = f;
  g.stat = "mean";
  mean(g, key, xs, reason);
  g.stat = "median";
  quantile(g, key, xs, 0.5, reason);
  g.stat = "p90";
  quantile(g, key, xs, 0.9, reason);
}

void Emitter::count(const Figure& f, const std::string& key, std::optional<long long> c,
                    const std::string& reason) {
  if (!wants(f.kpi)) return;
  Row& r = add(f, key);
  if (!c) {
    r.reason = reason;
    return;
  }
  r.value = static_cast<double>(*c);
  r.n = *c;  // a count is its own sample: never flagged
}

void Emitter::change(const Figure& f, const std::string& key, long long delta, long long n) {
  if (!wants(f.kpi)) return;
  Row& r = add(f, key);
  r.value = static_cast<double>(delta);
  r.n = n;
}

std::string seconds_text(Seconds s) {
  return std::to_string(s.count()) + " s";
}

}  // namespace dp::kpi
