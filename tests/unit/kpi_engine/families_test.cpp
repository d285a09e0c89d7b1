// The family registry (kpi/family.h): every catalog KPI belongs to a family, and each
// family emits only the KPIs it registers, from the records and from partials, so that
// asking for one KPI runs its family and nothing is lost when the others are skipped.
#include <set>

#include "fixtures.h"
#include "gen/generate.h"
#include "kpi/family.h"
#include "kpi/windows.h"

namespace dp::kpi::test {
namespace {

TEST(Families, EveryCatalogKpiBelongsToAFamilyAndEveryFamilyIdIsInTheCatalog) {
  std::set<std::string> registered;
  for (const Family& f : families()) {
    EXPECT_FALSE(f.kpis.empty()) << f.name;
    EXPECT_TRUE(f.collect && f.emit) << f.name;
    EXPECT_EQ(!f.write, !f.read) << f.name << ": writes what it cannot read, or the reverse";
    for (const std::string& k : f.kpis) {
      EXPECT_NE(find_kpi(k), nullptr) << f.name << " registers " << k;
      registered.insert(k);
    }
  }
  for (const auto& e : catalog()) EXPECT_TRUE(registered.count(e.id)) << e.id;
  EXPECT_EQ(&family("calls"), &families()[7]);
  EXPECT_THROW(family("no such family"), std::logic_error);
}

// Each KPI asked for alone gives the rows it gives among all the others, in both engines.
TEST(Families, EachKpiAloneGivesTheSameRowsAsInTheWholeCatalog) {
  gen::GenOptions opt;
  opt.tickets = 600;
  opt.weeks = 3;
  Data d;
  d.r = gen::generate(opt);
  for (const Agent& a : d.r.agents) d.ctx.agents[a.id] = a;
  Request all;
  all.windows = make_windows("2026-08-24", "2026-09-14", Bucket::week, "UTC").value();
  all.groupings = {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue,
                   GroupBy::channel};
  const Partials p = build_partials(Input(d.r, d.ctx));
  auto count = [](const std::vector<Row>& rows) {
    std::map<std::string, size_t> n;
    for (const Row& r : rows) ++n[r.kpi];
    return n;
  };
  const auto exact = count(compute(d.r, d.ctx, all));
  const auto fast = count(compute_from_partials(p, d.ctx.options, all).value());
  for (const auto& e : catalog()) {
    Request one = all;
    one.kpis = {e.id};
    const auto alone = count(compute(d.r, d.ctx, one));
    ASSERT_EQ(alone.size(), 1u) << e.id;
    EXPECT_EQ(alone.at(e.id), exact.at(e.id)) << e.id;
    const auto fast_alone = count(compute_from_partials(p, d.ctx.options, one).value());
    ASSERT_EQ(fast_alone.size(), 1u) << e.id;
    EXPECT_EQ(fast_alone.at(e.id), fast.at(e.id)) << e.id;
  }
}

}  // namespace
}  // namespace dp::kpi::test
