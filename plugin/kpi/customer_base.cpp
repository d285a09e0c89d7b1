#include "kpi/customer_base.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace dp::kpi {

namespace {

// A customer at instant t: seen before it and not churned by then.
bool customer_at(const CustomerSpan& c, Time t) {
  return c.first_seen < t && (!c.churned_at || *c.churned_at >= t);
}

}  // namespace

CustomerSpan span_of(const Customer& c) {
  return {c.first_seen, c.last_active, c.churned_at, c.revenue, c.acquired_via == "referral"};
}

Micros to_micros(double revenue) {
  // Finite revenues below 10^30 (far beyond any currency's); others count as none.
  if (!(std::abs(revenue) < 1e30)) return 0;
  return Micros(std::round(revenue * 1e6));
}

double from_micros(Micros m) {
  const Micros whole = m / 1'000'000, part = m % 1'000'000;
  return double(whole) + double(part) / 1e6;
}

namespace {

// How many of sorted `v` are before t.
size_t before(const std::vector<Time>& v, Time t) {
  return size_t(std::lower_bound(v.begin(), v.end(), t) - v.begin());
}

// Sorts by a time, stably, 16 bits of seconds at a time (a few passes over millions of
// customers, where a comparison sort takes most of a compute).
template <class T, class TimeOf>
void sort_by_time(std::vector<T>& v, TimeOf time_of) {
  if (v.size() < 2) return;
  auto seconds = [&](const T& x) { return int64_t(time_of(x).time_since_epoch().count()); };
  int64_t lo = seconds(v[0]), hi = lo;
  for (const T& x : v) lo = std::min(lo, seconds(x)), hi = std::max(hi, seconds(x));
  const uint64_t range = uint64_t(hi) - uint64_t(lo);
  std::vector<T> out(v.size());
  std::vector<size_t> at(65537);
  for (int shift = 0; shift < 64 && (range >> shift) != 0; shift += 16) {
    auto digit = [&](const T& x) {
      return size_t(((uint64_t(seconds(x)) - uint64_t(lo)) >> shift) & 0xffff);
    };
    std::fill(at.begin(), at.end(), 0);
    for (const T& x : v) ++at[digit(x) + 1];
    for (size_t d = 1; d < at.size(); ++d) at[d] += at[d - 1];
    for (T& x : v) out[at[digit(x)]++] = std::move(x);
    v.swap(out);
  }
}

}  // namespace

std::optional<Time> active_until(const CustomerSpan& c) {
  if (c.churned_at && c.last_active) return std::min(*c.churned_at, *c.last_active);
  return c.churned_at ? c.churned_at : c.last_active;
}

CustomerIndex::Sorted::Sorted(const std::vector<CustomerSpan>& customers) {
  for (auto* v : {&first, &referred_first, &gone}) v->reserve(customers.size());
  for (auto* v : {&by_first, &by_end}) v->reserve(customers.size());
  for (const CustomerSpan& c : customers) {
    first.push_back(c.first_seen);
    if (c.referral) referred_first.push_back(c.first_seen);
    if (c.churned_at) {
      gone.push_back(std::max(c.first_seen, *c.churned_at));
      churns.emplace_back(*c.churned_at, c.first_seen);
    }
    const auto end = active_until(c);
    if (end && *end < c.first_seen) {
      odd.push_back(c);
      continue;
    }
    by_first.push_back({c.first_seen, c.revenue.value_or(0), c.revenue.has_value()});
    if (end) by_end.push_back({*end, c.revenue.value_or(0), c.revenue.has_value()});
  }
  const auto itself = [](Time t) { return t; };
  for (auto* v : {&first, &referred_first, &gone}) sort_by_time(*v, itself);
  sort_by_time(churns, [](const auto& c) { return c.first; });
  // Ties keep the customers' order (the store's: by id), so prefix sums are repeatable.
  for (auto [v, sums, with] : {std::tuple{&by_first, &first_revenue, &first_with},
                               std::tuple{&by_end, &end_revenue, &end_with}}) {
    sort_by_time(*v, [](const Revenue& r) { return r.t; });
    sums->reserve(v->size() + 1);
    with->reserve(v->size() + 1);
    sums->assign(1, 0);
    with->assign(1, 0);
    for (const Revenue& r : *v) {
      sums->push_back(sums->back() + to_micros(r.revenue));
      with->push_back(with->back() + r.with);
    }
  }
}

CustomerBase CustomerIndex::at(const Window& w) const {
  if (!sorted_ && plain_ < kPlainWindows) {
    ++plain_;
    return customer_base(spans_, w);
  }
  if (!sorted_) sorted_.emplace(spans_);
  const Sorted& s = *sorted_;
  CustomerBase b;
  // At t: seen before it, less those also churned before it.
  auto at = [&](Time t) { return (long long)(before(s.first, t) - before(s.gone, t)); };
  b.start = at(w.from);
  b.end = at(w.to);
  b.acquired = (long long)(before(s.first, w.to) - before(s.first, w.from));
  b.referred = (long long)(before(s.referred_first, w.to) - before(s.referred_first, w.from));
  auto churn = std::lower_bound(s.churns.begin(), s.churns.end(), std::pair{w.from, Time::min()});
  for (; churn != s.churns.end() && churn->first < w.to; ++churn)
    b.churned += churn->second < w.from;
  // Active: seen before the end, less those that ended before the start (who were seen
  // before it too, the odd ones aside).
  auto upto = [](const std::vector<Revenue>& v, Time t) {
    return size_t(
        std::lower_bound(v.begin(), v.end(), t, [](const Revenue& r, Time x) { return r.t < x; }) -
        v.begin());
  };
  const size_t seen = upto(s.by_first, w.to), ended = upto(s.by_end, w.from);
  b.active = (long long)seen - (long long)ended;
  b.revenue = s.first_revenue[seen] - s.end_revenue[ended];
  b.with_revenue = s.first_with[seen] - s.end_with[ended];
  const CustomerBase odd = customer_base(s.odd, w);
  b.active += odd.active;
  b.revenue += odd.revenue;
  b.with_revenue += odd.with_revenue;
  return b;
}

CustomerBase customer_base(const std::vector<CustomerSpan>& customers, const Window& w) {
  CustomerBase b;
  for (const CustomerSpan& c : customers) {
    const bool at_start = customer_at(c, w.from);
    b.start += at_start;
    b.end += customer_at(c, w.to);
    const bool fresh = c.first_seen >= w.from && c.first_seen < w.to;
    b.acquired += fresh;
    b.referred += fresh && c.referral;
    b.churned += at_start && c.churned_at && *c.churned_at < w.to;
    const bool during = c.first_seen < w.to && (!c.churned_at || *c.churned_at >= w.from);
    if (during && (!c.last_active || *c.last_active >= w.from)) {
      ++b.active;
      if (c.revenue) {
        b.revenue += to_micros(*c.revenue);
        ++b.with_revenue;
      }
    }
  }
  return b;
}

}  // namespace dp::kpi
