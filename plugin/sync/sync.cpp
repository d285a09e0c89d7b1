#include "sync/sync.h"

#include <exception>
#include <iterator>

namespace dp {

namespace {

void fail(SyncReport& rep, SyncReport::Stage stage, const char* what, const Error& e,
          const std::string& name) {
  rep.failed = stage;
  rep.cause = e;
  rep.error = make_error(what + e.message, e.where.empty() ? name : e.where);
}

void run(Source& src, rollup::Upkeep& step, const SyncOptions& o, SyncReport& rep) {
  const std::string name = o.as.empty() ? src.name() : o.as;
  const std::string task = "sync " + src.name();
  auto show = [&] {
    if (o.progress) o.progress->step({.what = task, .done = rep.stored + rep.rejected});
  };
  show();
  if (o.from) {
    rep.cursor = *o.from;
  } else {
    auto start = step.store().cursor(name);
    if (!start) {
      rep.error = start.error();
      rep.failed = SyncReport::Stage::store;
      rep.cause = start.error();
      return;
    }
    rep.cursor = start->value_or("");
  }
  for (size_t i = 0; i < o.max_batches; ++i) {
    auto batch = src.poll(rep.cursor);
    if (!batch) return fail(rep, SyncReport::Stage::poll, "poll failed: ", batch.error(), name);
    auto stats = step.apply(batch->records, name, batch->cursor);
    if (!stats)
      return fail(rep, SyncReport::Stage::store, "storing a batch failed: ", stats.error(), name);
    ++rep.batches;
    rep.stored += batch->records.size();
    rep.stats += *stats;
    rep.rejected += batch->rejected.size();
    rep.cursor = batch->cursor;
    if (o.on_stored) {
      o.on_stored(*batch);
    } else {
      rep.rejections.insert(rep.rejections.end(), std::make_move_iterator(batch->rejected.begin()),
                            std::make_move_iterator(batch->rejected.end()));
      rep.warnings.insert(rep.warnings.end(), batch->warnings.begin(), batch->warnings.end());
    }
    show();
    if (!batch->more) return;
  }
  // Bounded on purpose: a source that always says "more" cannot hold the run forever;
  // the next run continues from the stored cursor.
  rep.more = true;
}

}  // namespace

SyncReport sync_source(Source& src, rollup::Upkeep& step, const SyncOptions& o) {
  SyncReport rep;
  try {
    run(src, step, o, rep);
  } catch (const std::exception& e) {
    // A connector that throws is a connector error, not a reason to stop the sidecar.
    rep.failed = SyncReport::Stage::thrown;
    rep.cause = make_error(e.what());
    rep.error = make_error(std::string("sync stopped: ") + e.what());
  }
  if (o.progress) o.progress->finish();
  return rep;
}

}  // namespace dp
