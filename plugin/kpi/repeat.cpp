#include "kpi/repeat.h"

#include <algorithm>

namespace dp::kpi {

namespace {

bool is_contact(const Call& c) {
  return c.direction == Direction::inbound && c.outcome != CallOutcome::blocked;
}

}  // namespace

RepeatContacts::RepeatContacts(const Records& data, const std::vector<std::string>& topics,
                               const std::vector<bool>& excluded)
    : data_(data), topics_(topics) {
  std::unordered_map<std::string, size_t> ticket_index;
  ticket_index.reserve(data.tickets.size());
  for (size_t i = 0; i < data.tickets.size(); ++i) {
    ticket_index.emplace(data.tickets[i].id, i);
    if (!excluded[i])
      by_requester_[data.tickets[i].requester].push_back(
          {data.tickets[i].created_at, static_cast<long long>(i), false});
  }
  std::unordered_map<std::string, std::string> customer_by_phone;
  for (const auto& c : data.customers)
    if (c.phone && !c.phone->empty()) customer_by_phone.emplace(*c.phone, c.id);
  // A caller is matched to a requester through the call's ticket, else the customer
  // whose phone is the caller number, else the caller id as written.
  for (const auto& call : data.calls) {
    if (!is_contact(call)) continue;
    long long linked = -1;
    std::string requester = call.caller;
    if (call.ticket) {
      if (auto it = ticket_index.find(*call.ticket); it != ticket_index.end()) {
        linked = static_cast<long long>(it->second);
        requester = data.tickets[it->second].requester;
      }
    } else if (auto it = customer_by_phone.find(call.caller); it != customer_by_phone.end()) {
      requester = it->second;
    }
    by_requester_[requester].push_back({call.offered_at, linked, true});
  }
  for (auto& [_, v] : by_requester_)
    std::sort(v.begin(), v.end(), [](const Contact& a, const Contact& b) { return a.at < b.at; });
}

bool RepeatContacts::any_after(size_t i, Time resolved_at, int fcr_days) const {
  const Ticket& t = data_.tickets[i];
  if (t.requester.empty()) return false;  // unknown requester: nothing to match
  auto it = by_requester_.find(t.requester);
  if (it == by_requester_.end()) return false;
  const Time until = resolved_at + std::chrono::days(fcr_days);
  const std::string& topic = topics_[i];
  auto first = std::upper_bound(it->second.begin(), it->second.end(), t.created_at,
                                [](Time at, const Contact& c) { return at < c.at; });
  for (auto c = first; c != it->second.end() && c->at <= until; ++c) {
    if (c->ticket == static_cast<long long>(i)) {
      if (c->is_call) return true;  // the requester called about this very ticket
      continue;
    }
    // An unlinked call has no topic: it counts. A ticket counts on the same topic, or
    // when either side has none.
    if (c->ticket < 0) return true;
    const std::string& other = topics_[static_cast<size_t>(c->ticket)];
    if (topic.empty() || other.empty() || other == topic) return true;
  }
  return false;
}

}  // namespace dp::kpi
