// The customer base: who opens tickets and calls (a few customers far more often
// than most), and what each customer record says once the period is over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gen/rng.h"
#include "gen/world.h"

namespace dp::gen {

class CustomerBook {
 public:
  CustomerBook(const World& w, size_t count);

  size_t size() const { return last_.size(); }
  size_t pick(Rng& rng) const;
  std::string id(size_t i) const;
  std::string phone(size_t i) const;

  void touch(size_t i, Time t);
  void set_last_ticket(size_t i, size_t number) { last_ticket_[i] = uint32_t(number); }
  std::optional<std::string> last_ticket(size_t i) const;

  // The record as of the end of the period.
  Customer record(size_t i) const;

 private:
  const World& w_;
  // Seconds since epoch; 0 = no activity. Flat arrays keep millions of customers cheap.
  std::vector<int64_t> first_, last_;
  std::vector<uint32_t> last_ticket_;
};

}  // namespace dp::gen
