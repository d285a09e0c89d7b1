// queue_log lines -> canonical Calls and AgentSessions (pure: lines in, records out).
//
// A call is one caller's stay in one queue: id "asterisk:<callid>:<queue>". The same
// callid can enter several queues (a transfer to another queue, an overflow); each
// stay is a call of its own queue, so per-queue KPIs count what each queue handled.
// Outcomes: COMPLETEAGENT/COMPLETECALLER answered; TRANSFER/BLINDTRANSFER/
// ATTENDEDTRANSFER transferred (answered_at and talk set too); ABANDON abandoned;
// EXITWITHTIMEOUT and EXITEMPTY/LEAVEEMPTY timeout (the queue let the caller go);
// EXITWITHKEY voicemail (the caller pressed the exit key, usually to a voicemail or
// callback menu); FULL/JOINEMPTY/JOINUNAVAIL blocked (never entered the queue).
// Wait is Asterisk's holdtime (includes ringing), talk its calltime.
// A call connected but not ended yet is a call in progress (outcome in_progress,
// answered_at and wait set, ended_at null): emitted by finish() and, when tailing, by
// emit_in_progress() once, in the batch that read its CONNECT; its end line later emits
// the finished call with the same id, which replaces it. A call still waiting in the
// queue is not a call yet (not offered until it ends): its lines stay pending.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asterisk/log_line.h"
#include "asterisk/options.h"
#include "asterisk/queue_log_event.h"
#include "asterisk/session_tracker.h"
#include "connector/source.h"
#include "model/records.h"

namespace dp::asterisk {

// No queue call lasts this long: one still open after it lost its end line.
inline constexpr Seconds kMaxCallLength{24 * 3600};

struct AssemblerStats {
  size_t lines = 0;
  size_t ignored = 0;  // known events with nothing to count (CONFIGRELOAD, filtered queues)
  std::map<std::string, size_t> unknown;  // event name -> lines
  size_t sweep_visits = 0;  // open calls the stale-call sweep looked at (tests: linear)
  // At finish(): calls connected to an agent and not ended (emitted as in_progress), and
  // calls still waiting in a queue (not counted yet).
  size_t connected_at_end = 0;
  size_t waiting_at_end = 0;
};

class CallAssembler {
 public:
  explicit CallAssembler(QueueLogOptions options) : opt_(std::move(options)) {}

  void feed(const LogLine& line);
  // End of an import file: calls waiting for a wrap-up pause take the configured
  // wrapuptime, open sessions end at the last line; calls connected but not ended are
  // emitted as in_progress, calls still waiting are counted in stats(), neither is an
  // error.
  void finish();
  // Emits, as in_progress, each open call whose CONNECT line has a seq above `after_seq`
  // (tailing: the lines read by this poll, so a call is emitted in progress once).
  // Returns how many.
  size_t emit_in_progress(uint64_t after_seq);

  Records take_records();
  std::vector<Rejection> take_rejections();
  // The lines that rebuild every unfinished call and session, in arrival order.
  std::vector<LogLine> pending_lines() const;
  size_t open_calls() const { return open_.size() + awaiting_.size(); }
  const AssemblerStats& stats() const { return stats_; }

 private:
  struct Open {
    Call call;
    bool connected = false;
    uint64_t connect_seq = 0;  // the CONNECT line's seq
    std::vector<LogLine> lines;
    Time indexed{};  // its key in by_start_ (offered_at when it was indexed)
  };
  struct Awaiting {  // finished, waiting to see whether the agent pauses for wrap-up
    Call call;
    std::vector<LogLine> lines;
    std::optional<Time> pause_start;
  };

  void dispatch(const QueueLogEvent& ev, const LogLine& line);
  void on_enter(const QueueLogEvent& ev, const LogLine& line);
  void on_blocked(const QueueLogEvent& ev, const LogLine& line);
  void on_connect(const QueueLogEvent& ev, const LogLine& line);
  void on_answered_end(const QueueLogEvent& ev, const LogLine& line, size_t hold_arg,
                       size_t talk_arg, CallOutcome outcome);
  void on_unanswered_end(const QueueLogEvent& ev, const LogLine& line, size_t wait_arg,
                         CallOutcome outcome);
  void on_ring(const QueueLogEvent& ev, const LogLine& line);
  void on_restart(const LogLine& line);
  void drop_stale(Time now);
  void index(const std::string& key, Open& o);
  Open* find_or_report(const QueueLogEvent& ev, const LogLine& line);
  // Takes the call out of open_ with its ending, then emits it or waits for wrap-up.
  void close_call(const QueueLogEvent& last, const LogLine& line, CallOutcome outcome);
  void resolve_wrapups(const QueueLogEvent& ev, const LogLine& line);
  void emit(Call&& c, Seconds wrap);
  Seconds configured_wrap(const std::string& queue) const;
  Seconds number_arg(const QueueLogEvent& ev, size_t n, Seconds fallback, const LogLine& line);
  void reject(const LogLine& line, std::string field, std::string message);

  QueueLogOptions opt_;
  std::map<std::string, Open> open_;  // callid|queue -> call in progress
  // Calls by start, oldest first, so the sweep for calls that never ended looks only at
  // the ones old enough (linear overall, where walking open_ every minute was
  // quadratic). Entries of calls closed or re-indexed since are dropped as they come
  // up, so it holds about kMaxCallLength of calls.
  std::multimap<Time, std::string> by_start_;
  std::vector<Awaiting> awaiting_;
  SessionTracker sessions_;
  Records out_;
  std::vector<Rejection> rejected_;
  AssemblerStats stats_;
  std::optional<Time> last_at_;
  Time next_sweep_{};
};

}  // namespace dp::asterisk
