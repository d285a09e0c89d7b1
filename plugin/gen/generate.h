// Deterministic demo and benchmark data: by default three teams in three time zones,
// 20 agents and a bot (GenOptions shapes other sets), tickets with their event history, calls,
// surveys, customers and agent sessions. The same options give byte-identical output; records
// stream out day by day, so any size can be written in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "model/progress.h"
#include "model/records.h"
#include "model/result.h"
#include "model/time.h"

namespace dp::gen {

inline constexpr size_t kMaxAgents = 100000, kMaxQueues = 10000;

struct GenOptions {
  uint64_t seed = 42;
  size_t tickets = 3000;
  Time start = Time{std::chrono::sys_days{std::chrono::year{2026} / 8 / 24}};  // a Monday
  int weeks = 13;
  double calls_per_ticket = 0.5;
  std::string id_prefix = "gen";  // ids are "<prefix>:<native id>"
  // The shape. Agents are spread over the teams as evenly as possible (the first teams
  // get one more). The first three teams are billing, tech and onboarding; further ones
  // are team04, team05, ... in those three calendars and zones in turn. Phone queues
  // go to the teams in turn: one named after each team, then "<team>-2", ...; 0 means
  // one per team. The defaults are the demo's shape.
  size_t agents = 20;
  size_t teams = 3;
  size_t queues = 0;
  bool surveys = true;  // false: no survey responses at all, every other record the same
  // Told of the tickets made of `tickets` (task "generate", every 1,024 tickets and at
  // each day's end, with the records made so far); not finished here.
  Progress* progress = nullptr;
};

struct GenStats {
  size_t tickets = 0, events = 0, calls = 0, surveys = 0, customers = 0, agents = 0, sessions = 0;
  size_t total() const {
    return tickets + events + calls + surveys + customers + agents + sessions;
  }
};

// Receives records as they are made. An error stops the generator and is returned.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual Result<void> put(const Ticket& v) = 0;
  virtual Result<void> put(const TicketEvent& v) = 0;
  virtual Result<void> put(const Call& v) = 0;
  virtual Result<void> put(const Survey& v) = 0;
  virtual Result<void> put(const Customer& v) = 0;
  virtual Result<void> put(const Agent& v) = 0;
  virtual Result<void> put(const AgentSession& v) = 0;
};

// Bad options (weeks < 1, no id prefix, no agents or teams, more teams than agents,
// more than kMaxAgents agents or kMaxQueues queues) with the option's name as context.
Result<void> check_options(const GenOptions& opt);

// Checks the options first (check_options). Order: agents, then per day its tickets (each followed
// by its events and surveys), calls, agent sessions and staff surveys, then customers.
Result<GenStats> generate_to(const GenOptions& opt, RecordSink& sink);

// Everything in memory: for small sets (demo, tests).
Records generate(const GenOptions& opt);

// The records in batches of at most `batch_records`, each of one kind, in the order
// above within a kind, for writing them straight into a store in bounded memory (at
// most `batch_records` of each kind are held). `take` may move from the batch; an
// error it returns stops the generator and is returned.
Result<GenStats> generate_batches(const GenOptions& opt, size_t batch_records,
                                  const std::function<Result<void>(Records&)>& take);

// tickets.ndjson, ticket_events.ndjson, calls.ndjson, surveys.ndjson,
// customers.ndjson, agents.ndjson, agent_sessions.ndjson in `dir` (created if
// missing, files replaced), in the file connector's format.
Result<GenStats> write_ndjson_dir(const GenOptions& opt, const std::string& dir);

}  // namespace dp::gen
