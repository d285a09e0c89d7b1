// Topic KPIs (docs/kpis.md, "top_topics", "resolution_consistency").
#include <algorithm>
#include <cmath>

#include "kpi/families.h"
#include "kpi/windows.h"

namespace dp::kpi {

namespace {

using Counts = std::map<std::string, long long>;

ByKey<Counts> topic_counts(const Slice& s, const Window& w) {
  ByKey<Counts> by;
  for (size_t i : s.in.created.in(w)) {
    Counts& c = by[s.ticket_key(i)];
    for (const auto& topic : s.in.topics[i]) ++c[topic];
  }
  return by;
}

// docs/kpis.md, "top_topics": the options.top_topics most frequent topics of tickets
// created in the window, each with its count and the change against the previous window.
void top_topics(const Slice& s, Emitter& e) {
  if (!e.wants("top_topics")) return;
  const ByKey<Counts> now = topic_counts(s, s.window);
  const ByKey<Counts> before = topic_counts(s, previous(s.window, s.in.ctx.options.report_zone));
  for (const auto& key : keys_of(s, now)) {
    const Counts& c = at_or_empty(now, key);
    if (c.empty()) {
      e.value({"top_topics", "count", "count", "tickets created on the topic"}, key, std::nullopt,
              0, std::nullopt, "no ticket topics in the window");
      continue;
    }
    std::vector<std::pair<std::string, long long>> ranked(c.begin(), c.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (ranked.size() > size_t(std::max(0, s.in.ctx.options.top_topics)))
      ranked.resize(size_t(std::max(0, s.in.ctx.options.top_topics)));
    const Counts& prev = at_or_empty(before, key);
    for (const auto& [topic, n] : ranked) {
      auto p = prev.find(topic);
      const long long was = p == prev.end() ? 0 : p->second;
      e.count({"top_topics", "count", "count", "tickets created on the topic", std::nullopt,
               std::nullopt, topic},
              key, n);
      e.change({"top_topics", "change", "count",
                "tickets on the topic minus those of the previous window", std::nullopt,
                std::nullopt, topic},
               key, n - was, was);
    }
  }
}

// Coefficient of variation per topic (topics with 2+ tickets), weighted by topic size.
std::optional<double> weighted_cv(const std::map<std::string, std::vector<double>>& by_topic,
                                  long long& n) {
  double sum = 0;
  n = 0;
  for (const auto& [_, xs] : by_topic) {
    if (xs.size() < 2) continue;
    const double m = mean(xs);
    if (m <= 0) continue;
    double ss = 0;
    for (double x : xs) ss += (x - m) * (x - m);
    const double sd = std::sqrt(ss / double(xs.size() - 1));
    sum += sd / m * double(xs.size());
    n += static_cast<long long>(xs.size());
  }
  if (n == 0) return std::nullopt;
  return sum / double(n);
}

// docs/kpis.md, "resolution_consistency".
void consistency(const Slice& s, Emitter& e) {
  if (!e.wants("resolution_consistency")) return;
  struct Times {
    std::map<std::string, std::vector<double>> business, calendar;
  };
  ByKey<Times> by;
  for (size_t i : s.in.resolved.in(s.window)) {
    const TicketFacts& f = s.in.facts[i];
    const std::string topic = s.in.topics[i].empty() ? "" : s.in.topics[i].front();
    Times& t = by[s.ticket_key(i)];
    t.business[topic].push_back(double(f.resolution_business->count()));
    t.calendar[topic].push_back(double(f.resolution_calendar->count()));
  }
  Figure f{"resolution_consistency", "cv", "ratio",
           "coefficient of variation of resolution time per topic, weighted by topic size"};
  for (const auto& key : keys_of(s, by)) {
    const Times& t = at_or_empty(by, key);
    for (const char* basis : {"business", "calendar"}) {
      f.basis = basis;
      long long n = 0;
      auto v = weighted_cv(std::string(basis) == "business" ? t.business : t.calendar, n);
      e.value(f, key, v, n, std::nullopt, "no topic with 2 or more tickets resolved in the window");
    }
  }
}

}  // namespace

void topic_kpis(const Slice& s, Emitter& e) {
  top_topics(s, e);
  consistency(s, e);
}

}  // namespace dp::kpi
