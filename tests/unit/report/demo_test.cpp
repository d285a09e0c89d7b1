// The report of the generated demo data: every section, charts that decode at the
// expected size and are referenced as the outbox names them, highlights from real changes.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <utility>

#include "fixtures.h"
#include "report/charts.h"
#include "report/format.h"
#include "report/highlights.h"
#include "report/html.h"
#include "report/model.h"
#include "report/plots.h"
#include "report/report.h"

namespace dp::report::test {
namespace {

class DemoReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Records(gen::generate(opt_));
    ctx_ = new kpi::Context(context_for(*data_));
    period_ = new kpi::Window(last_week(opt_));
    billing_ = new ReportPost(build(*data_, *ctx_, "billing", *period_));
  }
  static void TearDownTestSuite() {
    delete billing_;
    delete period_;
    delete ctx_;
    delete data_;
  }
  static inline gen::GenOptions opt_{};
  static inline Records* data_ = nullptr;
  static inline kpi::Context* ctx_ = nullptr;
  static inline kpi::Window* period_ = nullptr;
  static inline ReportPost* billing_ = nullptr;
};

TEST_F(DemoReport, LastGeneratedWeekIsW47) {
  EXPECT_EQ(period_->label, "2026-W47");
}

TEST_F(DemoReport, SubjectNamesTeamAndPeriod) {
  EXPECT_EQ(billing_->subject, "deskpulse weekly report \u2014 billing \u2014 2026-W47");
  EXPECT_EQ(billing_->team, "billing");
  EXPECT_EQ(billing_->period, "2026-W47");
}

TEST_F(DemoReport, HasEverySectionWithFigures) {
  const std::string& h = billing_->html;
  for (const char* s : {"Highlights", "Headline", "Tickets", "Calls", "Customers", "Top topics",
                        "Agents", "Definitions"})
    EXPECT_NE(html_section(h, s), "") << s;
  EXPECT_NE(html_section(h, "Headline").find("<table"), std::string::npos);
  EXPECT_NE(html_section(h, "Calls").find("Service level, answered calls only"), std::string::npos);
  for (const char* label :
       {"First response, median (business hours)", "Resolution time, p90 (business hours)",
        "First contact resolution", "Reopen rate", "Backlog at period end",
        "Open cases at period end", "SLA compliance", "Average speed of answer", "Abandonment rate",
        "Blocked calls", "Average handle time", "CSAT (top-two-box)", "NPS",
        "Customer effort (CES, mean)"})
    EXPECT_NE(h.find(label), std::string::npos) << label;
  // Channels of the team's requests, topics with counts.
  EXPECT_NE(html_section(h, "Tickets").find(">email<"), std::string::npos);
  EXPECT_NE(html_section(h, "Top topics").find(">invoice<"), std::string::npos);
  // No teams comparison in a team's own report.
  EXPECT_EQ(html_section(h, "Teams"), "");
  // The text version has the same sections.
  for (const char* s : {"HIGHLIGHTS", "HEADLINE", "TICKETS", "CALLS", "CUSTOMERS", "TOP TOPICS",
                        "AGENTS", "DEFINITIONS"})
    EXPECT_NE(billing_->text.find(std::string("\n") + s + "\n"), std::string::npos) << s;
}

TEST_F(DemoReport, HeadlineShowsTargetsAndFormats) {
  const std::string head = html_section(billing_->html, "Headline");
  // The demo team's CSAT is far below 85%, so the status must say so.
  EXPECT_NE(head.find(">missed<"), std::string::npos);
  EXPECT_NE(head.find("target 85.0%"), std::string::npos);
  EXPECT_NE(head.find("vs W46"), std::string::npos);
  EXPECT_NE(head.find("vs 8-week mean"), std::string::npos);
  EXPECT_NE(head.find("95% interval"), std::string::npos);
  // Durations read "3h 05m".
  EXPECT_TRUE(std::regex_search(head, std::regex(R"(>\d+h \d\dm<)")));
}

