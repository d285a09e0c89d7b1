#include "report/highlights.h"

#include <algorithm>
#include <cmath>

#include "report/format.h"

namespace dp::report {
namespace {

std::string change_sentence(const Figure& f, const std::string& before) {
  const double delta = *f.row.value - *f.previous;
  return f.label + " " + change_verb(delta, f.direction) + " from " +
         value_text(*f.previous, f.row.unit) + " to " + value_text(*f.row.value, f.row.unit) +
         " (" + change_text(delta, f.row.unit) + " vs " + before + ").";
}

std::string missed_sentence(const std::vector<const Figure*>& missed) {
  std::string s = missed.size() == 1 ? "Missed target: " : "Missed targets: ";
  for (size_t i = 0; i < missed.size(); ++i) {
    const Figure& f = *missed[i];
    if (i) s += i + 1 == missed.size() ? " and " : ", ";
    s += f.label + " " + value_text(*f.row.value, f.row.unit) + " (target " +
         value_text(*f.target, f.row.unit) + ")";
  }
  return s + ".";
}

}  // namespace

std::vector<std::string> highlights(const Model& m) {
  const std::string before = m.windows.size() >= 2 ? m.windows[m.windows.size() - 2].label : "";
  // Only changes beyond normal variation (report/change.h), the clearest first.
  std::vector<const Figure*> changed;
  for (const Section* s : {&m.tickets, &m.calls, &m.customers})
    for (const Figure& f : s->figures)
      if (f.change.significant && f.row.value && f.previous && *f.row.value != *f.previous)
        changed.push_back(&f);
  std::stable_sort(changed.begin(), changed.end(),
                   [](const Figure* a, const Figure* b) { return a->change.p < b->change.p; });
  std::vector<const Figure*> missed;
  for (const Figure& f : m.headline)
    if (f.status == Status::missed) missed.push_back(&f);

  std::vector<std::string> out;
  // Two changes when no target was missed, else the clearest change and the misses.
  const size_t changes = missed.empty() ? 2 : 1;
  for (size_t i = 0; i < changed.size() && i < changes; ++i)
    out.push_back(change_sentence(*changed[i], before));
  if (changed.empty() && !before.empty())
    out.push_back("Every figure moved within its normal variation against " + before +
                  ": no change is large enough to call.");
  if (!missed.empty()) out.push_back(missed_sentence(missed));
  // The fastest-growing topic, among those whose growth is beyond chance (the same
  // count test and false-discovery control over the topics).
  std::vector<Change> topic_changes(m.topics.size());
  std::vector<Change*> topic_marks;
  for (size_t i = 0; i < m.topics.size(); ++i) {
    const Topic& t = m.topics[i];
    if (!t.change) continue;
    topic_changes[i].tested = true;
    topic_changes[i].p = count_change_p(t.count, t.count - static_cast<long long>(*t.change));
    topic_marks.push_back(&topic_changes[i]);
  }
  control_false_discoveries(topic_marks);
  const Topic* grew = nullptr;
  for (size_t i = 0; i < m.topics.size(); ++i)
    if (topic_changes[i].significant && m.topics[i].change.value_or(0) > 0 &&
        (!grew || *m.topics[i].change > *grew->change))
      grew = &m.topics[i];
  if (grew)
    out.push_back("The fastest-growing topic is \"" + grew->name +
                  "\": " + std::to_string(grew->count) + " tickets, " +
                  change_text(*grew->change, "count") + " vs " + before + ".");
  if (out.empty()) out.push_back("No target was missed.");
  if (out.size() > 3) out.resize(3);
  return out;
}

}  // namespace dp::report
