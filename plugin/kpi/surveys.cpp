// Customer experience KPIs from survey responses (docs/kpis.md, "Customer experience").
// A survey counts in the window of its answer time. Each response is read on its own
// scale (scale_min..scale_max) and rescaled where a KPI fixes one.
#include "kpi/additive.h"
#include "kpi/cell_parts.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

using Point = SurveyTally::Point;
using Points = SurveyTally::Points;

double rescale(const Point& p, double lo, double hi) {
  if (p.hi <= p.lo) return p.score;
  return lo + (p.score - p.lo) / (p.hi - p.lo) * (hi - lo);
}

// Top two points of the response's own scale: 4-5 of 1-5, 9-10 of 0-10.
bool top_two(const Point& p) {
  return p.score >= p.hi - 1;
}

long long responses(const Points& xs) {
  long long n = 0;
  for (const auto& [_, c] : xs) n += c;
  return n;
}

// Responses whose point passes `test`.
template <class Test>
long long count_if(const Points& xs, Test&& test) {
  long long n = 0;
  for (const auto& [p, c] : xs) n += test(p) ? c : 0;
  return n;
}

std::string no_responses(SurveyKind k) {
  return "no survey responses of kind " + std::string(to_string(k));
}

const Points& of(const SurveyTally& t, SurveyKind k) {
  return t.kinds[static_cast<size_t>(k)];
}

// Top-two-box share, as csat and esat define it (docs/kpis.md, "csat", "esat").
void top_two_rate(Emitter& e, const Figure& f, const std::string& key, const Points& xs,
                  SurveyKind k) {
  e.rate(f, key, count_if(xs, top_two), responses(xs), no_responses(k));
}

// Mean of `value` over the responses, a score on [lo, hi] (interval inside it).
template <class Value>
void mean_of(Emitter& e, const Figure& f, const std::string& key, const Points& xs, Value&& value,
             double lo, double hi, SurveyKind k) {
  Sample v;
  for (const auto& [p, c] : xs)
    for (long long i = 0; i < c; ++i) v.add(value(p));
  e.score_mean(f, key, v, lo, hi, no_responses(k));
}

void mean_on(Emitter& e, const Figure& f, const std::string& key, const Points& xs, double lo,
             double hi, SurveyKind k) {
  mean_of(
      e, f, key, xs, [&](const Point& p) { return rescale(p, lo, hi); }, lo, hi, k);
}

// docs/kpis.md, "nps": % promoters (9-10) - % detractors (0-6) on 0-10.
void nps(Emitter& e, const std::string& key, const Points& xs) {
  const Figure f{"nps", "score", "points", "% promoters (9-10) - % detractors (0-6), 0-10 scale"};
  const long long promoters = count_if(xs, [](const Point& p) { return rescale(p, 0, 10) >= 9; });
  const long long detractors = count_if(xs, [](const Point& p) { return rescale(p, 0, 10) <= 6; });
  const long long n = responses(xs);
  if (n == 0) return e.value(f, key, std::nullopt, 0, std::nullopt, no_responses(SurveyKind::nps));
  e.value(f, key, 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n), n,
          nps_ci(promoters, detractors, n), "");
}

// docs/kpis.md, "ces": mean on 1-7; variant pct_5_7.
void ces(Emitter& e, const std::string& key, const Points& xs) {
  mean_on(e, {"ces", "mean", "score", "mean Customer Effort Score, 1-7 (higher = easier)"}, key, xs,
          1, 7, SurveyKind::ces);
  e.rate({"ces", "rate", "%", "responses scoring 5-7 / CES responses", "pct_5_7"}, key,
         count_if(xs, [](const Point& p) { return rescale(p, 1, 7) >= 5; }), responses(xs),
         no_responses(SurveyKind::ces));
}

// docs/kpis.md, "iqs": mean review score as % of the scale maximum.
void iqs(Emitter& e, const std::string& key, const Points& xs) {
  mean_of(
      e, {"iqs", "mean", "%", "mean internal quality review score / scale max"}, key, xs,
      [](const Point& p) { return p.hi > 0 ? 100.0 * p.score / p.hi : 0; }, 0, 100,
      SurveyKind::iqs);
}

