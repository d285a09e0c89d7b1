#include "report/canvas.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dp::report {

const std::vector<Colour>& palette() {
  static const std::vector<Colour> p{kBlue,
                                     {230 / 255.0, 159 / 255.0, 0.0},
                                     {0.0, 158 / 255.0, 115 / 255.0},
                                     {204 / 255.0, 121 / 255.0, 167 / 255.0},
                                     {86 / 255.0, 180 / 255.0, 233 / 255.0},
                                     {213 / 255.0, 94 / 255.0, 0.0},
                                     {240 / 255.0, 228 / 255.0, 66 / 255.0}};
  return p;
}

Canvas::Canvas(int width, int height)
    : width_(width),
      height_(height),
      surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)),
      cr_(cairo_create(surface_)) {
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::colour(Colour c, double alpha) {
  cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha);
}

void Canvas::font(double size, bool bold) {
  cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size);
}

double Canvas::text_width(const std::string& s, double size, bool bold) {
  font(size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr_, s.c_str(), &e);
  return e.x_advance;
}

namespace {
constexpr double kEdge = 2;  // pixels kept free at the image's edges
}  // namespace

std::string Canvas::fitted(const std::string& s, double size, double max_w, bool bold) {
  if (text_width(s, size, bold) <= max_w) return s;
  std::string t = s;
  while (!t.empty()) {
    size_t cut = t.size() - 1;  // drop one whole UTF-8 character
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    t.erase(cut);
    if (text_width(t + "\u2026", size, bold) <= max_w) break;
  }
  return t + "\u2026";
}

void Canvas::text(double x, double y, const std::string& s, double size, Align a, bool bold) {
  const double room = double(width_) - 2 * kEdge;
  if (text_width(s, size, bold) > room)
    size = std::max(8.0, std::floor(size * room / text_width(s, size, bold)));
  const std::string shown = fitted(s, size, room, bold);
  font(size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr_, shown.c_str(), &e);
  double left = a == Align::left ? x : a == Align::centre ? x - e.x_advance / 2 : x - e.x_advance;
  // The ink box, moved inside the image where it would cross an edge.
  left += std::max(0.0, kEdge - (left + e.x_bearing));
  left -= std::max(0.0, left + e.x_bearing + e.width - (double(width_) - kEdge));
  y += std::max(0.0, kEdge - (y + e.y_bearing));
  y -= std::max(0.0, y + e.y_bearing + e.height - (double(height_) - kEdge));
  cairo_move_to(cr_, left, y);
  cairo_show_text(cr_, shown.c_str());
  texts_.push_back({shown, left + e.x_bearing, y + e.y_bearing, e.width, e.height});
}

void Canvas::line(double x0, double y0, double x1, double y1, double width) {
  cairo_set_line_width(cr_, width);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
}

void Canvas::rect(double x, double y, double w, double h) {
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Canvas::hatch(double x, double y, double w, double h) {
  cairo_save(cr_);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_clip(cr_);
  cairo_set_line_width(cr_, 1.5);
  for (double d = -h; d < w; d += 6) {
    cairo_move_to(cr_, x + d, y + h);
    cairo_line_to(cr_, x + d + h, y);
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

std::string Canvas::png() {
  std::string out;
  cairo_surface_flush(surface_);
  cairo_surface_write_to_png_stream(
      surface_,
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &out);
  return out;
}

std::vector<double> ticks(double lo, double hi, const std::string& unit, int count) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(1, count);
  double step = 0;
  if (unit == "s") {
    // Whole minutes or hours, so labels read "30m", "2h".
    for (double s : {60., 300., 600., 900., 1800., 3600., 7200., 10800., 14400., 21600., 43200.,
                     86400., 172800., 432000.})
      if (s >= raw) {
        step = s;
        break;
      }
    if (step == 0) step = 864000;
  } else {
    const double mag = std::pow(10, std::floor(std::log10(raw)));
    for (double m : {1., 2., 2.5, 5., 10.})
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
  }
  std::vector<double> out;
  for (double v = std::floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(v);
  if (out.back() < hi) out.push_back(out.back() + step);
  return out;
}

std::string tick_text(double v, const std::string& unit) {
  char buf[64];
  if (unit == "s") {
    const long long m = std::llround(v / 60);
    if (m % 60 == 0)
      std::snprintf(buf, sizeof buf, "%lldh", m / 60);
    else if (m < 60)
      std::snprintf(buf, sizeof buf, "%lldm", m);
    else
      std::snprintf(buf, sizeof buf, "%lldh %02lldm", m / 60, m % 60);
  } else if (unit == "%") {
    std::snprintf(buf, sizeof buf, "%g%%", v);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

}  // namespace dp::report
