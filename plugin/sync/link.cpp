#include "sync/link.h"

#include <algorithm>
#include <map>
#include <optional>

#include "model/json.h"

namespace dp::sync {

namespace {

std::optional<std::string> extra_string(const std::string& extra, const char* key) {
  if (extra.empty()) return std::nullopt;
  auto doc = json::parse(extra);
  if (!doc || !doc->IsObject()) return std::nullopt;
  return json::get_string(*doc, key);
}

// `ref` names the call itself or, followed by ':', one of its queue stays.
bool names(std::string_view id, std::string_view ref) {
  return id == ref ||
         (id.size() > ref.size() && id.substr(0, ref.size()) == ref && id[ref.size()] == ':');
}

bool refers_to(const std::string& ref, const Call& c, const std::optional<std::string>& uniqueid) {
  if (ref.empty()) return false;
  if (names(c.id, ref) || (uniqueid && ref == *uniqueid)) return true;
  auto colon = c.id.find(':');  // a bare native id against "<source>:<native>"
  return colon != std::string::npos && names(std::string_view(c.id).substr(colon + 1), ref);
}

Seconds distance(Time a, Time b) {
  return a > b ? a - b : b - a;
}

}  // namespace

std::vector<std::string> call_refs(const Ticket& t) {
  std::vector<std::string> refs;
  if (auto id = extra_string(t.extra, "call_id")) refs.push_back(*id);
  for (const auto& tag : t.tags)
    if (tag.rfind("call:", 0) == 0 && tag.size() > 5) refs.push_back(tag.substr(5));
  return refs;
}

std::string phone_key(std::string_view number) {
  std::string digits;
  for (char ch : number)
    if (ch >= '0' && ch <= '9') digits += ch;
  if (digits.size() < 6) return {};
  return digits.size() > 9 ? digits.substr(digits.size() - 9) : digits;
}

void link_calls_to_tickets(std::vector<Call>& calls, const std::vector<Ticket>& tickets,
                           const std::vector<Customer>& customers, Seconds window) {
  std::vector<std::pair<std::string, const Ticket*>> by_ref;
  for (const auto& t : tickets)
    for (auto& ref : call_refs(t)) by_ref.emplace_back(std::move(ref), &t);

  std::map<std::string, std::string> phone_of;  // customer id -> phone key
  for (const auto& c : customers)
    if (c.phone)
      if (auto k = phone_key(*c.phone); !k.empty()) phone_of[c.id] = k;
  std::multimap<std::string, const Ticket*> by_phone;
  for (const auto& t : tickets)
    if (auto it = phone_of.find(t.requester); it != phone_of.end())
      by_phone.emplace(it->second, &t);

  for (auto& call : calls) {
    if (call.ticket) continue;
    auto uniqueid = by_ref.empty() ? std::nullopt : extra_string(call.extra, "uniqueid");
    for (const auto& [ref, t] : by_ref) {
      if (refers_to(ref, call, uniqueid)) {
        call.ticket = t->id;
        break;
      }
    }
    if (call.ticket) continue;
    auto key = phone_key(call.caller);
    if (key.empty()) continue;
    const Ticket* best = nullptr;
    auto [lo, hi] = by_phone.equal_range(key);
    for (auto it = lo; it != hi; ++it) {
      const Ticket* t = it->second;
      Seconds d = distance(t->created_at, call.offered_at);
      if (d > window) continue;
      if (!best || d < distance(best->created_at, call.offered_at) ||
          (d == distance(best->created_at, call.offered_at) && t->id < best->id))
        best = t;
    }
    if (best) call.ticket = best->id;
  }
}

void link_calls_to_tickets(Records& r, Seconds window) {
  link_calls_to_tickets(r.calls, r.tickets, r.customers, window);
}

}  // namespace dp::sync
