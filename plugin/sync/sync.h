// Runs one source: poll, store each batch with its cursor in one transaction, repeat
// while the source has more (ARCHITECTURE.md, "State and write-back"). The store step
// is the rollup's (rollup/incremental.h, rollup::Upkeep): the per-day partials are kept
// current with the records batch by batch. `run`, `sync` and `import` all store this way.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connector/source.h"
#include "model/progress.h"
#include "model/result.h"
#include "rollup/incremental.h"
#include "store/store.h"

namespace dp {

struct SyncReport {
  size_t batches = 0;                 // batches stored
  size_t stored = 0;                  // records in them (inserted, updated or unchanged)
  size_t rejected = 0;                // records the source could not use
  std::vector<Rejection> rejections;  // not with SyncOptions::on_stored (it is told)
  std::vector<std::string> warnings;  // the sources' Batch::warnings (likewise)
  std::string cursor;                 // the source's cursor after the last stored batch
  std::optional<Error> error;
  // What stopped the run, as it came from the source or the store step (`error` says
  // which with a prefix: "poll failed: ", "storing a batch failed: ", "sync stopped: ").
  enum class Stage { none, poll, store, thrown } failed = Stage::none;
  Error cause;
  ApplyStats stats;   // what storing did, summed over the batches
  bool more = false;  // stopped at max_batches while the source still had more
  bool ok() const { return !error; }
};

struct SyncOptions {
  size_t max_batches = 1000;
  // The cursor to start from instead of the stored one ("": from the beginning).
  std::optional<std::string> from = std::nullopt;
  // The name the batches and their cursor are stored under; "": the source's name.
  std::string as = "";
  // Counts the records of each stored batch (and the rejected ones) as the task
  // "sync <source name>", finished when the run ends however it ends.
  Progress* progress = nullptr;
  // Told of each batch once it is stored (import prints its rejections and warnings as
  // they come); the report then counts rejections and holds none, nor warnings.
  std::function<void(const Batch&)> on_stored = nullptr;
};

// Polls `src` from its stored cursor (or `o.from`) and stores batch after batch through
// `step` until the source says it has no more, at most `o.max_batches` times. A poll or
// store error stops the run: the batches before it stay stored and the cursor stays at
// the last of them, so the next run repeats nothing and skips nothing.
SyncReport sync_source(Source& src, rollup::Upkeep& step, const SyncOptions& o = {});

}  // namespace dp
