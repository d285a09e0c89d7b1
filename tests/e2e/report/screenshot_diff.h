// The documentation's screenshots (docs/img) against what the code renders today: the
// browser tests compare their fresh screenshot with the committed PNG and fail when they
// drift. With DESKPULSE_UPDATE_SCREENSHOT=1 the screenshot replaces the PNG instead.
//
// Measured on Debian 12 with its chromium 156 and fonts (the demo report, 1200x2400):
// renders of the same page are bit-identical, one after the other, two at once and with
// both cores busy (0 pixels differ). A real change: one digit of a headline figure
// 34 to 41 pixels changed by more than 32/255, one digit of the small grey text 13, a
// figure's colour (green to grey) 137, a chart left out 121692; a "." turned "," only 6.
// Another font or hinting (e.g. Arial falling back to DejaVu Sans instead of Noto Sans,
// full instead of slight hinting) changes 80000 to 130000: no threshold tells that from a
// missing chart, so the comparison holds only with the same Chromium and fonts (CI's
// Debian 12 with the test packages of install.sh): docs/img/chromium-version.txt says
// which Chromium rendered the images, and with another one the pixels are not compared
// (the test says so and how to regenerate; its content checks still run). Downscaling does not
// help: it hides a changed figure before it hides a font change.
//
// So a pixel counts as changed when a channel moved by more than kPixelTolerance (far
// above the few steps by which CPU-specific blending code in Skia or pixman may round
// differently on another machine; not measured, one machine here), and the screenshot
// drifted when more than kMaxChangedPixels changed.
#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "chromium.h"

namespace dp::test {

namespace fs = std::filesystem;

// A channel of a pixel moves more than this (of 255) before the pixel counts as changed:
// above blending noise, below a figure's colour change (92) and a glyph's edge (200+).
inline constexpr int kPixelTolerance = 32;
// More changed pixels than this and the screenshot drifted: 0 between renders, 13 and
// more for a changed digit. Small drifts that pass add up until one does not.
inline constexpr long long kMaxChangedPixels = 8;

struct Rgb {
  int width = 0, height = 0;
  std::vector<uint32_t> px;  // 0x00RRGGBB, row by row
  bool ok() const { return width > 0 && height > 0; }
};

inline Rgb load_rgb(const fs::path& png) {
  Rgb out;
  cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
  if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
    cairo_surface_flush(s);
    out.width = cairo_image_surface_get_width(s);
    out.height = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    out.px.resize(size_t(out.width) * size_t(out.height));
    for (int y = 0; y < out.height; ++y)
      for (int x = 0; x < out.width; ++x) {
        uint32_t p;
        std::memcpy(&p, data + size_t(y) * size_t(stride) + size_t(x) * 4, 4);
        out.px[size_t(y) * size_t(out.width) + size_t(x)] = p & 0xffffff;
      }
  }
  cairo_surface_destroy(s);
  return out;
}

inline int channel_delta(uint32_t a, uint32_t b) {
  int d = 0;
  for (int shift : {0, 8, 16})
    d = std::max(d, std::abs(int((a >> shift) & 0xff) - int((b >> shift) & 0xff)));
  return d;
}

struct Drift {
  long long changed = 0;    // pixels with a channel moved by more than the tolerance
  long long differing = 0;  // pixels that differ at all
  int max_delta = 0;        // the largest channel difference
  int top = -1, bottom = -1, left = -1, right = -1;  // where the changed pixels are
};

// `a` and `b` of the same size.
inline Drift drift(const Rgb& a, const Rgb& b, int tolerance = kPixelTolerance) {
  Drift d;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const size_t i = size_t(y) * size_t(a.width) + size_t(x);
      if (a.px[i] == b.px[i]) continue;
      ++d.differing;
      const int delta = channel_delta(a.px[i], b.px[i]);
      d.max_delta = std::max(d.max_delta, delta);
      if (delta <= tolerance) continue;
      if (d.changed++ == 0) d.top = y, d.left = x, d.right = x;
      d.bottom = y;
      d.left = std::min(d.left, x);
      d.right = std::max(d.right, x);
    }
  return d;
}

// `actual` faded, its changed pixels against `expected` in red: where the drift is.
inline bool write_drift_png(const Rgb& expected, const Rgb& actual, const fs::path& to,
                            int tolerance = kPixelTolerance) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, actual.width, actual.height);
  cairo_surface_flush(s);
  const int stride = cairo_image_surface_get_stride(s);
  unsigned char* data = cairo_image_surface_get_data(s);
  for (int y = 0; y < actual.height; ++y)
    for (int x = 0; x < actual.width; ++x) {
      const size_t i = size_t(y) * size_t(actual.width) + size_t(x);
      uint32_t p = 0xff0000;
      if (channel_delta(expected.px[i], actual.px[i]) <= tolerance) {
        p = 0;
        for (int shift : {0, 8, 16})  // a quarter of the contrast, on white
          p |= uint32_t(255 - (255 - int((actual.px[i] >> shift) & 0xff)) / 4) << shift;
      }
      std::memcpy(data + size_t(y) * size_t(stride) + size_t(x) * 4, &p, 4);
    }
  cairo_surface_mark_dirty(s);
  const bool ok = cairo_surface_write_to_png(s, to.c_str()) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  return ok;
}

