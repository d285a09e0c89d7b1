// The three chart shapes the report uses, as PNG bytes: a line over periods, stacked
// bars over periods, and horizontal bars per person. No report knowledge here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dp::report {

struct LinePlot {
  std::string title;
  std::string x_title;  // "ISO week"
  std::vector<std::string> x_labels;
  std::vector<std::optional<double>> values;  // gaps where nullopt
  std::vector<bool> hollow;                   // points from too small a sample
  std::optional<double> target;               // dashed line
  std::string unit;                           // "s", "%", ...
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
  bool hatched = false;  // too small a sample: drawn grey and striped
  std::string note;      // printed after the bar ("n=12")
};

struct BarPlot {
  std::string title;
  std::string x_title;
  std::string legend;     // explains the hatching
  std::vector<Bar> bars;  // drawn top to bottom in this order
  std::string unit;
};

std::string render(const LinePlot& p, int width, int height);
std::string render(const StackedPlot& p, int width, int height);
// Height follows the number of bars.
std::string render(const BarPlot& p, int width);
int bar_plot_height(size_t bars);

}  // namespace dp::report
