#include "sync/sync.h"

#include <exception>
#include <iterator>

namespace dp {

namespace {

void run(Source& src, Store& store, size_t max_batches, const Applier& apply, SyncReport& rep,
         Progress* progress) {
  const std::string name = src.name();
  const std::string task = "sync " + name;
  auto step = [&] {
    if (progress) progress->step({.what = task, .done = rep.stored + rep.rejected});
  };
  step();
  auto start = store.cursor(name);
  if (!start) {
    rep.error = start.error();
    return;
  }
  rep.cursor = start->value_or("");
  for (size_t i = 0; i < max_batches; ++i) {
    auto batch = src.poll(rep.cursor);
    if (!batch) {
      rep.error = make_error("poll failed: " + batch.error().message,
                             batch.error().where.empty() ? name : batch.error().where);
      return;
    }
    auto stats = apply ? apply(batch->records, name, batch->cursor)
                       : store.apply(batch->records, name, batch->cursor);
    if (!stats) {
      rep.error = make_error("storing a batch failed: " + stats.error().message,
                             stats.error().where.empty() ? name : stats.error().where);
      return;
    }
    ++rep.batches;
    rep.stored += batch->records.size();
    rep.stats += *stats;
    rep.rejected += batch->rejected.size();
    rep.rejections.insert(rep.rejections.end(), std::make_move_iterator(batch->rejected.begin()),
                          std::make_move_iterator(batch->rejected.end()));
    rep.warnings.insert(rep.warnings.end(), batch->warnings.begin(), batch->warnings.end());
    rep.cursor = batch->cursor;
    step();
    if (!batch->more) return;
  }
  // Bounded on purpose: a source that always says "more" cannot hold the run forever;
  // the next run continues from the stored cursor.
  rep.more = true;
}

}  // namespace

SyncReport sync_source(Source& src, Store& store, size_t max_batches, const Applier& apply,
                       Progress* progress) {
  SyncReport rep;
  try {
    run(src, store, max_batches, apply, rep, progress);
  } catch (const std::exception& e) {
    // A connector that throws is a connector error, not a reason to stop the sidecar.
    rep.error = make_error(std::string("sync stopped: ") + e.what());
  }
  if (progress) progress->finish();
  return rep;
}

}  // namespace dp
