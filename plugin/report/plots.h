// The three chart shapes the report uses, as PNG bytes: a line over periods, stacked
// bars over periods, and horizontal bars per person. No report knowledge here.
//
// Honest by construction: rate, count and duration axes start at zero; each point and
// bar can carry its 95% interval (whiskers) and be marked as a small sample; no text
// leaves the image (Canvas moves, shrinks or shortens it, and Picture lists every box).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/canvas.h"

namespace dp::report {

struct Interval {
  double low, high;
};

struct LinePlot {
  std::string title;
  std::string legend;   // one muted line under the title ("hollow: fewer than 10")
  std::string x_title;  // "ISO week"
  std::vector<std::string> x_labels;
  std::vector<std::optional<double>> values;       // gaps where nullopt
  std::vector<std::optional<Interval>> intervals;  // whiskers; parallel to values
  std::vector<long long> n;                        // printed under each label; empty = none
  std::vector<bool> hollow;                        // points from too small a sample
  std::optional<double> target;                    // dashed line, or named off the scale
  std::string unit;                                // "s", "%", ...
};

struct StackedPlot {
  std::string title;
  std::string x_title;
  std::string y_title;
  std::vector<std::string> x_labels;
  std::vector<std::string> names;           // one per stack layer, legend order
  std::vector<std::vector<double>> values;  // [layer][x]
};

struct Bar {
  std::string label;
  std::optional<double> value;
  std::optional<Interval> interval;  // whiskers
  bool hatched = false;              // too small a sample: drawn grey and striped
  std::string note;                  // printed after the bar ("n=12")
};

struct BarPlot {
  std::string title;
  std::string x_title;
  std::string legend;     // explains the hatching
  std::vector<Bar> bars;  // drawn top to bottom in this order
  std::string unit;
};

struct Picture {
  std::string png;
  int width = 0, height = 0;
  std::vector<TextBox> texts;  // every label drawn, where
};

// The range a value axis must show before rounding to ticks. It starts at zero (lower
// only for negative data, such as NPS) and ends at the data: the largest value or
// interval end, an interval counting up to twice the largest value (a longer whisker
// is cut at the edge and marked); percentages end at 100 at most. A target up to a
// quarter above that is taken in; one further off is left out (`target_inside` false)
// and the chart names it as off the scale instead of squashing the data under it.
struct Scale {
  double lo, hi;
  bool target_inside = false;
};
Scale value_scale(const std::vector<std::optional<double>>& values,
                  const std::vector<std::optional<Interval>>& intervals,
                  std::optional<double> target, const std::string& unit);

Picture render(const LinePlot& p, int width, int height);
Picture render(const StackedPlot& p, int width, int height);
// Height follows the number of bars.
Picture render(const BarPlot& p, int width);
int bar_plot_height(size_t bars);

}  // namespace dp::report
