// Two or three plain sentences a lead reads first, computed from the model: the largest
// changes against the previous period and the missed targets. Nothing is said that the
// figures below do not show.
#pragma once

#include <string>
#include <vector>

#include "report/model.h"

namespace dp::report {

std::vector<std::string> highlights(const Model& m);

}  // namespace dp::report
