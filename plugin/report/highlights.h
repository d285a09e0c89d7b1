// Two or three plain sentences a lead reads first, computed from the model: the changes
// against the previous period that are beyond normal variation (report/change.h; else
// one sentence saying the figures moved within it) and the missed targets (interval
// clear of the target). Nothing is said that the figures below do not show.
#pragma once

#include <string>
#include <vector>

#include "report/model.h"

namespace dp::report {

std::vector<std::string> highlights(const Model& m);

}  // namespace dp::report
