// build(): model -> highlights -> charts -> document -> HTML and text.
#include "report/report.h"

#include "report/charts.h"
#include "report/highlights.h"
#include "report/html.h"
#include "report/layout.h"
#include "report/model.h"
#include "report/text.h"

namespace dp::report {
namespace {

// Keep file names portable whatever a team is called.
std::string safe_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

}  // namespace

std::string attachment_name(const std::string& team, const std::string& period,
                            const std::string& filename) {
  return safe_name(team.empty() ? "overall" : team) + "-" + safe_name(period) + "-" +
         safe_name(filename);
}

ReportPost build(const Records& data, const kpi::Context& ctx, const std::string& team,
                 const kpi::Window& period, const Options& options) {
  const Model m = build_model(data, ctx, team, period, options.trend_periods);
  ReportPost post;
  post.team = team;
  post.period = period.label;
  post.subject = subject(m);
  if (options.charts) post.attachments = charts(m);
  const Document d = layout(m, highlights(m), post.attachments);
  post.html = render_html(d);
  post.text = render_text(d);
  return post;
}

}  // namespace dp::report
