// What every KPI family reads: the records, the context, per-ticket facts and
// time-sorted indexes, built once per compute() (docs/kpis.md, "Windows and groups").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kpi/customer_base.h"
#include "kpi/facts.h"
#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"

namespace dp::kpi {

// Item indexes sorted by a time, so a window is a binary search, not a scan.
class TimeIndex {
 public:
  void add(Time t, size_t i) { v_.push_back({t, i}); }
  void sort();
  // Indexes of the items whose time is in [w.from, w.to).
  std::vector<size_t> in(const Window& w) const;

 private:
  std::vector<std::pair<Time, size_t>> v_;
};

struct Input {
  Input(const Records& data, const Context& ctx);

  const Records& data;
  const Context& ctx;
  TicketEvents events;                           // parallel to data.tickets
  std::vector<std::vector<std::string>> topics;  // ticket_topics(), parallel to data.tickets
  std::vector<TicketFacts> facts;                // parallel to data.tickets
  CustomerIndex customers;                       // of data.customers
  std::unordered_map<std::string_view, size_t> ticket_by_id;
  std::unordered_map<std::string_view, size_t> call_by_id;
  // Not merged/deleted tickets by created_at, first response and final resolution.
  TimeIndex created, responded, resolved;
  TimeIndex responded_human, bot_responded, assigned;
  TimeIndex worked;                     // events with time spent on kept tickets, by event time
  std::vector<long long> event_ticket;  // ticket index of each data.events; -1 if unknown
  TimeIndex offered;                    // inbound calls by offered_at (blocked included)
  TimeIndex answered;                   // surveys that count (survey_counts()) by answer time

  const Ticket* ticket(const std::optional<std::string>& id) const;
  // A survey response on a merged or deleted ticket counts in no KPI, like the ticket
  // (docs/kpis.md, "Ticket facts"); one naming no ticket, or a ticket not stored, counts.
  bool survey_counts(const Survey& s) const;
  const Call* call(const std::optional<std::string>& id) const;
};

// Group keys that are not agent, team, queue or channel names.
inline constexpr std::string_view kUnassigned = "(unassigned)";
inline constexpr std::string_view kNoTeam = "(no team)";
inline constexpr std::string_view kNone = "(none)";

// One window under one grouping: the key of each item, and the keys to report.
class Slice {
 public:
  Slice(const Input& in, const Window& w, GroupBy by);

  const Input& in;
  const Window& window;
  const GroupBy by;
  // Every key with any ticket, call, survey, work or agent session in the window
  // (overall: {""}), sorted.
  const std::vector<std::string>& keys() const { return keys_; }

  std::string ticket_key(size_t ticket) const;
  std::string call_key(const Call& c) const;
  std::string survey_key(const Survey& s) const;
  // Work on a ticket (time spent) is credited to the agent who did it.
  std::string work_key(const TicketEvent& e, size_t ticket) const;
  // The agent or team key of work done by `agent` (bots and nobody: "(unassigned)").
  std::string person_key(const std::optional<std::string>& agent) const;

 private:
  std::vector<std::string> keys_;
};

}  // namespace dp::kpi
