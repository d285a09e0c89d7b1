#include "report/plots.h"

#include <algorithm>
#include <cmath>

namespace dp::report {
namespace {

struct Frame {
  double left, top, right, bottom;
  double w() const { return right - left; }
  double h() const { return bottom - top; }
};

// Value -> pixel along an axis whose ticks run from lo to hi.
struct Axis {
  double lo, hi;
  double from, to;  // pixels of lo and hi
  double at(double v) const { return from + (v - lo) / (hi - lo) * (to - from); }
  double clamp(double v) const { return std::clamp(v, lo, hi); }
};

// Grid lines with labels on the left; the axis spans the ticks of `s`.
Axis y_axis(Canvas& c, const Frame& f, const Scale& s, const std::string& unit) {
  const std::vector<double> t = ticks(s.lo, s.hi, unit);
  const Axis a{t.front(), t.back(), f.bottom, f.top};
  for (double v : t) {
    c.colour(kGrid);
    c.line(f.left, a.at(v), f.right, a.at(v), 1);
    c.colour(kMuted);
    c.text(f.left - 6, a.at(v) + 4, tick_text(v, unit), 11, Align::right);
  }
  return a;
}

void x_labels(Canvas& c, const Frame& f, const std::vector<std::string>& labels,
              const std::vector<long long>& n, const std::string& title, double step,
              double first) {
  c.colour(kMuted);
  for (size_t i = 0; i < labels.size(); ++i) {
    c.text(first + step * double(i), f.bottom + 16, labels[i], 11, Align::centre);
    if (i < n.size())
      c.text(first + step * double(i), f.bottom + 30, "n=" + std::to_string(n[i]), 9,
             Align::centre);
  }
  c.text(f.left + f.w() / 2, f.bottom + (n.empty() ? 34 : 46), title, 11, Align::centre);
}

void title(Canvas& c, const std::string& t, const std::string& legend = "") {
  c.colour(kInk);
  c.text(12, 22, t, 14, Align::left, true);
  if (legend.empty()) return;
  c.colour(kMuted);
  c.text(12, 38, legend, 11);
}

// A small arrowhead at (x, y) pointing along (dx, dy): a whisker cut at the axis edge.
void arrowhead(Canvas& c, double x, double y, double dx, double dy) {
  cairo_move_to(c.cr(), x + dx * 6, y + dy * 6);
  cairo_line_to(c.cr(), x - dy * 4, y + dx * 4);
  cairo_line_to(c.cr(), x + dy * 4, y - dx * 4);
  cairo_close_path(c.cr());
  cairo_fill(c.cr());
}

// Whisker along the value axis from lo to hi at cross position `at`; `vertical` for
// line charts (values up the y axis), else horizontal bars. Cut ends get an arrowhead.
void whisker(Canvas& c, const Axis& a, Interval iv, double at, bool vertical) {
  const double p0 = a.at(a.clamp(iv.low)), p1 = a.at(a.clamp(iv.high));
  auto seg = [&](double v0, double w0, double v1, double w1) {
    vertical ? c.line(w0, v0, w1, v1, 1.2) : c.line(v0, w0, v1, w1, 1.2);
  };
  seg(p0, at, p1, at);
  seg(p0, at - 4, p0, at + 4);
  seg(p1, at - 4, p1, at + 4);
  const double dir = a.to > a.from ? 1 : -1;  // pixel direction of growing values
  if (iv.high > a.hi) vertical ? arrowhead(c, at, p1, 0, dir) : arrowhead(c, p1, at, dir, 0);
  if (iv.low < a.lo) vertical ? arrowhead(c, at, p0, 0, -dir) : arrowhead(c, p0, at, -dir, 0);
}

void dashed(Canvas& c, double x0, double y0, double x1, double y1) {
  const double d[] = {6, 4};
  cairo_set_dash(c.cr(), d, 2, 0);
  c.line(x0, y0, x1, y1, 1.5);
  cairo_set_dash(c.cr(), nullptr, 0, 0);
}

Picture picture(Canvas& c) {
  return {c.png(), c.width(), c.height(), c.texts()};
}

}  // namespace

Scale value_scale(const std::vector<std::optional<double>>& values,
                  const std::vector<std::optional<Interval>>& intervals,
                  std::optional<double> target, const std::string& unit) {
  double lo = 0, top = 0;
  bool any = false;
  for (const auto& v : values)
    if (v) {
      lo = std::min(lo, *v);
      top = any ? std::max(top, *v) : std::max(0.0, *v);
      any = true;
    }
  double hi = top;
  // How far a whisker may pull the axis: to twice the data's extent.
  const double reach_hi = top > 0 ? 2 * top : top, reach_lo = 2 * lo;
  for (const auto& iv : intervals)
    if (iv) {
      lo = std::min(lo, std::max(iv->low, reach_lo));
      hi = std::max(hi, std::min(iv->high, reach_hi));
    }
  if (unit == "%") hi = std::min(hi, 100.0);
  Scale s{lo, hi};
  if (target && *target >= lo && (*target <= hi + 0.25 * std::max(hi - lo, 0.0) || !any)) {
    s.hi = std::max(s.hi, *target);
    s.target_inside = true;
  }
  if (!(s.hi > s.lo)) s.hi = s.lo + 1;
  return s;
}

Picture render(const LinePlot& p, int width, int height) {
  Canvas c(width, height);
  title(c, p.title, p.legend);
  const Frame f{70, p.legend.empty() ? 40.0 : 50.0, double(width) - 28,
                double(height) - (p.n.empty() ? 46 : 58)};
  const Scale s = value_scale(p.values, p.intervals, p.target, p.unit);
  const Axis y = y_axis(c, f, s, p.unit);
  const double step = p.x_labels.size() > 1 ? f.w() / double(p.x_labels.size() - 1) : 0;
  const double first = p.x_labels.size() > 1 ? f.left : f.left + f.w() / 2;
  x_labels(c, f, p.x_labels, p.n, p.x_title, step, first);
  if (p.target) {
    c.colour(kTarget);
    if (s.target_inside) {
      dashed(c, f.left, y.at(*p.target), f.right, y.at(*p.target));
      c.text(f.right, y.at(*p.target) - 5, "target " + tick_text(*p.target, p.unit), 11,
             Align::right);
    } else {
      const bool above = *p.target > y.hi;
      c.text(f.right, above ? f.top - 4 : f.bottom - 4,
             std::string("target ") + tick_text(*p.target, p.unit) +
                 (above ? " \u2191" : " \u2193") + " (off the scale)",
             11, Align::right);
    }
  }
  c.colour(kBlue, 0.55);
  for (size_t i = 0; i < p.values.size() && i < p.intervals.size(); ++i)
    if (p.values[i] && p.intervals[i])
      whisker(c, y, *p.intervals[i], first + step * double(i), true);
  c.colour(kBlue);
  cairo_set_line_width(c.cr(), 2.5);
  bool drawing = false;
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (!p.values[i]) {
      drawing = false;
      continue;
    }
    const double x = first + step * double(i), yy = y.at(*p.values[i]);
    drawing ? cairo_line_to(c.cr(), x, yy) : cairo_move_to(c.cr(), x, yy);
    drawing = true;
  }
  cairo_stroke(c.cr());
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (!p.values[i]) continue;
    const bool hollow = i < p.hollow.size() && p.hollow[i];
    cairo_arc(c.cr(), first + step * double(i), y.at(*p.values[i]), 4, 0, 6.2832);
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
  return picture(c);
}