TEST_F(DemoReport, ChartsDecodeAtTheirSizeAndAreReferencedByOutboxName) {
  std::vector<std::string> names;
  for (const auto& a : billing_->attachments) {
    names.push_back(a.filename);
    EXPECT_EQ(a.content_type, "image/png");
    EXPECT_FALSE(a.alt.empty());
    const Png p = decode_png(a.bytes);
    ASSERT_TRUE(p.ok) << a.filename;
    EXPECT_EQ(p.width, kChartWidth) << a.filename;
    if (a.filename == "agents.png")
      EXPECT_EQ(p.height, bar_plot_height(7));  // billing has 7 agents
    else
      EXPECT_EQ(p.height, kChartHeight) << a.filename;
    const std::string src = "src=\"billing-2026-W47-" + a.filename + "\"";
    EXPECT_NE(billing_->html.find(src), std::string::npos) << src;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"trend-frt.png", "trend-csat.png", "trend-service-level.png",
                                      "channels.png", "agents.png"}));
  EXPECT_EQ(attachment_name("billing", "2026-W47", "trend-frt.png"),
            "billing-2026-W47-trend-frt.png");
  EXPECT_EQ(attachment_name("", "2026-W47", "a.png"), "overall-2026-W47-a.png");
}

TEST_F(DemoReport, TextNamesEachChartByItsAltTextAndFile) {
  int n = 0;
  for (const auto& a : billing_->attachments) {
    const std::string line = "[Chart " + std::to_string(++n) + ": " + a.alt + " (" +
                             attachment_name("billing", "2026-W47", a.filename) + ")]\n";
    EXPECT_NE(billing_->text.find(line), std::string::npos) << line;
  }
}

// RT's scrubber (lib/RT/Interface/Web/Scrubber.pm, 5.0.3) drops a whole style attribute
// when one declaration is not on its list; what it would drop is what RT readers lose
// (a figure's green or red), so inline styles use only what it keeps. The <style> block
// is for browsers; RT drops it whole.
TEST_F(DemoReport, InlineStylesAreOnesRtKeeps) {
  const std::regex decl(R"(^\s*([a-z-]+)\s*:\s*(.+?)\s*$)");
  const std::vector<std::pair<std::string, std::regex>> allowed{
      {"color", std::regex(R"(#[0-9a-f]{3,6}|[\w-]+)")},
      {"background-color", std::regex(R"(#[0-9a-f]{3,6}|[\w-]+)")},
      {"text-align", std::regex(R"(\w+)")},
      {"font-size", std::regex(R"([\w.-]+)")},
      {"font-family", std::regex(R"([\w\s"',.-]+)")},
      {"font-weight", std::regex(R"([\w-]+)")},
      {"border-style", std::regex(R"(\w+)")},
      {"border-color", std::regex(R"([#\w]+)")},
      {"border-width", std::regex(R"([\s\w]+)")},
      {"padding", std::regex(R"([\s\w]+)")},
      {"margin", std::regex(R"([\s\w]+)")}};
  const ReportPost all = build(*data_, *ctx_, "", *period_);
  for (const std::string* html : {&std::as_const(billing_->html), &all.html}) {
    const std::string body = html->substr(html->find("<body"));
    const std::regex attr(R"re( style="([^"]*)")re");
    int styles = 0;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), attr);
         it != std::sregex_iterator(); ++it, ++styles) {
      std::stringstream list((*it)[1].str());
      for (std::string d; std::getline(list, d, ';');) {
        if (d.find_first_not_of(' ') == std::string::npos) continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_match(d, m, decl)) << d;
        bool ok = false;
        for (const auto& [name, value] : allowed)
          ok = ok || (m[1] == name && std::regex_match(m[2].str(), value));
        EXPECT_TRUE(ok) << "RT drops style=\"" << (*it)[1] << "\" because of " << d;
      }
    }
    EXPECT_GT(styles, 100);
  }
}

TEST_F(DemoReport, TrendAltTextStatesTheChange) {
  const auto& a = billing_->attachments.front();
  ASSERT_EQ(a.filename, "trend-frt.png");
  EXPECT_TRUE(std::regex_search(
      a.alt, std::regex(R"(^First response, median \(business hours\) (rose|fell|stayed) )")))
      << a.alt;
  EXPECT_NE(a.alt.find("2026-W47"), std::string::npos) << a.alt;
}

// The highlights are what the page shows: each sentence is in the HTML, and a change it
// names has its previous and current values as the tables show them.
TEST_F(DemoReport, HighlightsStateOnlyWhatThePageShows) {
  const Model m = build_model(*data_, *ctx_, "billing", *period_, 8);
  const auto lines = highlights(m);
  ASSERT_GE(lines.size(), 1u);
  ASSERT_LE(lines.size(), 3u);
  for (const Section* s : {&m.tickets, &m.calls, &m.customers})
    for (const Figure& f : s->figures) {
      if (!f.row.value || !f.previous || *f.row.value == *f.previous) continue;
      const std::string says =
          f.label + " " + change_verb(*f.row.value - *f.previous, f.direction) + " from " +
          value_text(*f.previous, f.row.unit) + " to " + value_text(*f.row.value, f.row.unit);
      for (const auto& l : lines)
        if (l.rfind(f.label + " ", 0) == 0) {
          EXPECT_EQ(l.rfind(says, 0), 0u) << l;
        }
    }
  for (const auto& l : lines)
    EXPECT_NE(billing_->html.find("<li>" + escape_html(l) + "</li>"), std::string::npos) << l;
}

