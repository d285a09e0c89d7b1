#include "report/highlights.h"

#include <algorithm>
#include <cmath>

#include "report/format.h"

namespace dp::report {
namespace {

// How notable a change is, comparable across units: relative for counts and durations,
// percentage points over 10 for rates (a 5 pp move weighs like a 50% volume move would
// be absurd, so rates count a tenth of their points). 0 = not worth a sentence.
double weight(const Figure& f) {
  if (!f.row.value || !f.previous || f.low_sample() || f.previous_low_sample) return 0;
  const double delta = *f.row.value - *f.previous;
  if (f.row.unit == "%" || f.row.unit == "points")
    return std::abs(delta) >= 2.0 ? std::abs(delta) / 10.0 : 0;
  if (std::abs(*f.previous) < 1e-9) return 0;
  const double rel = std::abs(delta) / std::abs(*f.previous);
  if (f.row.unit == "s" && std::abs(delta) < 300) return 0;  // minutes, not seconds, matter
  return rel >= 0.1 ? rel : 0;
}

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
  std::vector<const Figure*> changed;
  for (const Section* s : {&m.tickets, &m.calls, &m.customers})
    for (const Figure& f : s->figures)
      if (weight(f) > 0) changed.push_back(&f);
  std::stable_sort(changed.begin(), changed.end(),
                   [](const Figure* a, const Figure* b) { return weight(*a) > weight(*b); });
  std::vector<const Figure*> missed;
  for (const Figure& f : m.headline)
    if (f.status == Status::missed) missed.push_back(&f);

  std::vector<std::string> out;
  // Two changes when no target was missed, else the largest change and the misses.
  const size_t changes = missed.empty() ? 2 : 1;
  for (size_t i = 0; i < changed.size() && i < changes; ++i)
    out.push_back(change_sentence(*changed[i], before));
  if (!missed.empty()) out.push_back(missed_sentence(missed));
  auto grew = std::max_element(m.topics.begin(), m.topics.end(), [](const auto& a, const auto& b) {
    return a.change.value_or(0) < b.change.value_or(0);
  });
  if (grew != m.topics.end() && grew->change.value_or(0) >= 3)
    out.push_back("The fastest-growing topic is \"" + grew->name +
                  "\": " + std::to_string(grew->count) + " tickets, " +
                  change_text(*grew->change, "count") + " vs " + before + ".");
  if (out.empty())
    out.push_back("No figure changed notably against " + before +
                  (m.headline.empty() ? "." : " and no target was missed."));
  if (out.size() > 3) out.resize(3);
  return out;
}

}  // namespace dp::report
