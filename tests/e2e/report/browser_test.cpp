// The demo report as a team lead sees it: written by the outbox sink, opened in headless
// Chromium, screenshot checked for content and for the charts' colour (the page's own
// styles use no blue, so blue pixels mean the PNGs loaded). With
// DESKPULSE_UPDATE_SCREENSHOT=1 the screenshot replaces docs/img/report-demo.png.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "../../unit/report/fixtures.h"
#include "outbox/sink.h"
#include "report/report.h"

namespace fs = std::filesystem;

namespace dp::report::test {
namespace {

constexpr int kWidth = 1200, kHeight = 2400;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "deskpulse-report-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string find_chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct Pixels {
  long long non_white = 0, chart_blue = 0;
  int width = 0, height = 0;
};

// kBlue of the charts is (0, 114, 178); anti-aliasing and colour management move it a little.
Pixels count_pixels(const fs::path& png) {
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
      if (r < 40 && std::abs(g - 114) < 30 && std::abs(b - 178) < 30) ++out.chart_blue;
    }
  cairo_surface_destroy(s);
  return out;
}

TEST(ReportBrowser, DemoReportRendersWithChartsInChromium) {
  const std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed: apt-get install -y --no-install-recommends chromium "
         "(install.sh and tests/run list it among the test packages)";

  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  const ReportPost post = build(data, context_for(data), "billing", last_week(opt));
  TempDir out, profile;
  outbox::OutboxSink sink("outbox", out.path.string());
  const SinkResult written = sink.post_report(post);
  ASSERT_TRUE(written.ok()) << written.message;
  const fs::path html = out.path / "reports" / "billing-2026-W47.html";
  ASSERT_TRUE(fs::exists(html));

  // Every image the HTML references is a file the outbox wrote next to it.
  const std::string page = read_file(html);
  const std::regex img(R"re(<img src="([^"]+)")re");
  int images = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), img); it != std::sregex_iterator();
       ++it, ++images)
    EXPECT_TRUE(fs::exists(out.path / "reports" / (*it)[1].str())) << (*it)[1].str();
  EXPECT_EQ(images, int(post.attachments.size()));

  const fs::path shot = out.path / "screenshot.png";
  const std::string cmd =
      "timeout -k 5 120 " + chromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --hide-scrollbars --user-data-dir=" +
      profile.path.string() + " --screenshot=" + shot.string() +
      " --window-size=" + std::to_string(kWidth) + "," + std::to_string(kHeight) + " file://" +
      html.string() + " >" + (out.path / "chromium.log").string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_EQ(rc, 0) << "chromium failed or timed out: " << read_file(out.path / "chromium.log");
  ASSERT_TRUE(fs::exists(shot)) << read_file(out.path / "chromium.log");

  const Pixels px = count_pixels(shot);
  ASSERT_EQ(px.width, kWidth);
  ASSERT_EQ(px.height, kHeight);
  // Text and tables: far from blank.
  EXPECT_GT(px.non_white, kWidth * kHeight / 50) << "screenshot looks blank";
  // Chart lines and bars: only the PNGs draw this blue.
  EXPECT_GT(px.chart_blue, 2000) << "charts did not load";

  if (const char* u = std::getenv("DESKPULSE_UPDATE_SCREENSHOT"); u && std::string(u) == "1") {
    const fs::path doc = fs::path(DP_SOURCE_DIR) / "docs" / "img" / "report-demo.png";
    fs::create_directories(doc.parent_path());
    fs::copy_file(shot, doc, fs::copy_options::overwrite_existing);
  }
}

// Without the images the same page has no chart colour: the check above means something.
TEST(ReportBrowser, PageStylesUseNoChartBlue) {
  gen::GenOptions opt;
  const Records data = gen::generate(opt);
  ReportPost post = build(data, context_for(data), "billing", last_week(opt));
  for (const char* blue : {"#0072b2", "#0072B2", "rgb(0,114,178)", "blue"})
    EXPECT_EQ(post.html.find(blue), std::string::npos) << blue;
}

}  // namespace
}  // namespace dp::report::test
