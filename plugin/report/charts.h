// The report's charts from the model: trend lines of the headline KPIs, volume by
// channel, and the per-agent first-response distribution. Each is a PNG attachment with
// alt text that states what the chart shows, so a reader without images loses nothing.
#pragma once

#include <vector>

#include "connector/sink.h"
#include "report/model.h"

namespace dp::report {

inline constexpr int kChartWidth = 700;
inline constexpr int kChartHeight = 260;

// Only charts with data: a team without calls gets no service-level chart.
std::vector<Attachment> charts(const Model& m);

}  // namespace dp::report
