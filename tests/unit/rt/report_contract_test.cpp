// The report renderer and the RT sink agree: every chart of a real report (the demo's)
// becomes a numbered caption with its alt text, no <img> reaches RT, and every part is
// small enough for RT to show inline; a team's report is one message.
#include <gtest/gtest.h>

#include <iostream>

#include "../report/fixtures.h"
#include "report/html.h"
#include "report/report.h"
#include "rt/report_body.h"

namespace dp::rt {
namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

class RtReportContract : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gen::GenOptions opt;
    const Records data = gen::generate(opt);
    const kpi::Context ctx = report::test::context_for(data);
    const kpi::Window week = report::test::last_week(opt);
    billing_ = new ReportPost(report::build(data, ctx, "billing", week));
    overall_ = new ReportPost(report::build(data, ctx, "", week));
  }
  static void TearDownTestSuite() {
    delete billing_;
    delete overall_;
  }

  // The message and the text/html attachments, in order.
  static std::vector<std::string> parts(const RtReport& r) {
    std::vector<std::string> out{r.content};
    for (const auto& a : r.attachments)
      if (a.content_type == "text/html") out.push_back(a.bytes);
    return out;
  }

  static void expect_rt_ready(const ReportPost& p) {
    const RtReport r = report_for_rt(p);
    std::string all;
    std::cout << "[rt-report] " << report_basename(p.team, p.period) << ": " << p.html.size()
              << " bytes of HTML, parts for RT:";
    for (const auto& part : parts(r)) std::cout << ' ' << part.size();
    std::cout << '\n';
    for (const auto& part : parts(r)) {
      EXPECT_LE(part.size(), kInlineLimit);
      EXPECT_EQ(part.find("<img"), std::string::npos);
      EXPECT_EQ(count(part, "<table"), count(part, "</table>"));
      all += part;
    }
    // Each chart once, numbered in reading order, with its alt text; the PNGs are
    // attached in the same order.
    std::vector<std::string> pngs;
    for (const auto& a : r.attachments)
      if (a.content_type == "image/png") pngs.push_back(a.filename);
    ASSERT_EQ(pngs.size(), p.attachments.size());
    size_t last = 0;
    for (size_t i = 0; i < p.attachments.size(); ++i) {
      const std::string lead = "<b>" + chart_caption_lead(i + 1) + ":</b> ";
      EXPECT_EQ(count(all, lead), 1u) << lead;
      const size_t at = all.find(lead);
      ASSERT_NE(at, std::string::npos);
      EXPECT_GT(at, last);
      last = at;
      const std::string& name = pngs[i];
      EXPECT_NE(all.find("(" + name + ")", at), std::string::npos) << name;
      bool alt_found = false;
      for (const auto& a : p.attachments)
        if (attachment_name(p.team, p.period, a.filename) == name)
          alt_found = all.compare(at + lead.size(), report::escape_html(a.alt).size(),
                                  report::escape_html(a.alt)) == 0;
      EXPECT_TRUE(alt_found) << name;
    }
  }

  static inline ReportPost* billing_ = nullptr;
  static inline ReportPost* overall_ = nullptr;
};

TEST_F(RtReportContract, TeamReportIsOneMessageWithItsChartsBelow) {
  expect_rt_ready(*billing_);
  const RtReport r = report_for_rt(*billing_);
  EXPECT_EQ(parts(r).size(), 1u) << r.content.size() << " bytes";
  EXPECT_EQ(r.attachments.size(), billing_->attachments.size());
  EXPECT_NE(r.content.find("deskpulse weekly report"), std::string::npos);
  EXPECT_NE(r.content.find("Definitions</h2>"), std::string::npos);
}

TEST_F(RtReportContract, OverallReportIsCutIntoPartsRtShowsInline) {
  expect_rt_ready(*overall_);
  const RtReport r = report_for_rt(*overall_);
  EXPECT_GT(parts(r).size(), 1u);
  std::string all;
  for (const auto& part : parts(r)) all += part;
  for (const char* section : {">Teams</h2>", ">Agents</h2>", ">Definitions</h2>"})
    EXPECT_EQ(count(all, section), 1u) << section;
}

}  // namespace
}  // namespace dp::rt
