// Write-back planning: which field writes are due, decided against the ledger of what
// was last written (ARCHITECTURE.md, "State and write-back"). Pure: the ledger is read
// through a callback, the sink is not touched here.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connector/sink.h"
#include "kpi/facts.h"
#include "kpi/row.h"
#include "store/store.h"

namespace dp::writeback {

// Text written for a figure of a ticket (ids: config::kTicketFigures); nullopt while it is not
// known yet (an unresolved ticket has no resolution time), so nothing is written for it.
std::optional<std::string> ticket_figure(const kpi::TicketFacts& f, const std::string& figure);

// A calendar duration as people read it on a ticket: "45m", "3h 05m", "2d 4h".
std::string human_duration(Seconds s);
// A business-time duration in business hours, never days (a "day" of 24 business hours
// would be three working days): "45m", "37h 20m"; zero reads "0m (outside business
// hours)", since only a reply before the calendar's working time starts takes none.
std::string business_duration(Seconds s);
// Whole minutes, zero-padded to six digits ("000065"): RT compares custom field values
// as text, so only a fixed width sorts and compares in TicketSQL.
std::string whole_minutes(Seconds s);

// Last value written to (kind, target, field), or nullopt when never written.
using LedgerLookup = std::function<std::optional<std::string>(
    TargetKind kind, const std::string& target, const std::string& field)>;

struct Plan {
  std::vector<FieldWrite> ticket_writes;
  std::vector<UserFieldWrite> user_writes;
  size_t unchanged = 0;  // writes skipped because the ledger holds the same value
  size_t size() const { return ticket_writes.size() + user_writes.size(); }
};

// Ticket figures mapped to custom fields (figure id -> field name), written when they
// become known and again only when their value changes; a figure written before that no
// longer applies (a reopen, a merge) is cleared once with "".
void plan_ticket_fields(const std::vector<kpi::TicketFacts>& facts,
                        const std::map<std::string, std::string>& field_for_figure,
                        const LedgerLookup& ledger, Plan& plan);

// An agent's rolling scores, from engine rows grouped by agent over the rolling window,
// onto the agent's user record (figure id -> user field name). The text carries n so
// nobody reads a score from 3 surveys as settled: "87.5% (n=24)".
struct AgentScore {
  std::string agent;
  std::string figure;
  double value = 0;
  long long n = 0;
  std::string unit;
};
std::vector<AgentScore> agent_scores(const std::vector<kpi::Row>& agent_rows);
std::string score_text(const AgentScore& s);
// The number at the start of a score text, in the score's unit (seconds for "s").
std::optional<double> score_number(const std::string& text, const std::string& unit);

void plan_agent_fields(const std::vector<AgentScore>& scores,
                       const std::map<std::string, std::string>& field_for_figure,
                       const LedgerLookup& ledger, Plan& plan);

// The same scores on the agent's open tickets, but only when a score moved by more
// than its step since it was last written there (so ticket histories are not flooded).
void plan_agent_ticket_fields(const std::vector<AgentScore>& scores,
                              const std::map<std::string, std::vector<std::string>>& open_tickets,
                              const std::map<std::string, std::string>& field_for_figure,
                              const std::map<std::string, double>& step_for_figure,
                              const LedgerLookup& ledger, Plan& plan);

}  // namespace dp::writeback
