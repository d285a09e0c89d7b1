// Per-day partial aggregates (kpi/partials.h) against the record engine on the demo
// helpdesk: the same rows for every additive KPI, window and grouping; counts, rates
// and means equal, medians and p90s within the sketch's stated relative error.
#include "kpi/partials.h"

#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "fixtures.h"
#include "gen/generate.h"
#include "kpi/windows.h"

namespace dp::kpi::test {
namespace {

struct Demo {
  Data d;
  Request req;
  explicit Demo(const std::string& zone) {
    gen::GenOptions opt;
    d.r = gen::generate(opt);
    exclude_some_surveyed_tickets();
    for (const Agent& a : d.r.agents) d.ctx.agents[a.id] = a;
    d.ctx.options.report_zone = zone;
    d.ctx.options.targets.frt = Seconds{4 * 3600};
    d.ctx.options.targets.resolution = Seconds{3 * 86400};
    for (const char* month : {"2026-08", "2026-09", "2026-10", "2026-11"}) {
      BusinessMonth& b = d.ctx.options.business[month];
      b.support_cost = 90000;
      b.sales = 310;
      b.visits = 12000;
      b.acquisition_spend = 25000;
      b.gross_margin = 0.7;
    }
    req.windows = make_windows("2026-08-24", "2026-11-23", Bucket::week, zone).value();
    req.groupings = {GroupBy::overall, GroupBy::team, GroupBy::agent, GroupBy::queue,
                     GroupBy::channel};
    req.kpis.assign(kpis_with_partials().begin(), kpis_with_partials().end());
  }

