// The demo's weekly reports posted by the RT sink into a real RT 5 and read the way a
// team lead reads them: the ticket's display page in headless Chromium (RT logs in from
// the user/pass query parameters), and the mail RT sends to the queue's AdminCc.
// Checks that RT shows the whole message (not "too large"), a caption per chart and
// every chart inline under it, and that the chart URLs serve the posted PNGs. The part of
// the screenshot docs/reports.md shows is compared with docs/img/report-rt.png: the test
// fails when that drifted from what RT shows. With DESKPULSE_UPDATE_SCREENSHOT=1 it
// replaces docs/img/report-rt.png instead.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <utility>

#include "../../integration/rt/rt_server.h"
#include "../../support/run_command.h"
#include "../../unit/report/fixtures.h"
#include "chromium.h"
#include "report/report.h"
#include "rt/api.h"
#include "rt/normalize.h"
#include "rt/report_body.h"
#include "rt/sink.h"
#include "screenshot_diff.h"

namespace fs = std::filesystem;

namespace dp::test {
namespace {

constexpr int kWidth = 1200, kHeight = 8000;  // the whole page, the last chart included
constexpr int kRtHeader = 200;    // RT's menu bar: its logo has some of the charts' blue
constexpr int kScriptMs = 15000;  // RT loads the history after the page ("delay")

void phase(const char* what) {
  static auto last = std::chrono::steady_clock::now();
  const auto now = std::chrono::steady_clock::now();
  std::cout << "[rt-browser] " << what << " after "
            << std::chrono::duration<double>(now - last).count() << " s\n"
            << std::flush;
  last = now;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The queue's AdminCc gets RT's "On Create Notify AdminCcs" mail of each report.
constexpr const char* kLeadScript = R"PERL(use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();
my $u = RT::User->new(RT->SystemUser);
my ($ok, $msg) = $u->Create(Name => 'lead', EmailAddress => 'lead@example.org', Privileged => 1);
die "user: $msg" unless $ok;
my $q = RT::Queue->new(RT->SystemUser);
$q->Load($ARGV[0]) or die "no queue $ARGV[0]";
($ok, $msg) = $q->AddWatcher(Type => 'AdminCc', PrincipalId => $u->PrincipalId);
die "watcher: $msg" unless $ok;
print "ok\n";
)PERL";

// Each MIME part of a mail file: "PART <type> <file name>", and text/plain decoded.
constexpr const char* kMailPartsScript = R"PERL(use strict;
use warnings;
use Encode;
use MIME::Parser;
my $p = MIME::Parser->new;
$p->output_to_core(1);
my $e = $p->parse_open($ARGV[0]);
print 'SUBJECT ', Encode::encode('UTF-8', Encode::decode('MIME-Header', $e->head->get('Subject')));
for my $part ($e->parts_DFS) {
  next if $part->is_multipart;
  my $name = $part->head->recommended_filename // '';
  print 'PART ', $part->effective_type, " $name\n";
  print $part->bodyhandle->as_string, "\n" if $part->effective_type eq 'text/plain';
}
)PERL";

// One RT for all checks: it takes about 10 s to start, and ctest runs each TEST in a
// process of its own.
class ReportTickets {
 public:
  ReportTickets() {
    phase("start");
    auto started = RtServer::start();
    if (!started) {
      error_ = started.error().str();
      return;
    }
    rt_ = std::move(*started);
    phase("RT up");
    const std::string lead_script = rt_->site_config_dir() + "/lead.pl";
    std::ofstream(lead_script) << kLeadScript;
    if (auto lead = rt_->perl(lead_script, {kQueue}); !lead) {
      error_ = lead.error().str();
      return;
    }

    gen::GenOptions opt;
    const Records data = gen::generate(opt);
    const kpi::Context ctx = report::test::context_for(data);
    const kpi::Window week = report::test::last_week(opt);
    billing_ = report::build(data, ctx, "billing", week);
    overall_ = report::build(data, ctx, "", week);
    phase("reports built");

    rt::RtOptions o;
    o.url = rt_->url();
    o.user = RtServer::root_user();
    o.password = RtServer::root_password();
    o.reports_queue = kQueue;
    rt::RtSink sink(rt::make_api(o));
    for (auto [post, id] :
         {std::pair{&billing_, &billing_id_}, std::pair{&overall_, &overall_id_}}) {
      const SinkResult r = sink.post_report(*post);
      *id = rt::rt_ticket_number(r.ref).value_or(0);
      if (!r.ok() || *id <= 0) {
        error_ = "posting " + post->subject + ": " + r.message;
        return;
      }
    }
    phase("reports posted");
  }

