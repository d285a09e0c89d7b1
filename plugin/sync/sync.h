// Runs one source: poll, store each batch with its cursor in one transaction, repeat
// while the source has more (ARCHITECTURE.md, "State and write-back").
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connector/source.h"
#include "model/progress.h"
#include "model/result.h"
#include "store/store.h"

namespace dp {

struct SyncReport {
  size_t batches = 0;   // batches stored
  size_t stored = 0;    // records in them (inserted, updated or unchanged)
  size_t rejected = 0;  // records the source could not use
  std::vector<Rejection> rejections;
  std::vector<std::string> warnings;  // the sources' Batch::warnings
  std::string cursor;                 // the source's cursor after the last stored batch
  std::optional<Error> error;
  ApplyStats stats;   // what storing did, summed over the batches
  bool more = false;  // stopped at max_batches while the source still had more
  bool ok() const { return !error; }
};

// Polls `src` from its stored cursor and stores batch after batch until the source
// says it has no more, at most `max_batches` times. A poll or store error stops the
// run: the batches before it stay stored and the cursor stays at the last of them,
// so the next run repeats nothing and skips nothing.
// `apply` stores a batch (default: Store::apply; the app keeps its partials current).
// `progress`, when given, counts the records of each stored batch (and the rejected
// ones) as the task "sync <source name>", finished when the run ends however it ends.
using Applier = std::function<Result<ApplyStats>(const Records&, const std::string& source,
                                                 const std::optional<std::string>& cursor)>;
SyncReport sync_source(Source& src, Store& store, size_t max_batches = 1000,
                       const Applier& apply = {}, Progress* progress = nullptr);

}  // namespace dp
