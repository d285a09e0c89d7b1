// Customer experience KPIs from survey responses (docs/kpis.md, "Customer experience").
// A survey counts in the window of its answer time. Each response is read on its own
// scale (scale_min..scale_max) and rescaled where a KPI fixes one.
#include <array>

#include "kpi/families.h"

namespace dp::kpi {

namespace {

constexpr size_t kKinds = 8;

double rescale(const Survey& s, double lo, double hi) {
  if (s.scale_max <= s.scale_min) return s.score;
  return lo + (s.score - s.scale_min) / (s.scale_max - s.scale_min) * (hi - lo);
}

// Top two points of the response's own scale: 4-5 of 1-5, 9-10 of 0-10.
bool top_two(const Survey& s) {
  return s.score >= s.scale_max - 1;
}

std::string no_responses(SurveyKind k) {
  return "no survey responses of kind " + std::string(to_string(k));
}

using Responses = std::array<std::vector<const Survey*>, kKinds>;

const std::vector<const Survey*>& of(const Responses& r, SurveyKind k) {
  return r[static_cast<size_t>(k)];
}

// Top-two-box share, as csat and esat define it (docs/kpis.md, "csat", "esat").
void top_two_rate(Emitter& e, const Figure& f, const std::string& key,
                  const std::vector<const Survey*>& xs, SurveyKind k) {
  long long top = 0;
  for (const Survey* s : xs) top += top_two(*s);
  e.rate(f, key, top, static_cast<long long>(xs.size()), no_responses(k));
}

void mean_on(Emitter& e, const Figure& f, const std::string& key,
             const std::vector<const Survey*>& xs, double lo, double hi, SurveyKind k) {
  std::vector<double> v;
  v.reserve(xs.size());
  for (const Survey* s : xs) v.push_back(rescale(*s, lo, hi));
  e.mean(f, key, v, no_responses(k));
}

// docs/kpis.md, "nps": % promoters (9-10) - % detractors (0-6) on 0-10.
void nps(Emitter& e, const std::string& key, const std::vector<const Survey*>& xs) {
  const Figure f{"nps", "score", "points", "% promoters (9-10) - % detractors (0-6), 0-10 scale"};
  long long promoters = 0, detractors = 0;
  for (const Survey* s : xs) {
    const double v = rescale(*s, 0, 10);
    promoters += v >= 9;
    detractors += v <= 6;
  }
  const long long n = static_cast<long long>(xs.size());
  if (n == 0) return e.value(f, key, std::nullopt, 0, std::nullopt, no_responses(SurveyKind::nps));
  e.value(f, key, 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n), n,
          nps_ci(promoters, detractors, n), "");
}

// docs/kpis.md, "ces": mean on 1-7; variant pct_5_7.
void ces(Emitter& e, const std::string& key, const std::vector<const Survey*>& xs) {
  mean_on(e, {"ces", "mean", "score", "mean Customer Effort Score, 1-7 (higher = easier)"}, key, xs,
          1, 7, SurveyKind::ces);
  long long easy = 0;
  for (const Survey* s : xs) easy += rescale(*s, 1, 7) >= 5;
  e.rate({"ces", "rate", "%", "responses scoring 5-7 / CES responses", "pct_5_7"}, key, easy,
         static_cast<long long>(xs.size()), no_responses(SurveyKind::ces));
}

// docs/kpis.md, "iqs": mean review score as % of the scale maximum.
void iqs(Emitter& e, const std::string& key, const std::vector<const Survey*>& xs) {
  std::vector<double> v;
  for (const Survey* s : xs) v.push_back(s->scale_max > 0 ? 100.0 * s->score / s->scale_max : 0);
  e.mean({"iqs", "mean", "%", "mean internal quality review score / scale max"}, key, v,
         no_responses(SurveyKind::iqs));
}

// docs/kpis.md, "cli": mean of the three loyalty means (0-10); needs all three.
void cli(Emitter& e, const std::string& key, const Responses& r) {
  const Figure f{"cli", "mean", "score",
                 "mean of the means of recommend, repurchase and upsell, 0-10"};
  double sum = 0;
  long long n = 0;
  for (SurveyKind k : {SurveyKind::loyalty_recommend, SurveyKind::loyalty_repurchase,
                       SurveyKind::loyalty_upsell}) {
    const auto& xs = of(r, k);
    if (xs.empty()) return e.value(f, key, std::nullopt, n, std::nullopt, no_responses(k));
    double m = 0;
    for (const Survey* s : xs) m += rescale(*s, 0, 10);
    sum += m / static_cast<double>(xs.size());
    n += static_cast<long long>(xs.size());
  }
  e.value(f, key, sum / 3.0, n, std::nullopt, "");
}

}  // namespace

void survey_kpis(const Slice& s, Emitter& e) {
  ByKey<Responses> by;
  for (size_t i : s.in.answered.in(s.window)) {
    const Survey& v = s.in.data.surveys[i];
    by[s.survey_key(v)][static_cast<size_t>(v.kind)].push_back(&v);
  }
  for (const auto& key : keys_of(s, by)) {
    const Responses& r = at_or_empty(by, key);
    // docs/kpis.md, "csat".
    top_two_rate(
        e, {"csat", "rate", "%", "responses in the top two points of their scale / CSAT responses"},
        key, of(r, SurveyKind::csat), SurveyKind::csat);
    mean_on(e, {"csat", "mean", "score", "mean CSAT score, rescaled to 1-5", "mean"}, key,
            of(r, SurveyKind::csat), 1, 5, SurveyKind::csat);
    nps(e, key, of(r, SurveyKind::nps));
    ces(e, key, of(r, SurveyKind::ces));
    iqs(e, key, of(r, SurveyKind::iqs));
    // docs/kpis.md, "esat".
    top_two_rate(e,
                 {"esat", "rate", "%",
                  "responses in the top two points of their scale / employee survey responses"},
                 key, of(r, SurveyKind::esat), SurveyKind::esat);
    mean_on(e,
            {"esat", "mean", "score", "mean employee satisfaction score, rescaled to 1-5", "mean"},
            key, of(r, SurveyKind::esat), 1, 5, SurveyKind::esat);
    cli(e, key, r);
  }
}

}  // namespace dp::kpi
