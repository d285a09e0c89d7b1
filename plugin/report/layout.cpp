#include "report/layout.h"

#include "kpi/windows.h"
#include "model/time.h"
#include "report/tables.h"

namespace dp::report {
namespace {

std::string cadence(const Model& m) {
  return m.period_kind == "week" ? "weekly" : m.period_kind == "month" ? "monthly" : "period";
}

class Builder {
 public:
  Builder(Document& d, const std::vector<Attachment>& charts) : d_(d), charts_(charts) {}

  void heading(std::string text) { add(Block::Kind::heading, std::move(text)); }
  void paragraph(std::string text) { add(Block::Kind::paragraph, std::move(text)); }
  void note(std::string text) { add(Block::Kind::note, std::move(text)); }
  void table(Table t) {
    Block b;
    b.kind = Block::Kind::table;
    b.table = std::move(t);
    d_.blocks.push_back(std::move(b));
  }
  void bullets(std::vector<std::string> items) {
    Block b;
    b.kind = Block::Kind::bullets;
    b.items = std::move(items);
    d_.blocks.push_back(std::move(b));
  }
  // The chart, if it was drawn (a team without calls has no service-level chart).
  void image(const std::string& filename) {
    for (const Attachment& a : charts_)
      if (a.filename == filename) {
        Block b;
        b.kind = Block::Kind::image;
        b.text = a.filename;
        b.alt = a.alt;
        d_.blocks.push_back(std::move(b));
      }
  }

 private:
  void add(Block::Kind k, std::string text) {
    Block b;
    b.kind = k;
    b.text = std::move(text);
    d_.blocks.push_back(std::move(b));
  }
  Document& d_;
  const std::vector<Attachment>& charts_;
};

void section(Builder& b, const Model& m, const Section& s, Footnotes& fn) {
  b.heading(s.title);
  if (!s.note.empty()) return b.note(s.note);
  b.table(figure_table(m, s.figures, fn));
}

// Local dates of the period in the report's time zone (the window's end is exclusive).
std::string subtitle(const Model& m) {
  const auto day = [&](Time t) {
    auto local = utc_to_local(t, m.zone);
    if (!local) return format_date(std::chrono::floor<std::chrono::days>(t));
    return format_date(
        std::chrono::sys_days{std::chrono::floor<std::chrono::days>(*local).time_since_epoch()});
  };
  std::string s = "Period " + m.period.label + ": " + day(m.period.from) + " to " +
                  day(m.period.to - std::chrono::seconds(1)) + " (" + m.zone + ")";
  if (m.windows.size() >= 2)
    s += "; compared with " + m.windows[m.windows.size() - 2].label + " and with the mean of the " +
         std::to_string(m.windows.size() - 1) + " " + m.period_kind + "s before.";
  return s;
}

}  // namespace

std::string subject(const Model& m) {
  return "deskpulse " + cadence(m) + " report \u2014 " + display_team(m.team) + " \u2014 " +
         m.period.label;
}

Document layout(const Model& m, const std::vector<std::string>& highlights,
                const std::vector<Attachment>& charts) {
  Document d;
  d.team = m.team;
  d.period = m.period.label;
  d.title = subject(m);
  d.subtitle = subtitle(m);
  Footnotes fn;
  Builder b(d, charts);

  b.heading("Highlights");
  b.bullets(highlights);

  b.heading("Headline");
  if (m.headline.empty()) {
    b.note("No figures " + std::string("for ") + display_team(m.team) + " in " + m.period.label +
           ".");
  } else {
    b.table(headline_table(m, fn));
    b.note(
        "Status: met or missed when the 95% interval is clear of the target, else too close "
        "to call. A change is coloured only when it is beyond normal variation. Grey values "
        "come from fewer than " +
        std::to_string(m.min_sample) + " items.");
  }
  b.image("trend-frt.png");
  b.image("trend-csat.png");
  b.image("trend-service-level.png");

  section(b, m, m.tickets, fn);
  if (!m.channels.empty()) {
    b.paragraph("Volume by channel (tickets created; phone includes calls offered):");
    b.table(channel_table(m));
    b.image("channels.png");
  }
  section(b, m, m.calls, fn);
  if (m.calls.note.empty())
    b.note(
        "Service level is shown with two denominators: all offered calls (default) and "
        "answered calls only.");
  section(b, m, m.customers, fn);

  b.heading("Top topics");
  if (m.topics.empty())
    b.note(m.topics_note);
  else
    b.table(topic_table(m));

  b.heading("Agents");
  if (m.agents.empty()) {
    b.note(m.agents_note);
  } else {
    b.table(agent_table(m, fn));
    b.note(
        "Sorted by volume (tickets resolved + calls handled), not by any score. Grey values "
        "come from fewer than " +
        std::to_string(m.min_sample) + " items: too few to rank or compare.");
    b.image("agents.png");
  }

  if (!m.comparison.empty()) {
    b.heading("Teams");
    b.table(comparison_table(m, fn));
  }

  if (!m.catalog_rows.empty()) {
    b.heading("Every KPI");
    b.note("All figures of the catalog for " + m.period.label +
           ", all teams (deskpulse kpis lists their definitions; docs/kpis.md explains them).");
    b.table(catalog_table(m));
  }

  d.footnotes = fn.list();
  return d;
}

}  // namespace dp::report
