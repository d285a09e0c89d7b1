// Small shared pieces of drawing records: whole seconds from a drawn duration, and a
// survey answer rounded onto its scale.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model/records.h"

namespace dp::gen {

inline Seconds secs(double s) {
  return Seconds{static_cast<long long>(s)};
}

struct Scale {
  double lo, hi;
};
inline constexpr Scale kCsat{1, 5}, kNps{0, 10}, kCes{1, 7}, kIqs{0, 100}, kEsat{1, 5},
    kLoyalty{0, 10};

// Appends a response whose `latent` score is rounded and clamped onto `scale`.
inline Survey& add_survey(std::vector<Survey>& out, std::string id, SurveyKind kind, double latent,
                          Scale scale, Time at) {
  Survey& s = out.emplace_back();
  s.id = std::move(id);
  s.kind = kind;
  s.score = std::clamp(std::round(latent), scale.lo, scale.hi);
  s.scale_min = scale.lo;
  s.scale_max = scale.hi;
  s.at = at;
  return s;
}

}  // namespace dp::gen
