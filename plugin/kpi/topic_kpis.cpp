// Topic KPIs (docs/kpis.md, "top_topics", "resolution_consistency").
#include <algorithm>
#include <cmath>

#include "kpi/additive.h"
#include "kpi/cell_parts.h"
#include "kpi/families.h"
#include "kpi/family.h"
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

// Coefficient of variation per topic (topics with 2+ tickets), weighted by topic size,
// from exact sums: sd^2 = (n * sum of squares - sum^2) / (n (n - 1)).
std::optional<double> weighted_cv(const std::map<std::string, TopicTally::Times>& by_topic,
                                  Sample::Moments TopicTally::Times::*basis, long long& n) {
  double sum = 0;
  n = 0;
  for (const auto& [_, times] : by_topic) {
    const Sample::Moments& m = times.*basis;
    if (m.n < 2) continue;
    const double mean = double(m.sum) / double(m.n);
    if (mean <= 0) continue;
    const __int128 spread = __int128(m.n) * m.sumsq - __int128(m.sum) * m.sum;
    const double sd = std::sqrt(double(spread) / (double(m.n) * double(m.n - 1)));
    sum += sd / mean * double(m.n);
    n += m.n;
  }
  if (n == 0) return std::nullopt;
  return sum / double(n);
}

}  // namespace

void TopicTally::merge(const TopicTally& o, int sign) {
  merge_counts(created, o.created, sign);
  for (const auto& [topic, t] : o.resolved) {
    auto it = resolved.try_emplace(topic).first;
    it->second.business.merge(t.business, sign);
    it->second.calendar.merge(t.calendar, sign);
    if (it->second == Times{}) resolved.erase(it);
  }
}

// docs/kpis.md, "top_topics": the `top` most frequent topics of tickets created in the
// window, each with its count and the change against the previous window.
void emit_top_topics(Emitter& e, const std::string& key, const Counts& now, const Counts& before,
                     int top) {
  if (now.empty())
    return e.value({"top_topics", "count", "count", "tickets created on the topic"}, key,
                   std::nullopt, 0, std::nullopt, "no ticket topics in the window");
  std::vector<std::pair<std::string, long long>> ranked(now.begin(), now.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (ranked.size() > size_t(std::max(0, top))) ranked.resize(size_t(std::max(0, top)));
  for (const auto& [topic, n] : ranked) {
    auto p = before.find(topic);
    const long long was = p == before.end() ? 0 : p->second;
    e.count({"top_topics", "count", "count", "tickets created on the topic", std::nullopt,
             std::nullopt, topic},
            key, n);
    e.change(
        {"top_topics", "change", "count", "tickets on the topic minus those of the previous window",
         std::nullopt, std::nullopt, topic},
        key, n - was, was);
  }
}

// docs/kpis.md, "resolution_consistency".
void emit_consistency(Emitter& e, const std::string& key,
                      const std::map<std::string, TopicTally::Times>& resolved) {
  Figure f{"resolution_consistency", "cv", "ratio",
           "coefficient of variation of resolution time per topic, weighted by topic size"};
  for (auto basis : {&TopicTally::Times::business, &TopicTally::Times::calendar}) {
    f.basis = basis == &TopicTally::Times::business ? "business" : "calendar";
    long long n = 0;
    auto v = weighted_cv(resolved, basis, n);
    e.value(f, key, v, n, std::nullopt, "no topic with 2 or more tickets resolved in the window");
  }
}

void topic_kpis(const Slice& s, Emitter& e) {
  if (e.wants("top_topics")) {
    const ByKey<Counts> now = topic_counts(s, s.window);
    const ByKey<Counts> before = topic_counts(s, previous(s.window, s.in.ctx.options.report_zone));
    for (const auto& key : keys_of(s, now))
      emit_top_topics(e, key, at_or_empty(now, key), at_or_empty(before, key),
                      s.in.ctx.options.top_topics);
  }
  if (e.wants("resolution_consistency")) {
    ByKey<std::map<std::string, TopicTally::Times>> by;
    for (size_t i : s.in.resolved.in(s.window)) {
      const TicketFacts& f = s.in.facts[i];
      if (!f.resolution_business || !f.resolution_calendar) continue;
      const std::string topic = s.in.topics[i].empty() ? "" : s.in.topics[i].front();
      TopicTally::Times& t = by[s.ticket_key(i)][topic];
      t.business.add(f.resolution_business->count());
      t.calendar.add(f.resolution_calendar->count());
    }
    for (const auto& key : keys_of(s, by)) emit_consistency(e, key, at_or_empty(by, key));
  }
}

// Partials: topics of tickets created that day, resolution times per first topic on the
// day of the final resolution.
void topic_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i) {
    if (!b.ticket(i)) continue;
    const TicketFacts& f = b.in.facts[i];
    const std::string& key = b.ticket_key(i);
    const auto& topics = b.in.topics[i];
    if (!topics.empty()) {
      Cell& created = b.cell(key, b.in.data.tickets[i].created_at);
      for (const auto& topic : topics) ++created.topics.created[topic];
    }
    if (f.resolved_at && f.resolution_business && f.resolution_calendar) {
      auto& times =
          b.cell(key, *f.resolved_at).topics.resolved[topics.empty() ? "" : topics.front()];
      times.business.add(f.resolution_business->count());
      times.calendar.add(f.resolution_calendar->count());
    }
  }
}

void topic_emit(const WindowCells& w, Emitter& e) {
  if (e.wants("top_topics")) {
    static const std::map<std::string, long long> none;
    w.each([&](const std::string& key, const Cell& c) {
      auto it = w.before.find(key);
      emit_top_topics(e, key, c.topics.created, it == w.before.end() ? none : it->second,
                      w.options.top_topics);
    });
  }
  if (e.wants("resolution_consistency"))
    w.each([&](const std::string& key, const Cell& c) {
      emit_consistency(e, key, c.topics.resolved);
    });
}

// Stored: how many topics created, each name and count; how many resolved, each name and
// the business and calendar n, sum and sum of squares.
void topic_write(Writer& w, const detail::CellParts& c) {
  w.uvar(c.topics.created.size());
  for (const auto& [topic, n] : c.topics.created) {
    w.str(topic);
    w.svar(n);
  }
  w.uvar(c.topics.resolved.size());
  for (const auto& [topic, t] : c.topics.resolved) {
    w.str(topic);
    for (const Sample::Moments* m : {&t.business, &t.calendar}) {
      w.svar(m->n);
      w.svar(m->sum);
      w.svar(m->sumsq);
    }
  }
}

bool topic_read(Reader& r, detail::CellParts& c) {
  c.topics = {};
  const auto created = r.uvar();
  if (!detail::sized(r, created)) return false;
  for (size_t i = 0; i < size_t(created) && r.ok(); ++i) {
    const std::string_view topic = r.str();
    c.topics.created[std::string(topic)] += r.svar();
  }
  const auto resolved = r.uvar();
  if (!detail::sized(r, resolved)) return false;
  for (size_t i = 0; i < size_t(resolved) && r.ok(); ++i) {
    auto& t = c.topics.resolved[std::string(r.str())];
    for (Sample::Moments* m : {&t.business, &t.calendar}) {
      m->n = r.svar();
      m->sum = r.svar();
      m->sumsq = r.svar128();
    }
  }
  return r.ok();
}

}  // namespace dp::kpi
