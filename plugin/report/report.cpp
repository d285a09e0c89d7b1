// build(): model -> highlights -> charts -> document -> HTML and text.
#include "report/report.h"

#include "report/charts.h"
#include "report/highlights.h"
#include "report/html.h"
#include "report/layout.h"
#include "report/model.h"
#include "report/staffing_section.h"
#include "report/text.h"

namespace dp::report {

ReportPost build(const Records& data, const kpi::Context& ctx, const std::string& team,
                 const kpi::Window& period, const Options& options) {
  const Model m = build_model(data, ctx, team, period, options.trend_periods);
  ReportPost post;
  post.team = team;
  post.period = period.label;
  post.subject = subject(m);
  if (options.charts) post.attachments = charts(m);
  Document d = layout(m, highlights(m), post.attachments);
  if (options.staffing) insert_section(d, staffing_blocks(data, ctx, team, period));
  post.html = render_html(d);
  post.text = render_text(d);
  return post;
}

}  // namespace dp::report
