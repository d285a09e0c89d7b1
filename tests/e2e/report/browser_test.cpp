// The demo report as a team lead sees it: written by the outbox sink, opened in headless
// Chromium, screenshot checked for content and for the charts' colour (the page's own
// styles use no blue, so blue pixels mean the PNGs loaded). With
// DESKPULSE_UPDATE_SCREENSHOT=1 the screenshot replaces docs/img/report-demo.png.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "../../support/run_command.h"
#include "../../unit/report/fixtures.h"
#include "chromium.h"
#include "outbox/sink.h"
#include "report/report.h"

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

  dp::test::update_doc_screenshot(shot, "report-demo.png");
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
