// The incremental cycle on a stored state (docs/performance.md), run by tests/bench/run.sh:
//
//   bench_incremental STATE DIR_A DIR_B [ROUNDS]
//
// DIR_A and DIR_B hold two versions of the same records (canonical NDJSON: changed
// tickets and their events). Each round stores B then A through the path import and
// sync take (apply_keeping_partials: store, then take out and put back the
// contributions of everything they touch), plans the cycle's write-back (app/cycle.h:
// the changed tickets' seven figures, the agents' five rolling scores onto their user
// records and open tickets, against the ledger), then recomputes the weeks they touch
// from the partials, every KPI and grouping. Prints the median milliseconds of each step.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "app/cycle.h"
#include "app/env.h"
#include "app/registry.h"
#include "kpi/partials.h"
#include "kpi/windows.h"
#include "rollup/incremental.h"
#include "rollup/query.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int fail(const std::string& what) {
  std::cerr << "bench_incremental: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dp;
  if (argc < 4) return fail("usage: bench_incremental STATE DIR_A DIR_B [ROUNDS]");
  const int rounds = argc > 4 ? std::max(1, std::stoi(argv[4])) : 5;
  auto store = Store::open(argv[1]);
  if (!store) return fail(store.error().str());
  auto a = app::read_quick_source(std::string("files:") + argv[2]);
  auto b = app::read_quick_source(std::string("files:") + argv[3]);
  if (!a || !b) return fail("cannot read the batches");
  Records directory;
  if (auto agents = (*store)->agents()) directory.agents = std::move(*agents);
  const kpi::Context ctx = app::make_context(nullptr, directory);

  // The weeks the batches touch, all groupings, the additive KPIs.
  Time lo = Time::max(), hi = Time::min();
  for (const Records* r : {&a->records, &b->records}) {
    for (const auto& t : r->tickets)
      lo = std::min(lo, t.created_at), hi = std::max(hi, t.updated_at);
    for (const auto& e : r->events) lo = std::min(lo, e.at), hi = std::max(hi, e.at);
  }
  kpi::Request req;
  const std::string& zone = ctx.options.report_zone;
  for (Time t = lo; t <= hi + std::chrono::days(7); t += std::chrono::days(7)) {
    auto w = kpi::parse_period(kpi::iso_week_label(std::min(t, hi), zone), zone).value();
    if (req.windows.empty() || req.windows.back().label != w.label) req.windows.push_back(w);
  }
  req.groupings = {kpi::GroupBy::overall, kpi::GroupBy::team, kpi::GroupBy::agent,
                   kpi::GroupBy::queue, kpi::GroupBy::channel};
  auto records_ctx = [&](Records& r) { return app::make_context(nullptr, r); };
  // Every ticket figure and agent score mapped to a field, as `deskpulse init` does.
  config::Config cfg;
  for (const char* f : {"frt_business", "frt_calendar", "resolution_business",
                        "resolution_calendar", "sla_met", "fcr", "reopen_count"})
    cfg.writeback.ticket_fields[f] = std::string("KPI ") + f;
  for (const char* f : {"csat", "frt_median", "resolution_median", "fcr", "aht"})
    cfg.writeback.agent_fields[f] = std::string("KPI agent ") + f;

  std::vector<double> store_ms, plan_ms, compute_ms;
  size_t writes = 0;
  size_t rows = 0;
  for (int i = 0; i < rounds * 2 + 1; ++i) {
    const Records& batch = i % 2 ? a->records : b->records;
    auto t0 = Clock::now();
    bool kept = false;
    std::optional<std::vector<kpi::TicketFacts>> facts(std::in_place);
    auto applied =
        rollup::apply_keeping_partials(**store, batch, "bench", std::nullopt, ctx, &kept, &*facts);
    if (!applied) return fail(applied.error().str());
    if (!kept) return fail("the partials were not current: run a compute first");
    const double s = ms_since(t0);
    t0 = Clock::now();
    writeback::Plan plan;
    if (auto p = writeback::plan_writes(cfg, **store, app::state_access(cfg, **store), ctx, facts,
                                        hi, plan);
        !p)
      return fail(p.error().str());
    const double p = ms_since(t0);
    writes = plan.size();
    t0 = Clock::now();
    auto out = rollup::compute_from_state(**store, ctx, records_ctx, req);
    if (!out || !*out) return fail("compute from partials failed");
    const double c = ms_since(t0);
    rows = (*out)->size();
    if (i == 0) continue;  // the first round adds what the others change
    store_ms.push_back(s);
    plan_ms.push_back(p);
    compute_ms.push_back(c);
  }
  std::cout << "records per batch: " << b->records.tickets.size() << " tickets, "
            << b->records.events.size() << " events\n"
            << "weeks recomputed: " << req.windows.size() << " (" << rows << " rows)\n"
            << "store + partials ms (median of " << store_ms.size() << "): " << median(store_ms)
            << "\nwrite-back plan ms: " << median(plan_ms) << " (" << writes << " writes)"
            << "\nrecompute ms: " << median(compute_ms)
            << "\ncycle ms: " << median(store_ms) + median(plan_ms) + median(compute_ms) << '\n';
  return 0;
}
