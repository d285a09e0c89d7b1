#include "report/plots.h"

#include <algorithm>

#include "report/canvas.h"

namespace dp::report {
namespace {

struct Frame {
  double left, top, right, bottom;
  double w() const { return right - left; }
  double h() const { return bottom - top; }
};

// Horizontal grid lines with labels on the left; returns the value -> y mapping range.
struct YAxis {
  double lo, hi;
  Frame f;
  double y(double v) const { return f.bottom - (v - lo) / (hi - lo) * f.h(); }
};

YAxis y_axis(Canvas& c, const Frame& f, std::vector<double> range, const std::string& unit,
             bool from_zero) {
  double lo = *std::min_element(range.begin(), range.end());
  double hi = *std::max_element(range.begin(), range.end());
  if (from_zero) lo = std::min(lo, 0.0);
  const std::vector<double> t = ticks(lo, hi, unit);
  const YAxis a{t.front(), t.back(), f};
  for (double v : t) {
    c.colour(kGrid);
    c.line(f.left, a.y(v), f.right, a.y(v), 1);
    c.colour(kMuted);
    c.text(f.left - 6, a.y(v) + 4, tick_text(v, unit), 11, Align::right);
  }
  return a;
}

void x_labels(Canvas& c, const Frame& f, const std::vector<std::string>& labels,
              const std::string& title, double step, double first) {
  c.colour(kMuted);
  for (size_t i = 0; i < labels.size(); ++i)
    c.text(first + step * double(i), f.bottom + 16, labels[i], 11, Align::centre);
  c.text(f.left + f.w() / 2, f.bottom + 34, title, 11, Align::centre);
}

void title(Canvas& c, const std::string& t) {
  c.colour(kInk);
  c.text(12, 22, t, 14, Align::left, true);
}

}  // namespace

std::string render(const LinePlot& p, int width, int height) {
  Canvas c(width, height);
  title(c, p.title);
  const Frame f{70, 40, double(width) - 24, double(height) - 46};
  std::vector<double> range;
  for (const auto& v : p.values)
    if (v) range.push_back(*v);
  if (p.target) range.push_back(*p.target);
  if (range.empty()) range = {0, 1};
  const YAxis y = y_axis(c, f, range, p.unit, p.unit == "s" || p.unit == "count");
  const double step = p.x_labels.size() > 1 ? f.w() / double(p.x_labels.size() - 1) : 0;
  const double first = p.x_labels.size() > 1 ? f.left : f.left + f.w() / 2;
  x_labels(c, f, p.x_labels, p.x_title, step, first);
  if (p.target) {
    c.colour(kTarget);
    const double d[] = {6, 4};
    cairo_set_dash(c.cr(), d, 2, 0);
    c.line(f.left, y.y(*p.target), f.right, y.y(*p.target), 1.5);
    cairo_set_dash(c.cr(), nullptr, 0, 0);
    c.text(f.right, y.y(*p.target) - 5, "target " + tick_text(*p.target, p.unit), 11, Align::right);
  }
  c.colour(kBlue);
  cairo_set_line_width(c.cr(), 2.5);
  bool drawing = false;
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (!p.values[i]) {
      drawing = false;
      continue;
    }
    const double x = first + step * double(i), yy = y.y(*p.values[i]);
    drawing ? cairo_line_to(c.cr(), x, yy) : cairo_move_to(c.cr(), x, yy);
    drawing = true;
  }
  cairo_stroke(c.cr());
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (!p.values[i]) continue;
    const bool hollow = i < p.hollow.size() && p.hollow[i];
    cairo_arc(c.cr(), first + step * double(i), y.y(*p.values[i]), 4, 0, 6.2832);
    if (hollow) {
      cairo_set_source_rgb(c.cr(), 1, 1, 1);
      cairo_fill_preserve(c.cr());
      c.colour(kBlue);
      cairo_set_line_width(c.cr(), 1.5);
      cairo_stroke(c.cr());
    } else {
      c.colour(kBlue);
      cairo_fill(c.cr());
    }
  }
  return c.png();
}