  // One in ten tickets with survey responses merged into another (by its event) or
  // deleted (by its status) after it was answered: the responses count in no KPI.
  void exclude_some_surveyed_tickets() {
    std::set<std::string> surveyed;
    for (const Survey& s : d.r.surveys)
      if (s.ticket) surveyed.insert(*s.ticket);
    size_t n = 0;
    for (Ticket& t : d.r.tickets) {
      if (!surveyed.count(t.id) || n++ % 10) continue;
      if (n % 20 == 1) {
        t.status = TicketStatus::deleted;
        continue;
      }
      TicketEvent e;
      e.id = t.id + ":merged";
      e.ticket = t.id;
      e.at = t.updated_at + std::chrono::hours(48);
      e.type = EventType::merged;
      e.actor = t.owner.value_or("");
      e.is_public = false;
      d.r.events.push_back(e);
    }
    excluded = (n + 9) / 10;
  }
  size_t excluded = 0;  // tickets with surveys merged or deleted
};

using RowKey = std::tuple<std::string, std::string, int, std::string, std::string, std::string,
                          std::string, std::string>;
RowKey key_of(const Row& r) {
  return {
      r.kpi, r.window.label, int(r.by), r.key, r.stat, r.variant.value_or(""), r.basis.value_or(""),
      r.item};
}

bool quantile_stat(const Row& r) {
  return r.stat == "median" || r.stat == "p90";
}

void expect_same_rows(const Demo& demo, size_t min_quantiles = 1000) {
  const auto exact = compute(demo.d.r, demo.d.ctx, demo.req);
  const Input in(demo.d.r, demo.d.ctx);
  const auto fast = compute_from_partials(build_partials(in), demo.d.ctx.options, demo.req);
  ASSERT_TRUE(fast) << fast.error().message;
  std::map<RowKey, const Row*> by_key;
  for (const Row& r : exact) by_key[key_of(r)] = &r;
  ASSERT_EQ(fast->size(), exact.size());
  size_t quantiles = 0;
  std::map<std::string, size_t> nonzero;  // rows with a value other than 0, per KPI
  for (const Row& r : *fast) {
    nonzero[r.kpi] += r.value && *r.value != 0;
    auto it = by_key.find(key_of(r));
    ASSERT_NE(it, by_key.end()) << r.kpi << " " << r.window.label << " " << r.key << " " << r.stat;
    const Row& e = *it->second;
    EXPECT_EQ(r.n, e.n) << r.kpi << " " << r.key;
    EXPECT_EQ(r.flags, e.flags) << r.kpi << " " << r.key;
    EXPECT_EQ(r.definition, e.definition);
    EXPECT_EQ(r.reason, e.reason);
    ASSERT_EQ(r.value.has_value(), e.value.has_value()) << r.kpi << " " << r.key;
    ASSERT_EQ(r.ci.has_value(), e.ci.has_value()) << r.kpi << " " << r.key << " " << r.stat;
    if (!r.value) continue;
    // Sketched quantiles: within alpha of the exact figure (and so are their intervals);
    // everything else from exact integer sums.
    const double tol = quantile_stat(r) ? kSketchAlpha : 1e-9;
    EXPECT_NEAR(*r.value, *e.value, tol * std::abs(*e.value) + 1e-9)
        << r.kpi << " " << r.stat << " " << r.window.label << " " << r.key;
    if (r.ci) {
      EXPECT_NEAR(r.ci->first, e.ci->first, tol * std::abs(e.ci->first) + 1e-6);
      EXPECT_NEAR(r.ci->second, e.ci->second, tol * std::abs(e.ci->second) + 1e-6);
    }
    quantiles += quantile_stat(r);
  }
  EXPECT_GE(quantiles, min_quantiles);
  // Every KPI is tried on real figures, not only on zeros and gaps.
  for (const std::string& kpi : demo.req.kpis) EXPECT_GT(nonzero[kpi], 10u) << kpi;
}

TEST(Partials, SameRowsAsTheRecordEngineInUtc) {
  expect_same_rows(Demo("UTC"));
}

// Weeks of local days across the end of summer time (25 October 2026 in Berlin).
TEST(Partials, SameRowsAsTheRecordEngineAcrossADstChange) {
  expect_same_rows(Demo("Europe/Berlin"));
}

// The generated data holds surveys on merged and deleted tickets: in every window both
// engines count exactly the csat responses whose ticket is kept or not stored.
TEST(Partials, SurveysOnExcludedTicketsCountInNoWindow) {
  Demo demo("UTC");
  ASSERT_GT(demo.excluded, 20u);
  const Input in(demo.d.r, demo.d.ctx);
  demo.req.kpis = {"csat"};
  demo.req.groupings = {GroupBy::overall};
  std::map<std::string, long long> want;  // window -> csat responses that count
  size_t left_out = 0;
  for (const Survey& s : demo.d.r.surveys) {
    if (s.kind != SurveyKind::csat) continue;
    const auto t = s.ticket ? in.ticket_by_id.find(*s.ticket) : in.ticket_by_id.end();
    if (t != in.ticket_by_id.end() && in.facts[t->second].excluded) {
      ++left_out;
      continue;
    }
    for (const Window& w : demo.req.windows)
      if (s.at >= w.from && s.at < w.to) ++want[w.label];
  }
  ASSERT_GT(left_out, 5u);
  const auto exact = compute(demo.d.r, demo.d.ctx, demo.req);
  const auto fast = compute_from_partials(build_partials(in), demo.d.ctx.options, demo.req);
  ASSERT_TRUE(fast);
  for (const auto* rows : {&exact, &*fast}) {
    ASSERT_EQ(rows->size(), demo.req.windows.size() * 2);  // rate and mean
    for (const Row& r : *rows) EXPECT_EQ(r.n, want[r.window.label]) << r.window.label;
  }
}

// The last weeks only: open_cases and backlog at their ends count every earlier day,
// top_topics' change the week before each.
TEST(Partials, StatesAtAWindowsEndSumEveryEarlierDay) {
  Demo demo("Europe/Berlin");
  demo.req.windows.erase(demo.req.windows.begin(), demo.req.windows.end() - 3);
  demo.req.kpis = {"open_cases", "backlog", "top_topics", "frt"};
  expect_same_rows(demo, 100);
}

// Sessions across midnights and the DST change: each day's windows get their share of
// logged-in time (pauses spread evenly), as the record engine clips them.
TEST(Partials, OccupancyOfSessionsAcrossDays) {
  Demo demo("Europe/Berlin");
  const Time start = parse_rfc3339("2026-10-23T18:00:00Z").value();
  for (const Agent& a : demo.d.r.agents)
    demo.d.r.sessions.push_back(
        {"long:" + a.id, a.id, "", start, start + Seconds(3 * 86400 + 5000), Seconds(7200)});
  demo.req.windows = make_windows("2026-10-20", "2026-10-30", Bucket::day, "Europe/Berlin").value();
  demo.req.kpis = {"occupancy"};
  expect_same_rows(demo, 0);
}

// agents_required counts intervals from a window's start: two-hour ones fit the days of
// UTC, not the 25-hour day that ends summer time in Berlin.
TEST(Partials, AgentsRequiredNeedsDaysOnIntervalEdges) {
  Demo utc("UTC");
  utc.d.ctx.options.erlang_interval = Seconds(7200);
  utc.req.kpis = {"agents_required"};
  expect_same_rows(utc, 0);
  Demo berlin("Europe/Berlin");
  berlin.d.ctx.options.erlang_interval = Seconds(7200);
  berlin.req.kpis = {"agents_required"};
  const Partials p = build_partials(Input(berlin.d.r, berlin.d.ctx));
  auto rows = compute_from_partials(p, berlin.d.ctx.options, berlin.req);
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message.find("2026-W43"), std::string::npos) << rows.error().message;
}

// Day windows: a ticket worked on consecutive days is counted once in a window that holds
// both, once in each that holds one.
TEST(Partials, HandleTimeOfTicketsWorkedOnSeveralDays) {
  Demo demo("Europe/Berlin");
  demo.req.windows = make_windows("2026-10-12", "2026-11-02", Bucket::day, "Europe/Berlin").value();
  demo.req.kpis = {"ticket_handle_time"};
  expect_same_rows(demo, 0);
}

// A whole compute reads only partials: a new KPI needs its partials too (and joins the
// same-rows tests through kpis_with_partials()).
TEST(Partials, EveryCatalogKpiHasPartials) {
  for (const auto& k : catalog()) EXPECT_TRUE(kpis_with_partials().count(k.id)) << k.id;
  EXPECT_EQ(kpis_with_partials().size(), catalog().size());
}

TEST(Partials, StoredDaysDecodeToTheSamePartials) {
  Demo demo("Europe/Berlin");
  const Input in(demo.d.r, demo.d.ctx);
  const Partials p = build_partials(in);
  Partials back;
  back.zone = p.zone;
  back.totals = p.totals;
  std::string blob;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [d, c] : days) {
        for (const int code : {int(g), kWaitingRow + int(g)}) {
          const std::string row = encode_row(code, key, c);
          if (row.empty()) continue;
          blob = row;
          ASSERT_TRUE(decode_day(blob, d, back));
        }
      }
  EXPECT_EQ(back, p);
  EXPECT_FALSE(decode_day(blob.substr(0, blob.size() / 2), 0, back));
  EXPECT_FALSE(decode_day(std::string(1, '\x7f') + blob.substr(1), 0, back));
}

