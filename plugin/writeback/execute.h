// Carrying out a write-back plan through a sink: one call per ticket or agent with all
// of its values, rate limited (`max_writes_per_second` counts those calls), retried when
// the sink says so, and every value that landed recorded in the ledger right away so
// that a crash in the middle repeats nothing that already landed. Report posts go
// through the same runner (post_report): the same pacing and retries.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connector/sink.h"
#include "model/progress.h"
#include "store/store.h"
#include "writeback/plan.h"

namespace dp::writeback {

struct ExecOptions {
  double max_writes_per_second = 5;         // 0 = unlimited
  int max_attempts = 3;                     // per write, for retry / rate_limited results
  Seconds max_wait{60};                     // cap on a sink's Retry-After
  int give_up_after_errors = 20;            // consecutive failures: the sink is down, stop
  std::function<void(Seconds)> sleep;       // injected in tests; default: real sleep
  std::function<Time()> now;                // default: system clock
  const std::atomic<bool>* stop = nullptr;  // set by SIGTERM: finish the current write
  Progress* progress = nullptr;             // stepped after each target written
};

struct ExecReport {
  size_t written = 0;   // field values that landed
  size_t cleared = 0;   // figures that no longer apply, emptied
  size_t failed = 0;    // field values that did not land
  size_t requests = 0;  // sink calls: one per ticket or agent written
  bool stopped_early = false;
  std::vector<std::string> errors;  // one line per failed write (no secrets)
};

// Sink calls paced to `max_writes_per_second` (a whole-second clock: no second gets
// more calls than the limit) and repeated while the sink answers rate_limited, or retry
// when the call is safe to repeat (`idempotent`), up to `max_attempts`, waiting its
// Retry-After (at most `max_wait`, else 1s) between. execute() makes a plan's writes
// through one; a cycle posts its reports through one.
class Calls {
 public:
  explicit Calls(const ExecOptions& o) : o_(o) {}
  template <class Call>
  SinkResult attempt(Call&& call, bool idempotent = true) {
    SinkResult r;
    for (int attempt = 1; attempt <= std::max(1, o_.max_attempts); ++attempt) {
      pace();
      r = call();
      const bool again =
          r.status == SinkStatus::rate_limited || (idempotent && r.status == SinkStatus::retry);
      if (!again) break;
      if (attempt < o_.max_attempts)
        sleep(std::min(r.retry_after.value_or(Seconds(1)), o_.max_wait));
    }
    return r;
  }
  Time now() const;

 private:
  void pace();
  void sleep(Seconds s) const;
  const ExecOptions& o_;
  std::optional<Time> last_write_;
  int in_second_ = 0;  // calls made in the second `last_write_`
};

ExecReport execute(const Plan& plan, Sink& sink, Store& store, const ExecOptions& options);

// One report post through `calls`: paced like a field write, and repeated when the
// sink refused it (rate_limited). A `retry` is not repeated here: the post may have been
// carried out (a create that timed out) and a repeat could look for it before the
// helpdesk finished making it, then post a second; the next cycle's Sink::post_report
// finds it instead. The caller records what the post became in the report ledger
// (Store::record_report) once this says ok, so that no later cycle posts it again.
SinkResult post_report(const ReportPost& post, Sink& sink, Calls& calls);

}  // namespace dp::writeback
