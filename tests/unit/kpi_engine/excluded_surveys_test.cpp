// docs/kpis.md, "Ticket facts" (excluded) and "Customer experience": a survey given on
// a merged or deleted ticket counts in no KPI, in the record engine and in the per-day
// partials, under every grouping; one that names a ticket not stored, or no ticket,
// still counts (by its agent).
#include <functional>

#include "fixtures.h"
#include "kpi/partials.h"

namespace dp::kpi::test {
namespace {

const std::vector<GroupBy> kEvery = {GroupBy::overall, GroupBy::team, GroupBy::agent,
                                     GroupBy::queue, GroupBy::channel};

// Ann (north) owns k1, kept and resolved, and m2 and x1; Bob (south) owns m1 and
// nothing else. m1 is merged by its event, m2 by its status, x1 deleted by a status
// change; each of those three has a response of every kind, all low scores.
Data helpdesk() {
  Data d;
  d.agent("ann", "north");
  d.agent("bob", "south");
  Customer c;
  c.id = "cust";
  c.first_seen = T("2026-01-01T00:00:00Z");
  d.r.customers = {c};
  d.ticket("k1", "2026-11-16T09:00:00Z", "cust", "ann", Channel::email, "q1");
  d.reply("k1", "2026-11-16T10:00:00Z", "ann");
  d.status("k1", "2026-11-16T11:00:00Z", "resolved");
  d.ticket("m1", "2026-11-17T09:00:00Z", "cust", "bob", Channel::chat, "q2");
  d.reply("m1", "2026-11-17T09:30:00Z", "bob");
  d.status("m1", "2026-11-17T10:00:00Z", "resolved");
  d.event("m1", "2026-11-17T12:00:00Z", EventType::merged, "bob", false);
  d.ticket("m2", "2026-11-17T09:00:00Z", "cust", "ann", Channel::web, "q1").status =
      TicketStatus::merged;
  d.ticket("x1", "2026-11-18T09:00:00Z", "cust", "ann", Channel::email, "q3");
  d.status("x1", "2026-11-18T09:10:00Z", "deleted");
  auto on = [&](const char* ticket, SurveyKind kind, double score, double lo, double hi) {
    Survey& s = d.survey(kind, score, lo, hi, "2026-11-19T12:00:00Z");
    s.ticket = ticket;
  };
  on("k1", SurveyKind::csat, 5, 1, 5);
  on("k1", SurveyKind::nps, 10, 0, 10);
  on("k1", SurveyKind::ces, 7, 1, 7);
  for (const char* gone : {"m1", "m2", "x1"})
    for (int k = 0; k < 8; ++k) on(gone, SurveyKind(k), 1, 1, 10);
  // A ticket the store never saw, and no ticket at all: both are Ann's by their agent.
  d.survey(SurveyKind::csat, 4, 1, 5, "2026-11-19T13:00:00Z").ticket = "not-stored";
  d.r.surveys.back().agent = "ann";
  d.survey(SurveyKind::csat, 2, 1, 5, "2026-11-19T14:00:00Z").agent = "ann";
  return d;
}

// The same without the surveys on m1, m2 and x1.
Data without_excluded_surveys() {
  Data d = helpdesk();
  std::erase_if(d.r.surveys, [](const Survey& s) {
    return s.ticket && (*s.ticket == "m1" || *s.ticket == "m2" || *s.ticket == "x1");
  });
  return d;
}

using Engine = std::function<std::vector<Row>(const Data&, const Request&)>;

std::vector<Row> records_engine(const Data& d, const Request& req) {
  return compute(d.r, d.ctx, req);
}

std::vector<Row> partials_engine(const Data& d, const Request& req) {
  auto rows = compute_from_partials(build_partials(Input(d.r, d.ctx)), d.ctx.options, req);
  EXPECT_TRUE(rows) << rows.error().message;
  return rows ? *rows : std::vector<Row>{};
}

Request every_kpi(std::vector<std::string> kpis = {}) {
  Request req;
  req.windows = {week()};
  req.groupings = kEvery;
  req.kpis = std::move(kpis);
  return req;
}

void expect_same_rows(const std::vector<Row>& got, const std::vector<Row>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const Row &g = got[i], &w = want[i];
    const std::string what = g.kpi + " " + g.stat + " " + std::string(to_string(g.by)) + " " +
                             g.key + " " + g.variant.value_or("");
    EXPECT_EQ(g.kpi, w.kpi) << what;
    EXPECT_EQ(g.by, w.by) << what;
    EXPECT_EQ(g.key, w.key) << what;
    EXPECT_EQ(g.stat, w.stat) << what;
    EXPECT_EQ(g.variant, w.variant) << what;
    EXPECT_EQ(g.item, w.item) << what;
    EXPECT_EQ(g.n, w.n) << what;
    EXPECT_EQ(g.value, w.value) << what;
    EXPECT_EQ(g.ci, w.ci) << what;
    EXPECT_EQ(g.flags, w.flags) << what;
    EXPECT_EQ(g.reason, w.reason) << what;
  }
}

const Row* row_of(const std::vector<Row>& rows, const std::string& kpi, GroupBy by,
                  const std::string& key) {
  const Row* hit = nullptr;
  for (const Row& r : rows)
    if (r.kpi == kpi && r.by == by && r.key == key && !r.variant) hit = &r;
  return hit;
}

void expect_counted_once(const Engine& engine) {
  const auto rows = engine(helpdesk(), every_kpi({"csat", "nps", "ces"}));
  // csat: k1, the ticket not stored and the one without a ticket (5, 4, 2 on 1-5).
  for (const auto& [by, key] : {std::pair{GroupBy::overall, ""}, std::pair{GroupBy::agent, "ann"},
                                std::pair{GroupBy::team, "north"}}) {
    const Row* csat = row_of(rows, "csat", by, key);
    ASSERT_TRUE(csat && csat->value) << key;
    EXPECT_EQ(csat->n, 3) << key;
    EXPECT_NEAR(*csat->value, 200.0 / 3, 1e-9) << key;
    const Row* nps = row_of(rows, "nps", by, key);
    ASSERT_TRUE(nps && nps->value) << key;
    EXPECT_EQ(nps->n, 1) << key;
    EXPECT_DOUBLE_EQ(*nps->value, 100.0) << key;
    const Row* ces = row_of(rows, "ces", by, key);
    ASSERT_TRUE(ces && ces->value) << key;
    EXPECT_EQ(ces->n, 1) << key;
  }
  // Bob's only items are his merged ticket and its surveys: he is no key at all.
  for (const Row& r : rows) {
    EXPECT_NE(r.key, "bob") << r.kpi;
    EXPECT_NE(r.key, "south") << r.kpi;
    for (const char* gone : {"q2", "q3", "chat", "web"}) EXPECT_NE(r.key, gone) << r.kpi;
  }
}

TEST(ExcludedTickets, TheirSurveysCountInNoKpiOfTheRecordEngine) {
  expect_counted_once(records_engine);
  expect_same_rows(records_engine(helpdesk(), every_kpi()),
                   records_engine(without_excluded_surveys(), every_kpi()));
}

TEST(ExcludedTickets, TheirSurveysCountInNoKpiOfThePartials) {
  expect_counted_once(partials_engine);
  expect_same_rows(partials_engine(helpdesk(), every_kpi()),
                   partials_engine(without_excluded_surveys(), every_kpi()));
}

}  // namespace
}  // namespace dp::kpi::test
