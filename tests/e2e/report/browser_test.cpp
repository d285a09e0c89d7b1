// The demo report as a team lead sees it: written by the outbox sink, opened in headless
// Chromium, screenshot checked for content and for the charts' colour (the page's own
// styles use no blue, so blue pixels mean the PNGs loaded), and compared with
// docs/img/report-demo.png, the README's screenshot: the test fails when that drifted
// from what the code renders. With DESKPULSE_UPDATE_SCREENSHOT=1 the screenshot replaces
// docs/img/report-demo.png instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <regex>

#include "../../support/run_command.h"
#include "../../unit/report/fixtures.h"
#include "chromium.h"
#include "outbox/sink.h"
#include "report/report.h"
#include "screenshot_diff.h"

namespace fs = std::filesystem;

namespace dp::report::test {
namespace {

using dp::test::count_pixels;
using dp::test::file_text;
using dp::test::find_chromium;
using dp::test::Pixels;
using dp::test::TempDir;

constexpr int kWidth = 1200, kHeight = 2400;

TEST(ReportBrowser, DemoReportRendersWithChartsInChromium) {
  const std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty()) << dp::test::kNoChromium;

  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  const ReportPost post = build(data, context_for(data), "billing", last_week(opt));
  TempDir out;
  outbox::OutboxSink sink("outbox", out.path().string());
  const SinkResult written = sink.post_report(post);
  ASSERT_TRUE(written.ok()) << written.message;
  const fs::path html = out.path() / "reports" / "billing-2026-W47.html";
  ASSERT_TRUE(fs::exists(html));

  // Every image the HTML references is a file the outbox wrote next to it.
  const std::string page = file_text(html);
  const std::regex img(R"re(<img src="([^"]+)")re");
  int images = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), img); it != std::sregex_iterator();
       ++it, ++images)
    EXPECT_TRUE(fs::exists(out.path() / "reports" / (*it)[1].str())) << (*it)[1].str();
  EXPECT_EQ(images, int(post.attachments.size()));

  const fs::path shot = out.path() / "screenshot.png";
  ASSERT_TRUE(dp::test::run_chromium(chromium, out.path(), "file://" + html.string(),
                                     "--screenshot=" + shot.string(), kWidth, kHeight))
      << "chromium failed or timed out: " << file_text(out.path() / "chromium.log");
  ASSERT_TRUE(fs::exists(shot)) << file_text(out.path() / "chromium.log");

  const Pixels px = count_pixels(shot);
  ASSERT_EQ(px.width, kWidth);
  ASSERT_EQ(px.height, kHeight);
  // Text and tables: far from blank.
  EXPECT_GT(px.non_white, kWidth * kHeight / 50) << "screenshot looks blank";
  // Chart lines and bars: only the PNGs draw this blue.
  EXPECT_GT(px.chart_blue, 2000) << "charts did not load";

  // The README and docs/reports.md show what the code renders.
  EXPECT_TRUE(dp::test::matches_doc_screenshot(
      shot, "report-demo.png", "ReportBrowser.DemoReportRendersWithChartsInChromium"));
}

// Without the images the same page has no chart colour: the check above means something.
TEST(ReportBrowser, PageStylesUseNoChartBlue) {
  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  ReportPost post = build(data, context_for(data), "billing", last_week(opt));
  for (const char* blue : {"#0072b2", "#0072B2", "rgb(0,114,178)", "blue"})
    EXPECT_EQ(post.html.find(blue), std::string::npos) << blue;
}

// The comparison's thresholds: noise below the tolerance on every pixel passes, one more
// digit in the page's font does not (screenshot_diff.h has the measured numbers).
TEST(ReportBrowser, ScreenshotComparisonToleratesNoiseNotAChangedDigit) {
  using dp::test::kPixelTolerance;
  const fs::path doc = fs::path(DP_SOURCE_DIR) / "docs" / "img" / "report-demo.png";
  const dp::test::Rgb committed = dp::test::load_rgb(doc);
  ASSERT_TRUE(committed.ok()) << doc;

  dp::test::Rgb noisy = committed;
  uint32_t seed = 1;
  for (uint32_t& p : noisy.px) {
    uint32_t q = 0;
    for (int shift : {0, 8, 16}) {
      seed = seed * 1103515245u + 12345u;
      const int step = int((seed >> 16) % (2 * kPixelTolerance + 1)) - kPixelTolerance;
      q |= uint32_t(std::clamp(int((p >> shift) & 0xff) + step, 0, 255)) << shift;
    }
    p = q;
  }
  const dp::test::Drift noise = dp::test::drift(committed, noisy);
  EXPECT_GT(noise.differing, committed.width * committed.height / 2);
  EXPECT_EQ(noise.changed, 0);

  // A digit drawn where the page is white (right of the tables), as the charts draw text.
  TempDir out;
  cairo_surface_t* s = cairo_image_surface_create_from_png(doc.c_str());
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0x22 / 255.0, 0x22 / 255.0, 0x22 / 255.0);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 14);
  cairo_move_to(cr, 1100, 300);
  cairo_show_text(cr, "1");
  cairo_destroy(cr);
  const fs::path changed_png = out.path() / "digit.png";
  ASSERT_EQ(cairo_surface_write_to_png(s, changed_png.c_str()), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  const dp::test::Drift digit = dp::test::drift(committed, dp::test::load_rgb(changed_png));
  EXPECT_GT(digit.changed, dp::test::kMaxChangedPixels);
  EXPECT_GE(digit.top, 280);
  EXPECT_LE(digit.bottom, 300);
}

}  // namespace
}  // namespace dp::report::test
