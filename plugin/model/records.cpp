#include "model/records.h"

#include <array>
#include <cstdint>
#include <iterator>
#include <utility>

namespace dp {
namespace {

constexpr std::array<std::string_view, 6> kChannel{"email", "web",    "chat",
                                                   "phone", "social", "other"};
constexpr std::array<std::string_view, 7> kStatus{"new",    "open",    "pending", "resolved",
                                                  "closed", "deleted", "merged"};
constexpr std::array<std::string_view, 8> kEvent{"created",       "agent_reply",   "customer_reply",
                                                 "internal_note", "status_change", "owner_change",
                                                 "merged",        "deleted"};
constexpr std::array<std::string_view, 2> kDirection{"inbound", "outbound"};
constexpr std::array<std::string_view, 7> kOutcome{
    "answered", "abandoned", "timeout", "blocked", "transferred", "voicemail", "in_progress"};
constexpr std::array<std::string_view, 8> kSurvey{
    "csat",          "nps", "ces", "esat", "iqs", "loyalty_recommend", "loyalty_repurchase",
    "loyalty_upsell"};
constexpr std::array<std::string_view, 2> kAgentKind{"agent", "bot"};

template <class E, size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

// FNV-1a 64: a stable content hash (not for security).
uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex(uint64_t v) {
  static const char* d = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = d[v & 15];
  return out;
}

template <class T>
void move_append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void Records::append(Records&& o) {
  move_append(tickets, o.tickets);
  move_append(events, o.events);
  move_append(calls, o.calls);
  move_append(surveys, o.surveys);
  move_append(customers, o.customers);
  move_append(agents, o.agents);
  move_append(sessions, o.sessions);
}

std::string_view to_string(Channel v) {
  return kChannel[size_t(v)];
}
std::string_view to_string(TicketStatus v) {
  return kStatus[size_t(v)];
}
std::string_view to_string(EventType v) {
  return kEvent[size_t(v)];
}
std::string_view to_string(Direction v) {
  return kDirection[size_t(v)];
}
std::string_view to_string(CallOutcome v) {
  return kOutcome[size_t(v)];
}
std::string_view to_string(SurveyKind v) {
  return kSurvey[size_t(v)];
}
std::string_view to_string(AgentKind v) {
  return kAgentKind[size_t(v)];
}

template <>
std::optional<Channel> enum_from_string<Channel>(std::string_view s) {
  return lookup<Channel>(kChannel, s);
}
template <>
std::optional<TicketStatus> enum_from_string<TicketStatus>(std::string_view s) {
  return lookup<TicketStatus>(kStatus, s);
}
template <>
std::optional<EventType> enum_from_string<EventType>(std::string_view s) {
  return lookup<EventType>(kEvent, s);
}
template <>
std::optional<Direction> enum_from_string<Direction>(std::string_view s) {
  return lookup<Direction>(kDirection, s);
}
template <>
std::optional<CallOutcome> enum_from_string<CallOutcome>(std::string_view s) {
  return lookup<CallOutcome>(kOutcome, s);
}
template <>
std::optional<SurveyKind> enum_from_string<SurveyKind>(std::string_view s) {
  return lookup<SurveyKind>(kSurvey, s);
}
template <>
std::optional<AgentKind> enum_from_string<AgentKind>(std::string_view s) {
  return lookup<AgentKind>(kAgentKind, s);
}

std::string event_key(const TicketEvent& e) {
  std::string k = e.ticket;
  k += '|' + std::to_string(e.at.time_since_epoch().count());
  k += '|';
  k += to_string(e.type);
  k += '|' + e.actor + '|' + (e.is_public ? "1" : "0");
  k += '|' + e.from.value_or("") + '|' + e.to.value_or("");
  return "ev:" + hex(fnv1a(k));
}

std::string survey_key(const Survey& s) {
  std::string k(to_string(s.kind));
  k += '|' + std::to_string(s.at.time_since_epoch().count()) + '|' + std::to_string(s.score);
  k += '|' + s.ticket.value_or("") + '|' + s.call.value_or("") + '|' + s.agent.value_or("");
  k += '|' + s.customer.value_or("");
  return "sv:" + hex(fnv1a(k));
}

}  // namespace dp