// The fresh screenshot `shot` against the committed docs/img/<name>; `ctest_name` is the
// test that renders it. With DESKPULSE_UPDATE_SCREENSHOT=1 the screenshot replaces the
// committed one instead. On drift the screenshot and a picture of the changed pixels are
// kept in the build tree for a look.
// `chromium --version` ("Chromium 156.0.8078.73 built on Debian ..."), first line.
inline std::string chromium_version() {
  const std::string bin = find_chromium();
  if (bin.empty()) return "";
  FILE* p = popen((bin + " --version 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  const bool got = fgets(buf, sizeof buf, p) != nullptr;
  pclose(p);
  std::string v = got ? buf : "";
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

inline ::testing::AssertionResult matches_doc_screenshot(const fs::path& shot,
                                                         const std::string& name,
                                                         const std::string& ctest_name) {
  // The Chromium that rendered docs/img, beside the images: another version renders
  // text differently (see above), so the pixels are compared only with the same one.
  const fs::path version_file = fs::path(DP_SOURCE_DIR) / "docs" / "img" / "chromium-version.txt";
  const std::string version = chromium_version();
  if (updating_doc_screenshots()) {
    update_doc_screenshot(shot, name);
    std::ofstream(version_file) << version << '\n';
    std::cout << "[screenshot] docs/img/" << name << " replaced (" << version
              << "): commit it and docs/img/chromium-version.txt\n";
    return ::testing::AssertionSuccess();
  }
  const fs::path doc = fs::path(DP_SOURCE_DIR) / "docs" / "img" / name;
  const std::string regenerate =
      "If the change is intended, regenerate the image with the test and commit it:\n"
      "  DESKPULSE_UPDATE_SCREENSHOT=1 ctest --test-dir " DP_BINARY_DIR " -R '^" +
      ctest_name + "$'\n  git add docs/img/" + name + " && git commit";
  std::string rendered_with = file_text(version_file);
  while (!rendered_with.empty() && rendered_with.back() == '\n') rendered_with.pop_back();
  if (!rendered_with.empty() && rendered_with != version) {
    std::cout << "[screenshot] docs/img/" << name << " not compared: rendered with "
              << rendered_with << ", this machine has " << (version.empty() ? "?" : version) << ". "
              << regenerate << '\n';
    return ::testing::AssertionSuccess();
  }
  const Rgb expected = load_rgb(doc), actual = load_rgb(shot);
  if (!actual.ok()) return ::testing::AssertionFailure() << "cannot read the screenshot " << shot;
  if (!expected.ok())
    return ::testing::AssertionFailure() << "cannot read docs/img/" << name << ".\n" << regenerate;

  const fs::path kept_dir = fs::path(DP_BINARY_DIR) / "tests" / "e2e" / "report";
  const std::string stem = fs::path(name).stem().string();
  const fs::path kept = kept_dir / (stem + ".actual.png"), drawn = kept_dir / (stem + ".drift.png");
  std::error_code ec;
  fs::remove(kept, ec);
  fs::remove(drawn, ec);
  if (expected.width != actual.width || expected.height != actual.height) {
    fs::create_directories(kept_dir, ec);
    fs::copy_file(shot, kept, fs::copy_options::overwrite_existing, ec);
    return ::testing::AssertionFailure()
           << "docs/img/" << name << " is " << expected.width << "x" << expected.height
           << ", the screenshot the code renders today " << actual.width << "x" << actual.height
           << " (" << kept.string() << ").\n"
           << regenerate;
  }
  const Drift d = drift(expected, actual);
  std::cout << "[screenshot] docs/img/" << name << ": " << d.differing << " pixels differ, "
            << d.changed << " by more than " << kPixelTolerance << " (at most " << kMaxChangedPixels
            << " may), largest difference " << d.max_delta << '\n';
  if (d.changed <= kMaxChangedPixels) return ::testing::AssertionSuccess();
  fs::create_directories(kept_dir, ec);
  fs::copy_file(shot, kept, fs::copy_options::overwrite_existing, ec);
  write_drift_png(expected, actual, drawn);
  return ::testing::AssertionFailure()
         << "docs/img/" << name << " no longer matches what the code renders: " << d.changed
         << " of " << (long long)actual.width * actual.height << " pixels changed by more than "
         << kPixelTolerance << "/255 (at most " << kMaxChangedPixels << " may), in x " << d.left
         << ".." << d.right << ", y " << d.top << ".." << d.bottom
         << ".\nThe screenshot rendered now: " << kept.string()
         << "\nIts changed pixels in red: " << drawn.string() << "\n"
         << regenerate;
}

}  // namespace dp::test