Picture render(const StackedPlot& p, int width, int height) {
  Canvas c(width, height);
  title(c, p.title);
  const Frame f{70, 54, double(width) - 130, double(height) - 46};
  std::vector<std::optional<double>> totals(p.x_labels.size(), 0.0);
  for (const auto& layer : p.values)
    for (size_t i = 0; i < layer.size() && i < totals.size(); ++i) *totals[i] += layer[i];
  const Axis y = y_axis(c, f, value_scale(totals, {}, std::nullopt, "count"), "count");
  const double slot = f.w() / double(std::max<size_t>(1, p.x_labels.size()));
  x_labels(c, f, p.x_labels, {}, p.x_title, slot, f.left + slot / 2);
  c.colour(kMuted);
  c.text(12, f.top - 8, p.y_title, 11);
  for (size_t i = 0; i < p.x_labels.size(); ++i) {
    double base = 0;
    for (size_t l = 0; l < p.values.size(); ++l) {
      const double v = i < p.values[l].size() ? p.values[l][i] : 0;
      c.colour(palette()[l % palette().size()]);
      c.rect(f.left + slot * double(i) + slot * 0.15, y.at(base + v), slot * 0.7,
             y.at(base) - y.at(base + v));
      base += v;
    }
  }
  const double legend_w = double(width) - (f.right + 34) - 4;
  for (size_t l = 0; l < p.names.size(); ++l) {
    const double ly = f.top + 6 + 20 * double(l);
    c.colour(palette()[l % palette().size()]);
    c.rect(f.right + 16, ly - 10, 12, 12);
    c.colour(kInk);
    c.text(f.right + 34, ly, c.fitted(p.names[l], 12, legend_w), 12);
  }
  return picture(c);
}