  const std::string& error() const { return error_; }
  const RtServer& rt() const { return *rt_; }
  const ReportPost& billing() const { return billing_; }
  const ReportPost& overall() const { return overall_; }
  int64_t billing_id() const { return billing_id_; }
  int64_t overall_id() const { return overall_id_; }

  static std::string login() {
    return "user=" + RtServer::root_user() + "&pass=" + RtServer::root_password();
  }
  std::string display_url(int64_t id) const {
    return rt_->url() + "/Ticket/Display.html?id=" + std::to_string(id) + "&" + login();
  }

  static constexpr const char* kQueue = "General";

 private:
  std::string error_;
  std::unique_ptr<RtServer> rt_;
  ReportPost billing_, overall_;
  int64_t billing_id_ = 0, overall_id_ = 0;
};

class Reader {
 public:
  Reader(const ReportTickets& t, const std::string& chromium, const fs::path& work)
      : t_(t), chromium_(chromium), work_(work) {}

  // The display page's DOM after RT's scripts loaded the history.
  std::string dom(int64_t id) const {
    const fs::path file = work_ / ("dom-" + std::to_string(id) + ".html");
    EXPECT_TRUE(run_chromium(chromium_, work_, t_.display_url(id), "--dump-dom", kWidth, kHeight,
                             kScriptMs, file))
        << file_text(work_ / "chromium.log");
    return file_text(file);
  }

  fs::path screenshot(int64_t id) const {
    const fs::path shot = work_ / ("ticket-" + std::to_string(id) + ".png");
    EXPECT_TRUE(run_chromium(chromium_, work_, t_.display_url(id), "--screenshot=" + shot.string(),
                             kWidth, kHeight, kScriptMs))
        << file_text(work_ / "chromium.log");
    return shot;
  }

  // RT's inline image of each chart, after its caption and in the order the captions
  // number them, fetched back: the bytes that were posted.
  void expect_charts_inline(const std::string& page, const ReportPost& post) const {
    size_t last = 0, charts = 0;
    for (const Attachment& a : rt::report_for_rt(post).attachments) {
      if (a.content_type != "image/png") continue;
      const std::string lead = rt::chart_caption_lead(++charts) + ":";
      EXPECT_EQ(count(page, lead), 1u) << lead;
      const std::regex img("<img alt=\"" + a.filename + "\" title=\"" + a.filename +
                           "\" src=\"(Attachment/\\d+/\\d+/" + a.filename + ")\">");
      std::smatch m;
      ASSERT_TRUE(std::regex_search(page, m, img)) << a.filename << " is not shown inline";
      const size_t at = size_t(m.position(0));
      EXPECT_GT(at, page.find(lead)) << a.filename << " is above its caption";
      EXPECT_GT(at, last) << a.filename << " is out of order";
      last = at;
      const fs::path got = work_ / a.filename;
      const auto fetched = run_command(
          "curl -sS --max-time 30 -o " + got.string() + " " +
              shell_quote(t_.rt().url() + "/Ticket/" + m[1].str() + "?" + ReportTickets::login()),
          60);
      EXPECT_EQ(fetched.exit_code, 0) << fetched.out;
      EXPECT_EQ(file_text(got), a.bytes) << a.filename << " does not serve the posted PNG";
    }
    EXPECT_EQ(charts, post.attachments.size());
  }

 private:
  const ReportTickets& t_;
  std::string chromium_;
  fs::path work_;
};

// Each <img> on the page has a source: none of the report's was left for RT to break.
void expect_no_broken_images(const std::string& page) {
  const std::regex img("<img[^>]*>");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), img); it != std::sregex_iterator();
       ++it)
    EXPECT_NE(it->str().find(" src=\""), std::string::npos) << it->str();
}

