// A sample of durations for mean, median and p90 figures (docs/statistics.md).
//
// Exact: every value is kept; the record engine's figures. Sketched: count, sum and sum
// of squares are kept exactly (values are whole seconds) and the values themselves in a
// log-bucket quantile sketch (DDSketch's buckets): a quantile read from it is within
// kSketchAlpha relative error of the exact one, and sketches add and subtract exactly,
// so per-day partial aggregates merge into any window and a changed ticket's old
// contribution can be taken out (docs/performance.md).
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "kpi/stats.h"

namespace dp::kpi {

inline constexpr double kSketchAlpha = 0.005;  // 0.5%

class Sketch {
 public:
  // Adds `count` copies of x (whole seconds, negative read as 0); count < 0 removes.
  void add(int64_t x, int64_t count = 1);
  void merge(const Sketch& o, int sign = 1);
  int64_t n() const { return n_; }
  // The value of 0-based rank r (r < n()): the sketch's bucket value, within
  // kSketchAlpha of the exact order statistic.
  double at_rank(int64_t r) const;
  bool operator==(const Sketch&) const = default;

  // Buckets for storage: index -> count; index kZeroBucket holds the zeros.
  static constexpr int32_t kZeroBucket = INT32_MIN;
  const std::vector<std::pair<int32_t, int64_t>>& buckets() const { return b_; }
  static Sketch from_buckets(std::vector<std::pair<int32_t, int64_t>> b);

 private:
  std::vector<std::pair<int32_t, int64_t>> b_;  // sorted by index, counts > 0
  int64_t n_ = 0;
};

class Sample {
 public:
  enum class Mode { exact, sketch };
  explicit Sample(Mode m = Mode::exact) : mode_(m) {}

  Mode mode() const { return mode_; }
  void add(double x);  // exact: any value; sketch: rounded to whole seconds
  // Adds (sign 1) or removes (sign -1, sketch mode only) another sample's values.
  void merge(const Sample& o, int sign = 1);
  long long n() const { return mode_ == Mode::exact ? (long long)xs_.size() : (long long)n_; }
  bool empty() const { return n() == 0; }

  std::optional<double> mean() const;
  std::optional<double> sd() const;  // divisor n - 1, n >= 2
  // Log-scale interval of a non-negative duration's mean (kpi::duration_mean_ci), n >= 2.
  std::optional<Interval> mean_ci() const;
  std::optional<double> quantile(double q) const;       // type 7
  std::optional<Interval> quantile_ci(double q) const;  // order statistics

  // Sketch mode's state, for storage.
  struct Moments {
    int64_t n = 0, sum = 0;
    __int128 sumsq = 0;
    void add(int64_t x) {
      ++n;
      sum += x;
      sumsq += __int128(x) * x;
    }
    void merge(const Moments& o, int sign = 1) {
      n += sign * o.n;
      sum += sign * o.sum;
      sumsq += sign * o.sumsq;
    }
    bool operator==(const Moments&) const = default;
  };
  Moments moments() const { return {n_, sum_, sumsq_}; }
  const Sketch& sketch() const { return sketch_; }
  static Sample from_parts(const Moments& m, Sketch s);
  bool operator==(const Sample& o) const;

 private:
  double at(int64_t rank) const;  // 0-based order statistic
  void sort() const;

  Mode mode_;
  mutable std::vector<double> xs_;  // exact
  mutable bool sorted_ = true;
  int64_t n_ = 0, sum_ = 0;  // sketch
  __int128 sumsq_ = 0;
  Sketch sketch_;
};

}  // namespace dp::kpi