int bar_plot_height(size_t bars) {
  return 100 + 24 * int(std::max<size_t>(1, bars));
}

Picture render(const BarPlot& p, int width) {
  const int height = bar_plot_height(p.bars.size());
  Canvas c(width, height);
  title(c, p.title);
  const double label_room = 0.3 * double(width);
  double label_w = 0;
  for (const Bar& b : p.bars) label_w = std::max(label_w, c.text_width(b.label, 12));
  label_w = std::min(label_w, label_room);
  const Frame f{label_w + 20, 40, double(width) - 150, double(height) - 58};
  std::vector<std::optional<double>> values;
  std::vector<std::optional<Interval>> intervals;
  for (const Bar& b : p.bars) {
    values.push_back(b.value);
    intervals.push_back(b.value ? b.interval : std::nullopt);
  }
  const Scale s = value_scale(values, intervals, std::nullopt, p.unit);
  const std::vector<double> t = ticks(s.lo, s.hi, p.unit);
  const Axis x{t.front(), t.back(), f.left, f.right};
  for (double v : t) {
    c.colour(kGrid);
    c.line(x.at(v), f.top, x.at(v), f.bottom, 1);
    c.colour(kMuted);
    c.text(x.at(v), f.bottom + 16, tick_text(v, p.unit), 11, Align::centre);
  }
  c.text(f.left + f.w() / 2, f.bottom + 32, p.x_title, 11, Align::centre);
  const double row = f.h() / double(std::max<size_t>(1, p.bars.size()));
  for (size_t i = 0; i < p.bars.size(); ++i) {
    const Bar& b = p.bars[i];
    const double top = f.top + row * double(i) + row * 0.15, h = row * 0.7;
    c.colour(b.hatched ? kMuted : kInk);
    c.text(f.left - 8, top + h / 2 + 4, c.fitted(b.label, 12, label_room), 12, Align::right);
    double end = f.left;
    if (b.value) {
      end = x.at(x.clamp(*b.value));
      if (b.hatched) {
        c.colour({0.85, 0.85, 0.85});
        c.rect(f.left, top, end - f.left, h);
        c.colour(kMuted);
        c.hatch(f.left, top, end - f.left, h);
      } else {
        c.colour(kBlue);
        c.rect(f.left, top, end - f.left, h);
      }
      if (b.interval) {
        c.colour(kInk, 0.7);
        whisker(c, x, *b.interval, top + h / 2, false);
        end = std::max(end, x.at(x.clamp(b.interval->high)) + (b.interval->high > x.hi ? 6 : 0));
      }
    }
    c.colour(b.hatched ? kMuted : kInk);
    c.text(end + 6, top + h / 2 + 4, b.note, 11);
  }
  c.colour(kMuted);
  c.text(12, double(height) - 8, p.legend, 11);
  return picture(c);
}

}  // namespace dp::report