// The mail RT filed whose subject is `subject`, as "PART <type> <name>" lines with the
// text/plain parts decoded; "" when none came within about 10 s.
std::string mail_about(const RtServer& rt, const std::string& subject, const fs::path& work) {
  const std::string script = (work / "parts.pl").string();
  std::ofstream(script) << kMailPartsScript;
  for (int i = 0; i < 100; ++i) {  // RT sends before it answers the post; bounded anyway
    for (const auto& f : fs::directory_iterator(rt.mail_dir())) {
      auto parts = run_command("perl " + script + " " + f.path().string(), 30);
      if (parts.out.find("SUBJECT [example.com #") != std::string::npos &&
          parts.out.find("] " + subject + "\n") != std::string::npos)
        return parts.out;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "";
}

TEST(RtReportInBrowser, TeamLeadReadsReportsWithChartsInRtAndMail) {
  const std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty()) << kNoChromium;
  const ReportTickets t;
  ASSERT_TRUE(t.error().empty()) << t.error();
  TempDir work;
  const Reader reader(t, chromium, work.path());

  // A team's report: the whole message, a caption per chart, the charts below it.
  {
    SCOPED_TRACE("billing report, ticket " + std::to_string(t.billing_id()));
    const std::string page = reader.dom(t.billing_id());
    phase("billing DOM");
    ASSERT_NE(page.find("deskpulse weekly report"), std::string::npos) << page.substr(0, 2000);
    EXPECT_EQ(page.find("not shown because it is too large"), std::string::npos);
    EXPECT_NE(page.find(">Definitions</h2>"), std::string::npos);  // the end of the message
    // Figures keep their colours: RT kept the inline styles.
    EXPECT_NE(page.find("style=\"color:#cf222e;font-weight:bold;\">missed"), std::string::npos);
    expect_no_broken_images(page);
    reader.expect_charts_inline(page, t.billing());

    const fs::path shot = reader.screenshot(t.billing_id());
    phase("billing screenshot");
    const Pixels px = count_pixels(shot, kRtHeader);
    ASSERT_EQ(px.width, kWidth);
    EXPECT_GT(px.non_white, kWidth * kHeight / 50) << "screenshot looks blank";
    // Five charts, the last one whole; below its menu bar RT draws none of this blue.
    EXPECT_GT(px.chart_blue, 5 * 2000) << "charts did not load";
    EXPECT_LT(px.last_blue_row, kHeight - 100) << "the page is longer than the screenshot";
    std::cout << "[rt-browser] chart-blue pixels: " << px.chart_blue << " in rows "
              << px.first_blue_row << " to " << px.last_blue_row << '\n';
    // For docs/reports.md: where the message ends and the charts begin.
    const fs::path doc = work.path() / "report-rt.png";
    ASSERT_TRUE(crop_png(shot, doc, px.first_blue_row - 1250, 2000));
    EXPECT_TRUE(matches_doc_screenshot(
        doc, "report-rt.png", "RtReportInBrowser.TeamLeadReadsReportsWithChartsInRtAndMail"));
  }

  // The overall report is longer than RT shows inline in one part: every part is shown.
  {
    SCOPED_TRACE("overall report, ticket " + std::to_string(t.overall_id()));
    const std::string page = reader.dom(t.overall_id());
    phase("overall DOM");
    EXPECT_EQ(page.find("not shown because it is too large"), std::string::npos);
    size_t parts = 1;
    for (const Attachment& a : rt::report_for_rt(t.overall()).attachments)
      if (a.content_type == "text/html") {
        ++parts;
        EXPECT_NE(page.find(">" + a.filename + "<"), std::string::npos) << a.filename;
      }
    EXPECT_GT(parts, 1u);
    for (const char* section : {">Headline</h2>", ">Teams</h2>", ">Definitions</h2>"})
      EXPECT_EQ(count(page, section), 1u) << section;
    expect_no_broken_images(page);
    reader.expect_charts_inline(page, t.overall());
  }

  // The mail to the queue's AdminCc: the charts attached, and the text version (RT
  // converts the HTML) names each by its alt text.
  {
    const std::string mail = mail_about(t.rt(), t.billing().subject, work.path());
    ASSERT_FALSE(mail.empty()) << "no mail about " << t.billing().subject;
    size_t charts = 0;
    for (const Attachment& a : rt::report_for_rt(t.billing()).attachments) {
      EXPECT_NE(mail.find("PART " + a.content_type + " " + a.filename + "\n"), std::string::npos)
          << a.filename << " not attached:\n"
          << mail;
      if (a.content_type != "image/png") continue;
      // The first words of the alt text: RT wraps the lines of its text version.
      const std::string words = a.alt.substr(0, a.alt.find(' ', 12));
      EXPECT_NE(mail.find(rt::chart_caption_lead(++charts) + ": " + words), std::string::npos)
          << words << "\n"
          << mail;
    }
    EXPECT_EQ(charts, t.billing().attachments.size());
    EXPECT_NE(mail.find("PART text/plain"), std::string::npos) << mail;
    phase("mail");
  }
}

}  // namespace
}  // namespace dp::test
