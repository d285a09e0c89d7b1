#include "writeback/ledger.h"

namespace dp::writeback {

Result<void> Ledger::read(TargetKind kind, const std::vector<std::string>& targets) {
  auto got = store_.ledger_values(kind, targets);
  if (!got) return got.error();
  auto& values = values_[size_t(kind)];
  values.merge(*got);
  read_[size_t(kind)].insert(targets.begin(), targets.end());
  return {};
}

Result<void> Ledger::read_tickets(const std::vector<kpi::TicketFacts>& facts) {
  std::vector<std::string> ids;
  for (const auto& f : facts) ids.push_back(f.ticket);
  return read(TargetKind::ticket, ids);
}

LedgerLookup Ledger::lookup() {
  return [this](TargetKind kind, const std::string& target,
                const std::string& field) -> std::optional<std::string> {
    if (read_[size_t(kind)].count(target)) {
      const auto& values = values_[size_t(kind)];
      auto it = values.find({target, field});
      if (it == values.end()) return std::nullopt;
      return it->second;
    }
    auto v = store_.ledger_value(kind, target, field);
    return v ? *v : std::nullopt;
  };
}

}  // namespace dp::writeback
