// The report's charts from the model: trend lines of the headline KPIs, volume by
// channel, and the per-agent first-response distribution. Each is a PNG attachment with
// alt text that states what the chart shows, so a reader without images loses nothing.
#pragma once

#include <vector>

#include "connector/sink.h"
#include "report/canvas.h"
#include "report/model.h"

namespace dp::report {

inline constexpr int kChartWidth = 700;
inline constexpr int kChartHeight = 260;
// The agent chart shows at most this many, the busiest (the table lists everyone).
inline constexpr size_t kChartAgents = 30;

// A chart and where its labels were drawn (tests check they lie inside the image).
struct Chart {
  Attachment file;
  std::vector<TextBox> texts;
  int width = 0, height = 0;
};

// Only charts with data: a team without calls gets no service-level chart.
std::vector<Chart> drawn_charts(const Model& m);
std::vector<Attachment> charts(const Model& m);  // drawn_charts' files

}  // namespace dp::report