// docs/kpis.md, "cli": mean of the three loyalty means (0-10); needs all three.
void cli(Emitter& e, const std::string& key, const SurveyTally& t) {
  const Figure f{"cli", "mean", "score",
                 "mean of the means of recommend, repurchase and upsell, 0-10"};
  double sum = 0;
  long long n = 0;
  for (SurveyKind k : {SurveyKind::loyalty_recommend, SurveyKind::loyalty_repurchase,
                       SurveyKind::loyalty_upsell}) {
    const Points& xs = of(t, k);
    const long long m = responses(xs);
    if (m == 0) return e.value(f, key, std::nullopt, n, std::nullopt, no_responses(k));
    double total = 0;
    for (const auto& [p, c] : xs) total += rescale(p, 0, 10) * static_cast<double>(c);
    sum += total / static_cast<double>(m);
    n += m;
  }
  e.value(f, key, sum / 3.0, n, std::nullopt, "");
}

}  // namespace

void SurveyTally::merge(const SurveyTally& o, int sign) {
  for (size_t k = 0; k < kKinds; ++k) merge_counts(kinds[k], o.kinds[k], sign);
}

void emit_surveys(Emitter& e, const std::string& key, const SurveyTally& t) {
  // docs/kpis.md, "csat".
  top_two_rate(
      e, {"csat", "rate", "%", "responses in the top two points of their scale / CSAT responses"},
      key, of(t, SurveyKind::csat), SurveyKind::csat);
  mean_on(e, {"csat", "mean", "score", "mean CSAT score, rescaled to 1-5", "mean"}, key,
          of(t, SurveyKind::csat), 1, 5, SurveyKind::csat);
  nps(e, key, of(t, SurveyKind::nps));
  ces(e, key, of(t, SurveyKind::ces));
  iqs(e, key, of(t, SurveyKind::iqs));
  // docs/kpis.md, "esat".
  top_two_rate(e,
               {"esat", "rate", "%",
                "responses in the top two points of their scale / employee survey responses"},
               key, of(t, SurveyKind::esat), SurveyKind::esat);
  mean_on(e, {"esat", "mean", "score", "mean employee satisfaction score, rescaled to 1-5", "mean"},
          key, of(t, SurveyKind::esat), 1, 5, SurveyKind::esat);
  cli(e, key, t);
}

void survey_kpis(const Slice& s, Emitter& e) {
  ByKey<SurveyTally> by;
  for (size_t i : s.in.answered.in(s.window)) {
    const Survey& v = s.in.data.surveys[i];
    by[s.survey_key(v)].add(v);
  }
  for (const auto& key : keys_of(s, by)) emit_surveys(e, key, at_or_empty(by, key));
}

// Partials: a response counts on the day of its answer (responses on merged or deleted
// tickets in none, Input::survey_counts()).
void survey_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.surveys.size(); ++i)
    if (b.survey(i) && b.in.survey_counts(b.in.data.surveys[i])) {
      const Survey& v = b.in.data.surveys[i];
      Cell& c = b.cell(b.keys.survey_key(v), v.at);
      c.present++;
      c.surveys.add(v);
    }
}

void survey_emit(const WindowCells& w, Emitter& e) {
  w.each([&](const std::string& key, const Cell& c) { emit_surveys(e, key, c.surveys); });
}

// Stored: how many points, and per point its kind byte, scale low and high and score (raw
// IEEE doubles) and count.
void survey_write(Writer& w, const detail::CellParts& c) {
  size_t points = 0;
  for (const auto& xs : c.surveys.kinds) points += xs.size();
  w.uvar(points);
  for (size_t k = 0; k < SurveyTally::kKinds; ++k)
    for (const auto& [p, count] : c.surveys.kinds[k]) {
      w.u8(uint8_t(k));
      w.f64(p.lo);
      w.f64(p.hi);
      w.f64(p.score);
      w.svar(count);
    }
}

bool survey_read(Reader& r, detail::CellParts& c) {
  for (auto& xs : c.surveys.kinds) xs.clear();
  const auto points = r.uvar();
  if (!detail::sized(r, points)) return false;
  for (size_t i = 0; i < size_t(points) && r.ok(); ++i) {
    const uint8_t k = r.u8();
    SurveyTally::Point p;
    p.lo = r.f64();
    p.hi = r.f64();
    p.score = r.f64();
    const int64_t count = r.svar();
    if (k >= SurveyTally::kKinds || p.lo != p.lo || p.hi != p.hi || p.score != p.score)
      return false;  // NaN does not sort
    c.surveys.kinds[k][p] += count;
  }
  return r.ok();
}

}  // namespace dp::kpi
