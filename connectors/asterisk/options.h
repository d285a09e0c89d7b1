// What the queue_log and CDR readers need from the config, already parsed.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "model/time.h"

namespace dp::asterisk {

// A pause with the wrap-up reason counts as wrap-up only when it starts this soon
// after the call ended: later, the agent was doing something else first.
inline constexpr Seconds kWrapPauseGrace{10};

struct QueueLogOptions {
  std::string time_zone = "UTC";  // for DB exports with local timestamps
  Seconds wrapuptime{0};          // queues.conf wrapuptime, all queues
  std::map<std::string, Seconds> wrapuptime_by_queue;
  std::string wrapup_pause_reason;  // "" = wrap-up from wrapuptime only
  std::vector<std::string> queues;  // empty = all
  size_t batch_lines = 5000;
  std::string cdr_path;  // import only: enrich queue calls from this Master.csv
};

struct CdrOptions {
  std::string time_zone = "UTC";                        // cdr.conf usegmtime=no writes local time
  std::map<std::string, std::string> queue_by_context;  // dcontext -> queue
  std::vector<std::string> queues;                      // empty = all
  // With a queue_log source next to it, CDRs of Queue() calls are skipped: the
  // queue_log already counts them, and counting both would double the volume.
  bool skip_queue_calls = false;
  // The CDR legs of one call (same linkedid) are written as each leg ends: a call is
  // complete once a CDR starting this long after its last leg's end has been read.
  Seconds merge_window{3600};
  size_t batch_lines = 5000;
};

}  // namespace dp::asterisk
