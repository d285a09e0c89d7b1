// The KPI families whose figures add up over days (docs/performance.md): frt,
// resolution_time, fcr, reopen_rate, sla_compliance, resolution_rate, the queue call
// KPIs, the survey KPIs and the request volumes. Their
// accumulators merge (and, with sketched samples, unmerge), and one function per
// family emits a key's rows from an accumulator: the record engine and the per-day
// partial aggregates (kpi/partials.h) share the definitions.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>

#include "kpi/emit.h"
#include "kpi/facts.h"
#include "kpi/sample.h"
#include "model/records.h"

namespace dp::kpi {

// Queue calls offered in a window (docs/kpis.md, "Calls").
struct CallTally {
  explicit CallTally(Sample::Mode m = Sample::Mode::exact) : waits(m), handles(m) {}
  long long offered = 0, answered = 0, in_sl = 0, abandoned = 0, short_abandoned = 0, blocked = 0;
  Sample waits, handles;                      // answered calls
  void add(const Call& c, const Options& o);  // an inbound call
  void merge(const CallTally& o, int sign = 1);
  bool operator==(const CallTally&) const = default;
};
// any_calls: whether the records hold any call (else counts are unknown, not 0).
void emit_calls(Emitter& e, const std::string& key, const CallTally& q, const Options& o,
                bool any_calls);

// Durations of tickets in business and calendar time.
struct Durations {
  explicit Durations(Sample::Mode m = Sample::Mode::exact) : business(m), calendar(m) {}
  Sample business, calendar;
  void add(Seconds b, Seconds c) {
    business.add(double(b.count()));
    calendar.add(double(c.count()));
  }
  void merge(const Durations& o, int sign = 1) {
    business.merge(o.business, sign);
    calendar.merge(o.calendar, sign);
  }
  bool operator==(const Durations&) const = default;
};
// frt: `all` in the window of the first response, `human` of the first human response.
void emit_frt(Emitter& e, const std::string& key, const Durations& all, const Durations& human);
// resolution_time, in the window of the final resolution.
void emit_resolution(Emitter& e, const std::string& key, const Durations& d);

// Outcomes of tickets resolved in a window (fcr, reopen_rate, sla_compliance).
struct Outcomes {
  long long resolved = 0, fcr = 0, one_touch = 0, no_reopen = 0, reopened = 0;
  long long sla_n = 0, sla_met = 0, frt_met = 0, res_met = 0;
  void add(const TicketFacts& f, const Targets& tg);
  void merge(const Outcomes& o, int sign = 1);
  bool operator==(const Outcomes&) const = default;
};
void emit_outcomes(Emitter& e, const std::string& key, const Outcomes& o, const Options& opt);

// resolution_rate: tickets resolved in the window / tickets assigned in the window.
void emit_resolution_rate(Emitter& e, const std::string& key, long long resolved,
                          long long assigned);

// Requests per channel: tickets created and calls offered (docs/kpis.md,
// "request_volume", "volume_by_channel").
struct Volumes {
  std::map<std::string, long long> by_channel;
  void add(const std::string& channel) { ++by_channel[channel]; }
  void merge(const Volumes& o, int sign = 1);
  bool operator==(const Volumes&) const = default;
};
// `channels`: every channel with requests in the window under any key of the grouping;
// `any`: whether the records hold any ticket or call at all (else the counts are unknown).
void emit_volumes(Emitter& e, const std::string& key, const Volumes& v,
                  const std::set<std::string>& channels, bool any);

// Survey responses per kind, counted per scale and score (docs/kpis.md, "Customer
// experience"): exact, and they merge like counts. Every survey KPI reads only these.
struct SurveyTally {
  struct Point {
    double lo = 1, hi = 5, score = 0;  // the response's scale and score
    auto operator<=>(const Point&) const = default;
  };
  using Points = std::map<Point, long long>;
  static constexpr size_t kKinds = 8;  // SurveyKind values
  std::array<Points, kKinds> kinds;
  void add(const Survey& s) { ++kinds[size_t(s.kind)][{s.scale_min, s.scale_max, s.score}]; }
  void merge(const SurveyTally& o, int sign = 1);
  bool operator==(const SurveyTally&) const = default;
};
// csat, nps, ces, iqs, esat and cli, in the window of the answer.
void emit_surveys(Emitter& e, const std::string& key, const SurveyTally& t);

}  // namespace dp::kpi