// Stored days fed to a DayMerger, as the store reads them: every row, in day order.
void feed(DayMerger& m, const Partials& p) {
  std::map<Day, std::vector<std::string>> rows;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [d, c] : days)
        for (const int code : {int(g), kWaitingRow + int(g)})
          if (std::string row = encode_row(code, key, c); !row.empty())
            rows[d].push_back(std::move(row));
  for (const auto& [d, blobs] : rows) {
    if (d < m.history_day() || d >= m.end_day()) continue;
    for (const std::string& blob : blobs) ASSERT_TRUE(m.add_day(d, blob));
  }
}

// Rows are emitted on a second thread as windows end, handed on in the request's order;
// what a sink throws there reaches the caller of finish(), and a merger dropped before
// finish() stops its thread.
TEST(Partials, StreamedRowsComeInOrderAndASinksFailureReachesTheCaller) {
  Demo demo("Europe/Berlin");
  const Partials p = build_partials(Input(demo.d.r, demo.d.ctx));
  const auto whole = compute_from_partials(p, demo.d.ctx.options, demo.req);
  ASSERT_TRUE(whole);
  auto merger = DayMerger::make(p.zone, p.totals, demo.d.ctx.options, demo.req);
  ASSERT_TRUE(merger);
  std::vector<Row> streamed;
  size_t batches = 0;
  merger->stream_to([&](std::vector<Row>& rows) {
    ++batches;
    streamed.insert(streamed.end(), rows.begin(), rows.end());
  });
  feed(*merger, p);
  EXPECT_TRUE(merger->finish().empty());
  EXPECT_EQ(batches, demo.req.windows.size());
  ASSERT_EQ(streamed.size(), whole->size());
  for (size_t i = 0; i < streamed.size(); ++i) {
    EXPECT_EQ(key_of(streamed[i]), key_of((*whole)[i])) << i;
    EXPECT_EQ(streamed[i].value, (*whole)[i].value) << i;
  }

  auto failing = DayMerger::make(p.zone, p.totals, demo.d.ctx.options, demo.req);
  ASSERT_TRUE(failing);
  failing->stream_to([&, n = 0](std::vector<Row>&) mutable {
    if (++n == 3) throw std::runtime_error("disk full");
  });
  feed(*failing, p);
  EXPECT_THROW(failing->finish(), std::runtime_error);

  auto dropped = DayMerger::make(p.zone, p.totals, demo.d.ctx.options, demo.req);
  ASSERT_TRUE(dropped);
  dropped->stream_to([](std::vector<Row>&) {});
  feed(*dropped, p);
}

