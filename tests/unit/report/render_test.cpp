// What reaches the reader is safe and readable: names are escaped, numbers formatted,
// text tables aligned.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures.h"
#include "report/format.h"
#include "report/report.h"
#include "report/text.h"

namespace dp::report::test {
namespace {

TEST(Render, HtmlEscapesNames) {
  Records d;
  d.agents.push_back(Agent{"<b>x</b>", "a&b", std::nullopt});
  for (int i = 0; i < 3; ++i)
    add_ticket(d, std::to_string(i), "<b>x</b>", "a&b",
               at("2026-11-17T09:00:00Z") + std::chrono::hours(i), 45, 4);
  const kpi::Window w = *kpi::parse_period("2026-W47", "Europe/Rome");
  const ReportPost p = build(d, context_for(d), "a&b", w);
  EXPECT_EQ(p.html.find("<b>x</b>"), std::string::npos);
  EXPECT_NE(p.html.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(p.html.find("a&amp;b"), std::string::npos);
  EXPECT_EQ(p.html.find("<script"), std::string::npos);
  // The image names stay file-name safe.
  EXPECT_NE(p.html.find("src=\"a_b-2026-W47-"), std::string::npos);
  // Plain text keeps the names as they are.
  EXPECT_NE(p.text.find("<b>x</b>"), std::string::npos);
}

TEST(Render, DurationsAndRates) {
  EXPECT_EQ(duration(3 * 3600 + 5 * 60), "3h 05m");
  EXPECT_EQ(duration(3 * 3600 + 5 * 60 + 40), "3h 06m");
  EXPECT_EQ(duration(250), "4m 10s");
  EXPECT_EQ(duration(11), "11s");
  EXPECT_EQ(duration(-25 * 60), "-25m 00s");
  EXPECT_EQ(value_text(87.5, "%"), "87.5%");
  EXPECT_EQ(change_text(8.44, "%"), "+8.4 pp");
  EXPECT_EQ(change_text(-3, "count"), "-3");
  EXPECT_EQ(change_text(3900, "s"), "+1h 05m");
}

TEST(Render, TextTablesAreAligned) {
  gen::GenOptions opt;
  Records d = gen::generate(opt);
  const ReportPost p = build(d, context_for(d), "onboarding", last_week(opt));
  // Every row of the headline table is as wide as its rule or narrower, and the value
  // column ends at the same place in every row.
  std::istringstream in(p.text.substr(p.text.find("\nHEADLINE\n") + 10));
  std::string header, rule, line;
  std::getline(in, header);
  std::getline(in, rule);
  ASSERT_EQ(rule.find_first_not_of('-'), std::string::npos) << rule;
  // The value column is right-aligned: it ends two spaces before the next header.
  const size_t value_end = header.find("Target") - 2;
  int rows = 0;
  while (std::getline(in, line) && !line.empty() && line.rfind("Status:", 0) != 0) {
    EXPECT_LE(display_width(line), rule.size()) << line;
    if (line.find("not available") == std::string::npos) {
      EXPECT_NE(line.at(value_end - 1), ' ') << line;
      EXPECT_EQ(line.at(value_end), ' ') << line;
    }
    ++rows;
  }
  EXPECT_GE(rows, 6);
}

}  // namespace
}  // namespace dp::report::test
