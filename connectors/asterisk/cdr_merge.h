// One canonical call per real call from the CDR legs Asterisk writes (pure, no I/O).
//
// A Dial() that rings several phones, a Local channel, a transfer: each leg is its own
// CDR line. Legs are grouped by linkedid (newcdrcolumns, 19..21 columns), else by
// uniqueid (17/18 columns: the caller channel's CDRs share it, so the legs of one
// Dial() merge, but a call through Local channels or a transfer may stay split), else
// (16 columns) each CDR is a call: there is nothing to group on, and no guessing from
// numbers or times is done.
//
// A group becomes one Call, id "asterisk:cdr:<linkedid | uniqueid>":
// - offered_at = earliest start, ended_at = latest end; caller and queue from the
//   originating leg (uniqueid = the group key, else the earliest), the queue from a
//   Queue() leg when there is one;
// - answered when any leg is ANSWERED: the answering leg is the ANSWERED one with a
//   dstchannel and the longest billsec (else the longest billsec); agent = its
//   dstchannel's peer, talk = its billsec, wait = its answer - offered_at;
// - else abandoned when any leg is NO ANSWER; blocked only when every leg is BUSY,
//   FAILED or CONGESTION. wait = ended_at - offered_at.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "asterisk/cdr.h"
#include "asterisk/options.h"
#include "connector/source.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::asterisk {

// The key legs of one call share: linkedid, else uniqueid, else "" (a call of its own).
std::string cdr_group_key(const CdrRecord& r);

// The legs (one group, at least one) as one call. Legs whose durations are impossible
// are expected to be filtered out before (see check_cdr_leg).
Result<Call> merge_cdr_legs(const std::vector<CdrRecord>& legs, const CdrOptions& options);

// An impossible leg (negative billsec, duration shorter than billsec, end before start,
// answer outside start..end).
Result<void> check_cdr_leg(const CdrRecord& r);

struct CdrLine {
  std::string where;  // "<file>:<line>"
  std::string text;
};

// Groups CDR lines as they are read. Import feeds a whole file and calls finish();
// the tailing source feeds a poll's lines, then close_complete(), and carries the
// lines of the groups still open in its cursor (pending_lines) to feed them again.
class CdrMerger {
 public:
  explicit CdrMerger(CdrOptions options) : opt_(std::move(options)) {}

  // Parses one line; bad lines become rejections, empty lines are ignored.
  void feed(const CdrLine& line);

  // Emits the groups that are complete: the newest start seen (and, with at_end, the
  // newest end: the file has nothing more for now) is more than merge_window after
  // the group's last end.
  void close_complete(bool at_end);
  void finish();  // emits every open group

  std::vector<Call> take_calls() { return std::exchange(calls_, {}); }
  std::vector<Rejection> take_rejections() { return std::exchange(rejected_, {}); }
  std::vector<CdrLine> pending_lines() const;  // open groups' lines, in feed order

  // The newest start and end seen: kept in the cursor so that a restart closes groups
  // as the uninterrupted run would.
  Time newest_start() const { return newest_start_; }
  Time newest_end() const { return newest_end_; }
  void set_newest(Time start, Time end);

 private:
  struct Group {
    uint64_t order = 0;  // feed order of its first line
    std::vector<CdrRecord> legs;
    std::vector<CdrLine> lines;
    Time last_end{};
  };
  void emit(Group& g);

  CdrOptions opt_;
  std::map<std::string, Group> open_;  // by group key
  uint64_t fed_ = 0;
  Time newest_start_{};
  Time newest_end_{};
  std::vector<Call> calls_;
  std::vector<Rejection> rejected_;
};

}  // namespace dp::asterisk
