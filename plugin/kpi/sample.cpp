#include "kpi/sample.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace dp::kpi {

namespace {

// Bucket i holds (gamma^(i-1), gamma^i]; its value 2 gamma^i / (gamma + 1) is within
// alpha of every value in it (DDSketch, Masson et al., VLDB 2019).
constexpr double kGamma = (1 + kSketchAlpha) / (1 - kSketchAlpha);
const double kLogGamma = std::log(kGamma);
constexpr int32_t kZeroBucket = Sketch::kZeroBucket;

int32_t bucket_of(int64_t x) {
  if (x <= 0) return kZeroBucket;
  return int32_t(std::ceil(std::log(double(x)) / kLogGamma));
}

double bucket_value(int32_t i) {
  if (i == kZeroBucket) return 0;
  return 2 * std::exp(double(i) * kLogGamma) / (kGamma + 1);
}

}  // namespace

void Sketch::add(int64_t x, int64_t count) {
  const int32_t i = bucket_of(x);
  auto it = std::lower_bound(b_.begin(), b_.end(), i,
                             [](const auto& e, int32_t k) { return e.first < k; });
  if (it != b_.end() && it->first == i) {
    it->second += count;
    if (it->second <= 0) b_.erase(it);
  } else if (count > 0) {
    b_.insert(it, {i, count});
  }
  n_ += count;
}

void Sketch::merge(const Sketch& o, int sign) {
  if (o.b_.empty()) return;
  std::vector<std::pair<int32_t, int64_t>> out;
  out.reserve(b_.size() + o.b_.size());
  auto a = b_.cbegin();
  auto b = o.b_.cbegin();
  while (a != b_.cend() || b != o.b_.cend()) {
    if (b == o.b_.cend() || (a != b_.cend() && a->first < b->first)) {
      out.push_back(*a++);
    } else if (a == b_.cend() || b->first < a->first) {
      if (sign > 0) out.push_back(*b);
      ++b;
    } else {
      const int64_t c = a->second + sign * b->second;
      if (c > 0) out.push_back({a->first, c});
      ++a, ++b;
    }
  }
  b_ = std::move(out);
  n_ += sign * o.n_;
}

double Sketch::at_rank(int64_t r) const {
  int64_t seen = 0;
  for (const auto& [i, c] : b_) {
    seen += c;
    if (r < seen) return bucket_value(i);
  }
  return b_.empty() ? 0 : bucket_value(b_.back().first);
}

Sketch Sketch::from_buckets(std::vector<std::pair<int32_t, int64_t>> b) {
  Sketch s;
  for (const auto& [_, c] : b) s.n_ += c;
  s.b_ = std::move(b);
  return s;
}

void Sample::add(double x) {
  if (mode_ == Mode::exact) {
    if (sorted_ && !xs_.empty() && x < xs_.back()) sorted_ = false;
    xs_.push_back(x);
    return;
  }
  const int64_t s = std::max<int64_t>(0, std::llround(x));
  ++n_;
  sum_ += s;
  sumsq_ += __int128(s) * s;
  sketch_.add(s);
}

void Sample::merge(const Sample& o, int sign) {
  if (mode_ == Mode::exact) {
    for (double x : o.xs_) add(x);
    return;
  }
  n_ += sign * o.n_;
  sum_ += sign * o.sum_;
  sumsq_ += sign * o.sumsq_;
  sketch_.merge(o.sketch_, sign);
}

void Sample::sort() const {
  if (!sorted_) std::sort(xs_.begin(), xs_.end());
  sorted_ = true;
}

double Sample::at(int64_t rank) const {
  if (mode_ == Mode::sketch) return sketch_.at_rank(rank);
  sort();
  return xs_[size_t(rank)];
}

std::optional<double> Sample::mean() const {
  if (empty()) return std::nullopt;
  if (mode_ == Mode::exact) return kpi::mean(xs_);
  return double(sum_) / double(n_);
}

std::optional<double> Sample::sd() const {
  if (n() < 2) return std::nullopt;
  if (mode_ == Mode::exact) return sample_sd(xs_);
  // Sample variance from exact integer sums: (n sum x^2 - (sum x)^2) / (n (n - 1)).
  const __int128 num = __int128(n_) * sumsq_ - __int128(sum_) * sum_;
  const double var = double(num) / (double(n_) * double(n_ - 1));
  return std::sqrt(std::max(0.0, var));
}

std::optional<Interval> Sample::mean_ci() const {
  if (mode_ == Mode::exact) return kpi::mean_ci(xs_);
  if (n_ < 2) return std::nullopt;
  return duration_mean_ci(n_, *mean(), *sd());
}

std::optional<double> Sample::quantile(double q) const {
  if (empty() || !(q >= 0 && q <= 1)) return std::nullopt;
  // Type 7, as kpi::quantile(): h = (n-1)q between ranks floor(h) and floor(h) + 1.
  const double h = double(n() - 1) * q;
  const auto lo = int64_t(std::floor(h));
  const double x_lo = at(lo);
  if (lo + 1 >= n()) return x_lo;
  return x_lo + (h - double(lo)) * (at(lo + 1) - x_lo);
}

std::optional<Interval> Sample::quantile_ci(double q) const {
  auto r = quantile_ci_ranks(n(), q);
  if (!r) return std::nullopt;
  return Interval{at(r->first - 1), at(r->second - 1)};
}

Sample Sample::from_parts(const Moments& m, Sketch s) {
  Sample out(Mode::sketch);
  out.n_ = m.n;
  out.sum_ = m.sum;
  out.sumsq_ = m.sumsq;
  out.sketch_ = std::move(s);
  return out;
}

bool Sample::operator==(const Sample& o) const {
  if (mode_ != o.mode_) return false;
  if (mode_ == Mode::sketch)
    return n_ == o.n_ && sum_ == o.sum_ && sumsq_ == o.sumsq_ && sketch_ == o.sketch_;
  sort();
  o.sort();
  return xs_ == o.xs_;
}

}  // namespace dp::kpi
