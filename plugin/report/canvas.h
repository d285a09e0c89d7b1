// A small drawing surface over cairo for the report charts: white background, DejaVu
// Sans text through cairo's toy API, the colour palette, axis ticks, and the PNG bytes
// (written to memory: the report module does no file I/O).
#pragma once

#include <cairo.h>

#include <string>
#include <vector>

namespace dp::report {

struct Colour {
  double r, g, b;
};

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
inline constexpr Colour kBlue{0.0, 114 / 255.0, 178 / 255.0};
inline constexpr Colour kInk{0.13, 0.13, 0.13};
inline constexpr Colour kMuted{0.45, 0.45, 0.45};
inline constexpr Colour kGrid{0.88, 0.88, 0.88};
inline constexpr Colour kTarget{213 / 255.0, 94 / 255.0, 0.0};
const std::vector<Colour>& palette();  // series colours, kBlue first

enum class Align { left, centre, right };

// Where a piece of text was drawn: its ink box in pixels.
struct TextBox {
  std::string text;
  double x, y, w, h;
};

class Canvas {
 public:
  Canvas(int width, int height);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() { return cr_; }
  int width() const { return width_; }
  int height() const { return height_; }

  void colour(Colour c, double alpha = 1.0);
  // Text with its baseline at y, aligned on x. Text never leaves the image: a line too
  // wide for it is set smaller (down to 8 px) and then shortened with an ellipsis, and
  // one that would cross an edge is moved inside. Every drawn box is kept (texts()).
  void text(double x, double y, const std::string& s, double size, Align a = Align::left,
            bool bold = false);
  double text_width(const std::string& s, double size, bool bold = false);
  // s, or as much of it as fits in max_w followed by an ellipsis.
  std::string fitted(const std::string& s, double size, double max_w, bool bold = false);
  void line(double x0, double y0, double x1, double y1, double width);
  void rect(double x, double y, double w, double h);
  // Diagonal stripes over a rectangle: marks a value from too small a sample.
  void hatch(double x, double y, double w, double h);

  std::string png();
  const std::vector<TextBox>& texts() const { return texts_; }

 private:
  void font(double size, bool bold);

  int width_, height_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  std::vector<TextBox> texts_;
};

// About `count` round tick values covering [lo, hi]; for durations (unit "s") steps are
// whole minutes or hours.
std::vector<double> ticks(double lo, double hi, const std::string& unit, int count = 5);
// A tick label: "2h", "30m", "80%", "120".
std::string tick_text(double v, const std::string& unit);

}  // namespace dp::report
