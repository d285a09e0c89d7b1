// Repeat contacts for fcr (docs/kpis.md, "fcr"): did the requester come back — a new
// ticket on the same topic or a call — within fcr_days of the ticket's resolution?
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "kpi/options.h"
#include "model/records.h"

namespace dp::kpi {

class RepeatContacts {
 public:
  // `topics[i]` is primary_topic(data.tickets[i]); `excluded[i]` marks merged/deleted.
  RepeatContacts(const Records& data, const std::vector<std::string>& topics,
                 const std::vector<bool>& excluded);

  // True when ticket `i` (resolved at `resolved_at`) was followed, after its creation
  // and up to fcr_days after resolved_at, by another contact of the same requester.
  bool any_after(size_t i, Time resolved_at, int fcr_days) const;

 private:
  struct Contact {
    Time at;
    long long ticket;  // index in data.tickets; -1 for an unlinked call
    bool is_call;
  };
  const Records& data_;
  const std::vector<std::string>& topics_;
  std::unordered_map<std::string, std::vector<Contact>> by_requester_;
};

}  // namespace dp::kpi
