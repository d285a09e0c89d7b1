// Carrying out a write-back plan through a sink: one call per ticket or agent with all
// of its values, rate limited (`max_writes_per_second` counts those calls), retried when
// the sink says so, and every value that landed recorded in the ledger right away so
// that a crash in the middle repeats nothing that already landed.
#pragma once

#include <atomic>
#include <functional>
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

ExecReport execute(const Plan& plan, Sink& sink, Store& store, const ExecOptions& options);

}  // namespace dp::writeback