TEST_F(DemoReport, OverallComparesTeamsAndListsEveryAgent) {
  const ReportPost all = build(*data_, *ctx_, "", *period_);
  EXPECT_EQ(all.subject, "deskpulse weekly report \u2014 all teams \u2014 2026-W47");
  const std::string teams = html_section(all.html, "Teams");
  for (const char* t : {">billing<", ">tech<", ">onboarding<"})
    EXPECT_NE(teams.find(t), std::string::npos) << t;
  // Agents by name, as a lead knows them, not by their ids.
  const std::string agents = html_section(all.html, "Agents");
  EXPECT_NE(agents.find(">James Miller<"), std::string::npos);
  EXPECT_NE(agents.find(">Giulia Rossi<"), std::string::npos);
  EXPECT_EQ(agents.find("gen:"), std::string::npos);
  EXPECT_EQ(agents.find("elpbot"), std::string::npos);  // bots are not agents here
  EXPECT_NE(all.html.find("src=\"overall-2026-W47-trend-frt.png\""), std::string::npos);
  EXPECT_EQ(teams_with_reports(*data_, *ctx_),
            (std::vector<std::string>{"billing", "onboarding", "tech"}));
}

TEST_F(DemoReport, TeamFilterKeepsUnansweredCallsOfTheTeamQueue) {
  // The engine's team grouping cannot see a call nobody answered; the report must.
  const Model m = build_model(*data_, *ctx_, "tech", *period_, 1);
  long long offered = 0, abandoned = 0;
  for (const Call& c : data_->calls)
    if (c.queue == "tech" && c.direction == Direction::inbound && c.offered_at >= period_->from &&
        c.offered_at < period_->to && c.outcome != CallOutcome::blocked) {
      ++offered;
      abandoned += c.outcome == CallOutcome::abandoned || c.outcome == CallOutcome::timeout;
    }
  ASSERT_GT(abandoned, 0);
  ASSERT_FALSE(m.calls.figures.empty());
  EXPECT_EQ(m.calls.figures[0].row.value.value_or(-1), double(offered));
}

// Target status follows the KPI's direction; met and missed need the interval clear of
// the target (change_test.cpp holds the "too close to call" side).
TEST_F(DemoReport, TargetStatusFollowsDirection) {
  auto status_with = [&](const std::string& kpi, double target) {
    kpi::Context c = *ctx_;
    c.options.targets.kpi[kpi] = target;
    const Model m = build_model(*data_, c, "billing", *period_, 1);
    for (const Figure& f : m.headline)
      if (f.row.kpi == kpi) return f.status;
    return Status::none;
  };
  // CSAT: higher is better.
  EXPECT_EQ(status_with("csat", 1), Status::met);
  EXPECT_EQ(status_with("csat", 100.5), Status::missed);
  // Reopen rate: lower is better, so a target above the value is met.
  EXPECT_EQ(status_with("reopen_rate", 99), Status::met);
  EXPECT_EQ(status_with("reopen_rate", -1), Status::missed);
}

TEST_F(DemoReport, MonthlyReportUsesMonthsThroughout) {
  const auto month = kpi::parse_period("2026-10", "Europe/Rome");
  ASSERT_TRUE(month.ok());
  const ReportPost p = build(*data_, *ctx_, "tech", *month, Options{3, true});
  EXPECT_EQ(p.subject, "deskpulse monthly report \u2014 tech \u2014 2026-10");
  EXPECT_NE(p.html.find("vs 2026-09"), std::string::npos);
  EXPECT_NE(p.html.find("vs 3-month mean"), std::string::npos);
  EXPECT_NE(p.html.find("src=\"tech-2026-10-channels.png\""), std::string::npos);
  for (const auto& a : p.attachments) EXPECT_TRUE(decode_png(a.bytes).ok) << a.filename;
}

TEST_F(DemoReport, WithoutChartsNoImages) {
  const ReportPost p = build(*data_, *ctx_, "billing", *period_, Options{8, false});
  EXPECT_TRUE(p.attachments.empty());
  EXPECT_EQ(p.html.find("<img"), std::string::npos);
  EXPECT_NE(html_section(p.html, "Headline").find("<table"), std::string::npos);
}

}  // namespace
}  // namespace dp::report::test