std::string render(const StackedPlot& p, int width, int height) {
  Canvas c(width, height);
  title(c, p.title);
  const Frame f{70, 54, double(width) - 130, double(height) - 46};
  std::vector<double> totals(p.x_labels.size(), 0.0);
  for (const auto& layer : p.values)
    for (size_t i = 0; i < layer.size() && i < totals.size(); ++i) totals[i] += layer[i];
  totals.push_back(1);
  const YAxis y = y_axis(c, f, totals, "count", true);
  const double slot = f.w() / double(std::max<size_t>(1, p.x_labels.size()));
  x_labels(c, f, p.x_labels, p.x_title, slot, f.left + slot / 2);
  c.colour(kMuted);
  c.text(12, f.top - 8, p.y_title, 11);
  for (size_t i = 0; i < p.x_labels.size(); ++i) {
    double base = 0;
    for (size_t l = 0; l < p.values.size(); ++l) {
      const double v = i < p.values[l].size() ? p.values[l][i] : 0;
      c.colour(palette()[l % palette().size()]);
      c.rect(f.left + slot * double(i) + slot * 0.15, y.y(base + v), slot * 0.7,
             y.y(base) - y.y(base + v));
      base += v;
    }
  }
  for (size_t l = 0; l < p.names.size(); ++l) {
    const double ly = f.top + 6 + 20 * double(l);
    c.colour(palette()[l % palette().size()]);
    c.rect(f.right + 16, ly - 10, 12, 12);
    c.colour(kInk);
    c.text(f.right + 34, ly, p.names[l], 12);
  }
  return c.png();
}

int bar_plot_height(size_t bars) {
  return 100 + 24 * int(std::max<size_t>(1, bars));
}

std::string render(const BarPlot& p, int width) {
  const int height = bar_plot_height(p.bars.size());
  Canvas c(width, height);
  title(c, p.title);
  double label_w = 0;
  for (const Bar& b : p.bars) label_w = std::max(label_w, c.text_width(b.label, 12));
  const Frame f{label_w + 20, 40, double(width) - 150, double(height) - 58};
  std::vector<double> range{0};
  for (const Bar& b : p.bars)
    if (b.value) range.push_back(*b.value);
  const std::vector<double> t = ticks(0, *std::max_element(range.begin(), range.end()), p.unit);
  const double hi = t.back() > 0 ? t.back() : 1;
  auto x = [&](double v) { return f.left + v / hi * f.w(); };
  for (double v : t) {
    c.colour(kGrid);
    c.line(x(v), f.top, x(v), f.bottom, 1);
    c.colour(kMuted);
    c.text(x(v), f.bottom + 16, tick_text(v, p.unit), 11, Align::centre);
  }
  c.text(f.left + f.w() / 2, f.bottom + 32, p.x_title, 11, Align::centre);
  const double row = f.h() / double(std::max<size_t>(1, p.bars.size()));
  for (size_t i = 0; i < p.bars.size(); ++i) {
    const Bar& b = p.bars[i];
    const double top = f.top + row * double(i) + row * 0.15, h = row * 0.7;
    c.colour(b.hatched ? kMuted : kInk);
    c.text(f.left - 8, top + h / 2 + 4, b.label, 12, Align::right);
    double end = f.left;
    if (b.value) {
      end = x(*b.value);
      if (b.hatched) {
        c.colour({0.85, 0.85, 0.85});
        c.rect(f.left, top, end - f.left, h);
        c.colour(kMuted);
        c.hatch(f.left, top, end - f.left, h);
      } else {
        c.colour(kBlue);
        c.rect(f.left, top, end - f.left, h);
      }
    }
    c.colour(b.hatched ? kMuted : kInk);
    c.text(end + 6, top + h / 2 + 4, b.note, 11);
  }
  c.colour(kMuted);
  c.text(12, double(height) - 8, p.legend, 11);
  return c.png();
}

}  // namespace dp::report
