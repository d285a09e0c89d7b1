// The report as RT can show it: charts as captions with their PNGs after them, the body
// cut into parts RT shows inline. Hand-made HTML in the renderer's shape; the real
// renderer's output is checked in report_contract_test.cpp.
#include "rt/report_body.h"

#include <gtest/gtest.h>

#include <regex>

namespace dp::rt {
namespace {

std::string page(const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Week "
         "47</title><style>td{padding:4px}</style></head>\n<body>\n<div>\n" +
         body + "</div>\n</body></html>\n";
}

std::string img(const std::string& name, const std::string& alt) {
  return "<p style=\"margin:8px 0;\"><img src=\"" + name + "\" alt=\"" + alt + "\" title=\"" + alt +
         "\"></p>\n";
}

Attachment png(const std::string& name, const std::string& alt) {
  return {name, "image/png", "\x89PNG", alt};
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(RtReportBody, ChartsBecomeCaptionsNumberedInReadingOrder) {
  ReportPost p;
  p.team = "billing";
  p.period = "2026-W47";
  p.html = page("<h1 style=\"font-size:20px;\">Week 47</h1>\n" +
                img("billing-2026-W47-b.png", "CSAT rose &amp; stayed") +
                "<p title=\"def\">Between</p>\n" + img("billing-2026-W47-a.png", "Agents"));
  // Attached in another order than read, plus one the HTML does not link.
  p.attachments = {png("a.png", "Agents"), png("b.png", "CSAT rose & stayed"),
                   png("x.png", "Extra")};
  const RtReport r = report_for_rt(p);
  EXPECT_EQ(r.content_type, "text/html");
  for (const char* gone : {"<img", "<title", "<style", "<head", "<body", " title=\""})
    EXPECT_EQ(r.content.find(gone), std::string::npos) << gone << " in " << r.content;
  EXPECT_NE(r.content.find("<h1 style=\"font-size:20px;\">Week 47</h1>"), std::string::npos);
  EXPECT_NE(r.content.find("<b>Chart 1 below:</b> CSAT rose &amp; stayed <small "
                           "style=\"color:#767676;\">(billing-2026-W47-b.png)</small>"),
            std::string::npos)
      << r.content;
  EXPECT_NE(r.content.find("<b>Chart 2 below:</b> Agents"), std::string::npos);
  EXPECT_LT(r.content.find("Chart 1 below"), r.content.find("Chart 2 below"));
  ASSERT_EQ(r.attachments.size(), 3u);
  EXPECT_EQ(r.attachments[0].filename, "billing-2026-W47-b.png");
  EXPECT_EQ(r.attachments[1].filename, "billing-2026-W47-a.png");
  EXPECT_EQ(r.attachments[2].filename, "billing-2026-W47-x.png");
  EXPECT_EQ(r.attachments[0].bytes, "\x89PNG");
}

TEST(RtReportBody, PlainTextPostKeepsItsAttachments) {
  ReportPost p;
  p.period = "2026-W47";
  p.text = "Week 47";
  p.attachments = {png("a.png", "A")};
  const RtReport r = report_for_rt(p);
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(r.content, "Week 47");
  ASSERT_EQ(r.attachments.size(), 1u);
  EXPECT_EQ(r.attachments[0].filename, "overall-2026-W47-a.png");
}

constexpr int kRows[] = {60, 150, 60};  // per section, about 90 bytes a row

// Three sections with a table each; the middle one is longer than a part.
std::string long_body() {
  std::string b = "<h1>Long</h1>\n";
  int row = 0;
  for (int s = 0; s < 3; ++s) {
    b += "<h2 style=\"font-size:16px;\">Section " + std::to_string(s) + "</h2>\n";
    if (s == 1) b += img("t-2026-W47-c.png", "Chart of section 1");
    b += "<table role=\"table\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>Head " +
         std::to_string(s) + "</th></tr>\n";
    for (int r = 0; r < kRows[s]; ++r)
      b += "<tr valign=\"top\"><td>row " + std::to_string(row++) +
           "</td><td align=\"right\">12345678901234567890123456789012345678</td></tr>\n";
    b += "</table>\n";
  }
  return b + "<p>End</p>\n";
}

TEST(RtReportBody, LongReportIsCutIntoPartsWithinTheLimit) {
  ReportPost p;
  p.team = "t";
  p.period = "2026-W47";
  p.html = page(long_body());
  p.attachments = {png("c.png", "Chart of section 1")};
  const size_t limit = 8000;
  const RtReport r = report_for_rt(p, limit);

  std::vector<std::string> parts{r.content};
  std::vector<std::string> order{"message"};  // the first part is the message itself
  for (const auto& a : r.attachments) {
    order.push_back(a.filename);
    if (a.content_type == "text/html") parts.push_back(a.bytes);
  }
  ASSERT_GE(parts.size(), 4u);
  const std::string n = std::to_string(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_LE(parts[i].size(), limit) << "part " << i + 1;
    // Every part is whole HTML: a table cut in two is closed, and opened again with its
    // header row.
    EXPECT_EQ(count(parts[i], "<table"), count(parts[i], "</table>")) << parts[i];
    const size_t first_row = parts[i].find("<tr valign");
    if (first_row != std::string::npos) {
      const size_t table = parts[i].rfind("<table", first_row);
      ASSERT_NE(table, std::string::npos) << "part " << i + 1 << " starts inside a table";
      EXPECT_NE(parts[i].find("<th>Head", table), std::string::npos);
    }
  }
  // Nothing lost, nothing twice: every row once, in order.
  std::string all;
  for (const auto& part : parts) all += part;
  const std::regex row(R"(<td>row (\d+)</td>)");
  int expected = 0;
  for (auto it = std::sregex_iterator(all.begin(), all.end(), row); it != std::sregex_iterator();
       ++it, ++expected)
    EXPECT_EQ(std::stoi((*it)[1]), expected);
  EXPECT_EQ(expected, kRows[0] + kRows[1] + kRows[2]);
  EXPECT_NE(parts.back().find("<p>End</p>"), std::string::npos);
  // A part ends before a section heading where it can: section 1 starts part 2.
  EXPECT_EQ(parts[1].rfind("<h2", 0), 0u) << parts[1].substr(0, 200);
  EXPECT_NE(parts[1].find("Section 1</h2>"), std::string::npos) << parts[1].substr(0, 200);
  // Continuations are named in order, and the chart comes right after the part that
  // holds its caption.
  EXPECT_EQ(order[1], "t-2026-W47-part-2-of-" + n + ".html");
  ASSERT_EQ(order[2], "t-2026-W47-c.png");
  EXPECT_NE(parts[1].find("Chart 1 below"), std::string::npos);
  EXPECT_EQ(order.back(), "t-2026-W47-part-" + n + "-of-" + n + ".html");
}

TEST(RtReportBody, ShortReportIsOneMessage) {
  ReportPost p;
  p.period = "2026-W47";
  p.html = page("<h1>Short</h1>\n<h2>A</h2>\n<p>a</p>\n");
  const RtReport r = report_for_rt(p);
  EXPECT_TRUE(r.attachments.empty());
  EXPECT_NE(r.content.find("<h2>A</h2>"), std::string::npos);
}

}  // namespace
}  // namespace dp::rt
