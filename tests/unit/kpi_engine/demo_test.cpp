// The engine on the generator's demo helpdesk (plugin/gen): every KPI gets a value,
// over 13 weekly windows and every grouping.
#include <chrono>
#include <set>

#include "fixtures.h"
#include "gen/generate.h"

namespace dp::kpi::test {
namespace {

TEST(Demo, EveryKpiComputedOnTheDemoDataSet) {
  gen::GenOptions opt;
  Data d;
  d.r = gen::generate(opt);
  for (const Agent& a : d.r.agents) d.ctx.agents[a.id] = a;
  d.ctx.options.targets.frt = Seconds{4 * 3600};
  d.ctx.options.targets.resolution = Seconds{3 * 86400};
  for (const char* m : {"2026-08", "2026-09", "2026-10", "2026-11"})
    d.ctx.options.business[m] = {30000.0, 8000.0, 40000.0, 600.0, 0.55};
  Request req;
  for (int w = 0; w < opt.weeks; ++w)
    req.windows.push_back({opt.start + std::chrono::weeks{w}, opt.start + std::chrono::weeks{w + 1},
                           "week " + std::to_string(w)});
  req.groupings = {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue,
                   GroupBy::channel};
  const auto start = std::chrono::steady_clock::now();
  const auto rows = compute(d.r, d.ctx, req);
  const auto took = std::chrono::steady_clock::now() - start;
  std::set<std::string> with_value;
  for (const Row& r : rows)
    if (r.value && r.by == GroupBy::overall) with_value.insert(r.kpi);
  std::set<std::string> all;
  for (const auto& e : catalog()) all.insert(e.id);
  EXPECT_EQ(with_value, all);
  std::cout << rows.size() << " rows from " << d.r.size() << " records in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
}

}  // namespace
}  // namespace dp::kpi::test
