// The ledger of what was written (Store::ledger_value), read ahead for a plan: the
// entries of the targets a plan checks are read in one query per batch of targets,
// since a lookup each would be a read transaction each, most of a cycle's plan at a
// million tickets. Targets not read ahead are looked up one by one. Reads only.
#pragma once

#include <array>
#include <string>
#include <unordered_set>
#include <vector>

#include "kpi/facts.h"
#include "model/result.h"
#include "store/store.h"
#include "writeback/plan.h"

namespace dp::writeback {

class Ledger {
 public:
  explicit Ledger(Store& store) : store_(store) {}
  // Reads the entries of `targets` ahead.
  Result<void> read(TargetKind kind, const std::vector<std::string>& targets);
  Result<void> read_tickets(const std::vector<kpi::TicketFacts>& facts);
  // What the plan functions look the last written values up with; valid while this
  // Ledger lives.
  LedgerLookup lookup();

 private:
  Store& store_;
  std::array<Store::LedgerValues, 2> values_;
  std::array<std::unordered_set<std::string>, 2> read_;
};

}  // namespace dp::writeback
