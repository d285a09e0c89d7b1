// Headless Chromium for the report's end-to-end tests: a screenshot or the DOM of a page
// (after its scripts ran), and what a screenshot shows.
#pragma once

#include <cairo.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace dp::test {

namespace fs = std::filesystem;

inline std::string find_chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

inline constexpr const char* kNoChromium =
    "chromium is not installed: apt-get install -y --no-install-recommends chromium "
    "(install.sh and tests/run list it among the test packages)";

inline std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// One headless Chromium run on `url`, bounded to 120 s, in a profile of its own under
// `work`; its log in work/chromium.log. `what` is "--screenshot=FILE" or "--dump-dom"
// (the DOM goes to `out`). `script_ms` > 0 lets the page's scripts run that long in
// virtual time first (RT loads a ticket's history after the page). true when it worked.
inline bool run_chromium(const std::string& chromium, const fs::path& work, const std::string& url,
                         const std::string& what, int width, int height, int script_ms = 0,
                         const fs::path& out = "/dev/null") {
  const fs::path profile = work / "chromium-profile";
  fs::create_directories(profile);
  std::string cmd = "timeout -k 5 120 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --hide-scrollbars --user-data-dir=" +
                    profile.string() + " --window-size=" + std::to_string(width) + "," +
                    std::to_string(height);
  if (script_ms > 0) cmd += " --virtual-time-budget=" + std::to_string(script_ms);
  cmd += " " + what + " '" + url + "' >" + out.string() + " 2>>" + (work / "chromium.log").string();
  return std::system(cmd.c_str()) == 0;
}

struct Pixels {
  long long non_white = 0, chart_blue = 0;
  int width = 0, height = 0;
  int first_blue_row = -1, last_blue_row = -1;  // where the charts are
};

// kBlue of the charts is (0, 114, 178); anti-aliasing and colour management move it a
// little. Blue is counted from row `blue_from` on (a page's own header may use it).
inline Pixels count_pixels(const fs::path& png, int blue_from = 0) {
  Pixels out;
  cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return out;
  }
  cairo_surface_flush(s);
  out.width = cairo_image_surface_get_width(s);
  out.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      uint32_t px;
      std::memcpy(&px, data + y * stride + x * 4, 4);
      const int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
      if (r < 245 || g < 245 || b < 245) ++out.non_white;
      if (y >= blue_from && r < 40 && std::abs(g - 114) < 30 && std::abs(b - 178) < 30) {
        ++out.chart_blue;
        if (out.first_blue_row < 0) out.first_blue_row = y;
        out.last_blue_row = y;
      }
    }
  cairo_surface_destroy(s);
  return out;
}

// Rows [top, top + height) of a PNG, clipped to the image, as a new PNG.
inline bool crop_png(const fs::path& from, const fs::path& to, int top, int height) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(from.c_str());
  bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
  if (ok) {
    const int h = cairo_image_surface_get_height(s);
    top = std::max(0, std::min(top, h - 1));
    height = std::min(height, h - top);
    cairo_surface_t* out =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, cairo_image_surface_get_width(s), height);
    cairo_t* cr = cairo_create(out);
    cairo_set_source_surface(cr, s, 0, -top);
    cairo_paint(cr);
    cairo_destroy(cr);
    ok = cairo_surface_write_to_png(out, to.c_str()) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(out);
  }
  cairo_surface_destroy(s);
  return ok;
}

// DESKPULSE_UPDATE_SCREENSHOT=1: the screenshot replaces docs/img/<name>.
inline bool updating_doc_screenshots() {
  const char* u = std::getenv("DESKPULSE_UPDATE_SCREENSHOT");
  return u && std::string(u) == "1";
}

inline void update_doc_screenshot(const fs::path& shot, const std::string& name) {
  if (!updating_doc_screenshots()) return;
  const fs::path doc = fs::path(DP_SOURCE_DIR) / "docs" / "img" / name;
  fs::create_directories(doc.parent_path());
  fs::copy_file(shot, doc, fs::copy_options::overwrite_existing);
}

}  // namespace dp::test
