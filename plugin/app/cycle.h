// The main job, once: sync every source, recompute, write back what changed, post
// the reports that are due. `run` repeats it; `demo` runs it on the demo data set.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "connector/sink.h"
#include "connector/source.h"
#include "kpi/facts.h"
#include "model/progress.h"
#include "store/store.h"
#include "writeback/cycle.h"
#include "writeback/plan.h"

namespace dp::app {

struct CycleOptions {
  bool sync = true;
  bool write_fields = true;
  bool post_reports = true;
  bool dry_run = false;            // plan and render, but touch no sink
  std::optional<Time> now;         // default: the system clock
  bool respect_intervals = false;  // `run`: sync a source only when its interval elapsed
  const std::atomic<bool>* stop = nullptr;
  Progress* progress = nullptr;  // each source's sync counted on it (ops::make_progress())
};

// The sync's figures, with write-back's (writes, reports, notes, errors, the connectors
// that answered or failed).
struct CycleReport : writeback::Outcome {
  size_t synced = 0;   // records read from sources and stored
  size_t changed = 0;  // of those, new or different from the stored copy
  size_t rejected = 0;
  // Each source polled this cycle (a source not due is not polled): `error` empty when
  // the poll succeeded.
  struct Poll {
    std::string source;
    size_t stored = 0, rejected = 0;
    std::string error;
  };
  std::vector<Poll> polls;
  size_t sources_failed() const {
    size_t n = 0;
    for (const auto& p : polls) n += !p.error.empty();
    return n;
  }
  size_t requests = 0;  // HTTP requests of every connector this cycle
  std::chrono::milliseconds duration{0};
  bool dry_run = false;
  bool ok() const { return errors.empty(); }
};

// Connectors made from the config once and kept across cycles.
class Connectors {
 public:
  static Result<Connectors> make(const config::Config& cfg);
  std::vector<std::unique_ptr<Source>>& sources() { return sources_; }
  Sink* sink(const std::string& name);
  std::vector<std::string> sink_names() const;
  Seconds interval(size_t i) const { return intervals_[i]; }
  size_t requests() const;  // HTTP requests made by every source and sink so far
  // Whether source i is due at `now` (its `interval` elapsed since its last sync).
  bool due(size_t i, std::chrono::steady_clock::time_point now) const;
  void mark_synced(size_t i, std::chrono::steady_clock::time_point now);
  // Time until the next source is due (for the run loop's sleep).
  std::chrono::milliseconds until_next(std::chrono::steady_clock::time_point now) const;

 private:
  std::vector<std::unique_ptr<Source>> sources_;
  std::vector<Seconds> intervals_;
  std::vector<std::optional<std::chrono::steady_clock::time_point>> last_sync_;
  std::map<std::string, std::unique_ptr<Sink>> sinks_;
};

// What write-back reads from the state above it, wired: `cfg`'s context for loaded
// records, and the stored partials (ticket facts a chunk at a time, rolling rows).
writeback::StateAccess state_access(const config::Config& cfg, Store& store);

CycleReport run_cycle(const config::Config& cfg, Connectors& connectors, Store& store,
                      const CycleOptions& options);

std::string summary_line(const CycleReport& r);

// Connectors that failed in earlier cycles and answer again: `run` logs one line for
// each ("rt: reachable again after 3 failed cycle(s)"), so an outage has an end too.
class Outages {
 public:
  std::vector<std::string> after(const CycleReport& r);

 private:
  std::map<std::string, int> failing_;  // connector -> cycles in a row it failed
};

}  // namespace dp::app
