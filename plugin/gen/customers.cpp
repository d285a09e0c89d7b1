#include "gen/customers.h"

#include <algorithm>
#include <cmath>

namespace dp::gen {
namespace {

using namespace std::chrono;

constexpr uint64_t kDomainCustomer = 6;

Time at(int64_t s) {
  return Time{Seconds{s}};
}

}  // namespace

CustomerBook::CustomerBook(const World& w, size_t count)
    : w_(w), first_(count, 0), last_(count, 0), last_ticket_(count, 0) {}

size_t CustomerBook::pick(Rng& rng) const {
  // Skewed towards low indices: a minority of customers writes most tickets.
  return std::min(size(), size_t(std::pow(rng.uniform(), 1.8) * double(size())));
}

std::string CustomerBook::id(size_t i) const {
  return w_.id("cust:" + std::to_string(i + 1));
}

std::string CustomerBook::phone(size_t i) const {
  static constexpr const char* kPrefix[] = {"+3906", "+1212", "+4420"};
  std::string digits = std::to_string(10000000 + (i * 7919) % 90000000);
  return kPrefix[i % 3] + digits;
}

void CustomerBook::touch(size_t i, Time t) {
  int64_t s = t.time_since_epoch().count();
  if (first_[i] == 0 || s < first_[i]) first_[i] = s;
  last_[i] = std::max(last_[i], s);
}

std::optional<std::string> CustomerBook::last_ticket(size_t i) const {
  if (last_ticket_[i] == 0) return std::nullopt;
  return w_.id(std::to_string(last_ticket_[i]));
}

Customer CustomerBook::record(size_t i) const {
  Rng rng(w_.options().seed, kDomainCustomer, i);
  Time start = w_.start(), end = w_.end();
  double period_days = double((end - start) / days{1});
  Time signup = rng.chance(0.75) ? start - seconds(int64_t(rng.uniform(30, 1100) * 86400))
                                 : start + seconds(int64_t(rng.uniform(0, period_days) * 86400));
  Customer c;
  c.id = id(i);
  c.first_seen = first_[i] ? std::min(signup, at(first_[i])) : signup;
  if (last_[i]) c.last_active = at(last_[i]);
  Time last = c.last_active.value_or(c.first_seen);
  if (last < end - days{28} && rng.chance(0.5)) {
    c.churned_at = last + seconds(int64_t(rng.uniform(3, 25) * 86400));
  } else if (rng.chance(0.015)) {
    c.churned_at = last + seconds(int64_t(rng.uniform(0, 1) * double((end - last).count())));
  }
  if (c.churned_at && *c.churned_at >= end) c.churned_at.reset();
  static constexpr const char* kVia[] = {"referral", "ads", "organic"};
  c.acquired_via = kVia[rng.weighted({0.2, 0.35, 0.45})];
  double months = period_days / 30.44;
  c.revenue = std::round(rng.lognormal(90, 0.9) * months * 100) / 100;
  c.phone = phone(i);
  return c;
}

}  // namespace dp::gen