// A changed ticket's old contribution comes out exactly: merge then unmerge is identity.
TEST(Partials, MergeThenUnmergeRestoresThePartials) {
  Demo demo("UTC");
  const Partials all = build_partials(Input(demo.d.r, demo.d.ctx));
  Records part = demo.d.r;
  part.tickets.resize(100);
  const Partials some = build_partials(Input(part, demo.d.ctx));
  Partials p = all;
  p.merge(some);
  EXPECT_NE(p, all);
  p.merge(some, -1);
  EXPECT_EQ(p, all);
}

TEST(Partials, WindowsNotOnLocalMidnightAreRefused) {
  Demo demo("UTC");
  const Partials p = build_partials(Input(demo.d.r, demo.d.ctx));
  Request req = demo.req;
  req.windows = {{demo.req.windows[0].from + Seconds(3600), demo.req.windows[0].to, "odd"}};
  auto rows = compute_from_partials(p, demo.d.ctx.options, req);
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message.find("odd"), std::string::npos);
}

// Sketch: every quantile within alpha of the exact order statistic; exact when added
// and removed in any order.
TEST(Sketch, QuantilesWithinAlphaOfExact) {
  Sample exact, sketch(Sample::Mode::sketch);
  uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const double v = double((x >> 33) % 200000);
    exact.add(v);
    sketch.add(v);
  }
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0})
    EXPECT_NEAR(*sketch.quantile(q), *exact.quantile(q), kSketchAlpha * *exact.quantile(q) + 1e-9)
        << q;
  EXPECT_DOUBLE_EQ(*sketch.mean(), *exact.mean());
  EXPECT_NEAR(sketch.mean_ci()->first, exact.mean_ci()->first, 1e-6);
  Sample more(Sample::Mode::sketch);
  more.add(5);
  more.add(0);
  Sample s = sketch;
  s.merge(more);
  EXPECT_EQ(s.n(), sketch.n() + 2);
  s.merge(more, -1);
  EXPECT_EQ(s, sketch);
}

}  // namespace
}  // namespace dp::kpi::test
