// Every KPI's output, byte for byte, pinned across restructurings of the engine (issue
// 20): the whole catalog for every grouping over the demo's 13 weeks and over a year of
// the benchmark's shape (200 agents in 20 teams, 10 queues, no surveys; scaled down to
// 8,000 tickets), from the record engine, from partials in memory and from partials
// stored and streamed back day by day as `compute` reads them (the catalog as it was
// pinned; a KPI added later leaves these rows alone and is tested on its own). Each is reduced to a
// hash of every field of every row (values to 17 digits). A change of a hash is a change of some
// figure: find it (the test prints the row count and hash), and re-pin only when the old number was
// wrong, saying so in the commit.
//
// The generator draws in another order under clang (tests/unit/gen/shape_test.cpp), so
// the pinned hashes hold for g++; every compiler checks the stored path equals the
// in-memory one.
#include <cinttypes>
#include <cstdio>
#include <map>
#include <set>

#include "fixtures.h"
#include "gen/generate.h"
#include "kpi/partials.h"
#include "kpi/windows.h"

namespace dp::kpi::test {
namespace {

struct Hash {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;  // field separator
  }
  void add(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", v);
    add(b);
  }
};

uint64_t hash_rows(const std::vector<Row>& rows) {
  Hash h;
  for (const Row& r : rows) {
    h.add(r.kpi);
    h.add(r.window.label);
    h.add(to_string(r.by));
    h.add(r.key);
    h.add(r.item);
    r.value ? h.add(*r.value) : h.add("-");
    h.add(r.stat);
    h.add(r.unit);
    h.add(r.basis.value_or("-"));
    h.add(std::to_string(r.n));
    if (r.ci) {
      h.add(r.ci->first);
      h.add(r.ci->second);
    } else {
      h.add("-");
    }
    for (const std::string& f : r.flags) h.add(f);
    h.add(r.definition);
    h.add(r.variant.value_or("-"));
    h.add(r.reason);
    h.add("\n");
  }
  return h.h;
}

struct Case {
  Data d;
  Request req;
};

Case make_case(const gen::GenOptions& opt, const std::string& zone) {
  Case c;
  c.d.r = gen::generate(opt);
  for (const Agent& a : c.d.r.agents) c.d.ctx.agents[a.id] = a;
  Options& o = c.d.ctx.options;
  o.report_zone = zone;
  o.targets.frt = Seconds{4 * 3600};
  o.targets.resolution = Seconds{3 * 86400};
  for (const char* month : {"2026-08", "2026-09", "2026-10", "2026-11"})
    o.business[month] = {90000.0, 25000.0, 12000.0, 310.0, 0.7};
  const auto ymd = [](Time t) {
    const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()));
    return std::string(b);
  };
  const std::string from = ymd(opt.start), to = ymd(opt.start + std::chrono::weeks{opt.weeks});
  c.req.windows = make_windows(from, to, Bucket::week, zone).value();
  c.req.groupings = {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue,
                     GroupBy::channel};
  // The catalog as pinned: KPIs added since then are checked by their own tests.
  const std::set<std::string> added_since = {"replies_per_ticket"};
  for (const auto& e : catalog())
    if (!added_since.count(e.id)) c.req.kpis.push_back(e.id);
  return c;
}

// The rows as `compute` reads them: every cell encoded as stored, fed day by day.
std::vector<Row> from_stored(const Partials& p, const Options& o, const Request& req) {
  std::map<Day, std::vector<std::string>> rows;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [d, c] : days)
        for (const int code : {int(g), kWaitingRow + int(g)})
          if (std::string row = encode_row(code, key, c); !row.empty())
            rows[d].push_back(std::move(row));
  auto m = DayMerger::make(p.zone, p.totals, o, req);
  EXPECT_TRUE(m);
  if (!m) return {};
  for (const auto& [d, blobs] : rows) {
    if (d < m->history_day() || d >= m->end_day()) continue;
    for (const std::string& blob : blobs) EXPECT_TRUE(m->add_day(d, blob));
  }
  return m->finish();
}

struct Pinned {
  size_t rows;
  uint64_t records, partials;
};

void check(const Case& c, const Pinned& pinned) {
  const auto exact = compute(c.d.r, c.d.ctx, c.req);
  const Partials p = build_partials(Input(c.d.r, c.d.ctx));
  const auto memory = compute_from_partials(p, c.d.ctx.options, c.req);
  ASSERT_TRUE(memory) << memory.error().message;
  const auto stored = from_stored(p, c.d.ctx.options, c.req);
  const uint64_t records = hash_rows(exact), partials = hash_rows(*memory);
  std::printf("records: %zu rows, hash 0x%016" PRIx64 "; partials: %zu rows, hash 0x%016" PRIx64
              "\n",
              exact.size(), records, memory->size(), partials);
  EXPECT_EQ(hash_rows(stored), partials) << "stored partials differ from partials in memory";
  EXPECT_EQ(stored.size(), memory->size());
#if defined(__GNUC__) && !defined(__clang__)
  EXPECT_EQ(exact.size(), pinned.rows);
  EXPECT_EQ(memory->size(), pinned.rows);
  EXPECT_EQ(records, pinned.records) << "the record engine's output changed";
  EXPECT_EQ(partials, pinned.partials) << "the partials' output changed";
#else
  (void)pinned;
#endif
}

TEST(Golden, DemoEveryKpiEveryGroupingByteForByte) {
  gen::GenOptions opt;
  check(make_case(opt, "Europe/Berlin"), {36461, 0xe23efddaa4d7698dull, 0x905b869e0474d00aull});
}

TEST(Golden, BenchmarkShapedYearByteForByte) {
  gen::GenOptions opt;
  opt.tickets = 8000;
  opt.weeks = 52;
  opt.start = Time{std::chrono::sys_days{std::chrono::year{2026} / 1 / 5}};  // a Monday
  opt.calls_per_ticket = 1.0;
  opt.agents = 200;
  opt.teams = 20;
  opt.queues = 10;
  opt.surveys = false;
  check(make_case(opt, "UTC"), {899426, 0xc6fdc7ef1f179b16ull, 0x1c048dd9276d74f0ull});
}

}  // namespace
}  // namespace dp::kpi::test
