// Canonical records (ARCHITECTURE.md, "Canonical records"). Connectors translate to
// and from these; the store keeps them; the KPI engine reads them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/time.h"

namespace dp {

enum class Channel { email, web, chat, phone, social, other };
enum class TicketStatus { new_, open, pending, resolved, closed, deleted, merged };
enum class EventType {
  created,
  agent_reply,
  customer_reply,
  internal_note,
  status_change,
  owner_change,
  merged,
  deleted
};
enum class Direction { inbound, outbound };
// in_progress: connected to an agent (answered_at, wait known) but not ended yet when the
// input stopped; ended_at is null and talk/hold/wrap are not known yet. It counts as offered
// and answered, not in handle time (docs/kpis.md, "Calls in progress").
enum class CallOutcome {
  answered,
  abandoned,
  timeout,
  blocked,
  transferred,
  voicemail,
  in_progress
};
enum class SurveyKind {
  csat,
  nps,
  ces,
  esat,
  iqs,
  loyalty_recommend,
  loyalty_repurchase,
  loyalty_upsell
};
enum class AgentKind { agent, bot };

// Fields a source sent that the canonical record has no place for, kept as a JSON
// object text ("" when none).
using Extra = std::string;

struct Ticket {
  std::string id;  // "<source>:<native id>"
  std::string queue;
  Channel channel = Channel::other;
  std::string requester;
  std::optional<std::string> owner;
  std::string subject;
  std::vector<std::string> tags;
  std::string priority;
  TicketStatus status = TicketStatus::new_;
  Time created_at{};
  Time updated_at{};
  Extra extra;
};

struct TicketEvent {
  // Source id when the system has one ("rt:txn:123"); else derived from the content
  // (see event_key()) so that re-importing the same event is idempotent.
  std::string id;
  std::string ticket;
  Time at{};
  EventType type = EventType::created;
  std::string actor;
  bool is_public = false;
  Seconds time_spent{0};
  std::optional<std::string> from;
  std::optional<std::string> to;
  Extra extra;
};

struct Call {
  std::string id;
  std::string queue;
  std::string caller;
  std::optional<std::string> agent;
  Direction direction = Direction::inbound;
  Time offered_at{};
  std::optional<Time> answered_at;
  std::optional<Time> ended_at;
  Seconds wait{0};
  Seconds talk{0};
  Seconds hold{0};
  Seconds wrap{0};
  CallOutcome outcome = CallOutcome::answered;
  std::optional<std::string> ticket;
  Extra extra;
};

struct Survey {
  std::string id;  // source id, or derived from the content
  SurveyKind kind = SurveyKind::csat;
  double score = 0;
  double scale_min = 1;
  double scale_max = 5;
  Time at{};
  std::optional<std::string> ticket;
  std::optional<std::string> call;
  std::optional<std::string> agent;
  std::optional<std::string> customer;
  Extra extra;
};

struct Customer {
  std::string id;
  Time first_seen{};
  std::optional<Time> last_active;
  std::optional<Time> churned_at;
  std::optional<std::string> acquired_via;
  std::optional<double> revenue;
  std::optional<std::string> phone;  // for linking calls to tickets by caller number
  Extra extra;
};

// What the customer-base KPIs read of a customer (kpi/customer_base.h).
struct CustomerSpan {
  Time first_seen{};
  std::optional<Time> last_active, churned_at;
  std::optional<double> revenue;
  bool referral = false;  // acquired via "referral"
};

// An agent's logged-in span on a phone queue (login/logoff, pauses), for occupancy.
struct AgentSession {
  std::string id;  // source id or derived from the content
  std::string agent;
  std::string queue;  // "" when the session covers all queues
  Time start{};
  Time end{};
  Seconds paused{0};
};

struct Agent {
  std::string id;
  std::string team;
  std::optional<std::string> calendar;
  AgentKind kind = AgentKind::agent;
  // Display name (a configured name, RT's RealName, a file's `name`); "" = unknown,
  // shown as the id. Last, so that Agent{id, team, calendar, kind} keeps meaning that.
  std::string name = {};
};

// A set of records as one unit of work (an import file, a poll of a source).
struct Records {
  std::vector<Ticket> tickets;
  std::vector<TicketEvent> events;
  std::vector<Call> calls;
  std::vector<Survey> surveys;
  std::vector<Customer> customers;
  std::vector<Agent> agents;
  std::vector<AgentSession> sessions;

  size_t size() const {
    return tickets.size() + events.size() + calls.size() + surveys.size() + customers.size() +
           agents.size() + sessions.size();
  }
  void append(Records&& other);
};

// Enum <-> canonical text. from_string returns nullopt for an unknown value.
std::string_view to_string(Channel v);
std::string_view to_string(TicketStatus v);
std::string_view to_string(EventType v);
std::string_view to_string(Direction v);
std::string_view to_string(CallOutcome v);
std::string_view to_string(SurveyKind v);
std::string_view to_string(AgentKind v);

template <class E>
std::optional<E> enum_from_string(std::string_view s);

// Content-derived ids for records whose source gives none: stable across imports.
std::string event_key(const TicketEvent& e);
std::string survey_key(const Survey& s);

}  // namespace dp
