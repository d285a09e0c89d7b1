// kpi: parameters, topics, targets and business figures.
#include <charconv>

#include "config/builders.h"
#include "config/refs.h"
#include "config/suggest.h"

namespace dp::config {
namespace {

// check_map has validated the text; these read it with the range the engine needs.
bool in_range(Ctx& ctx, const Checked& c, const std::string& key, double lo, double hi,
              const std::string& what) {
  if (!c.block.has(key)) return false;
  double v = c.block.number(key);
  if (v >= lo && v <= hi) return true;
  ctx.problems.add(c.where(key), c.at(key), "must be " + what);
  return false;
}

void read_topics(Ctx& ctx, const Checked& kpi, kpi::Options& o) {
  auto it = kpi.nodes.find("topics");
  Checked t = check_section(ctx, it == kpi.nodes.end() ? YAML::Node() : it->second,
                            kpi.at("topics"), "kpi.topics", kpi.where("topics"));
  const std::string source = t.block.str("source");
  o.topic_source = source == "tags"      ? kpi::TopicSource::tags
                   : source == "field"   ? kpi::TopicSource::field
                   : source == "subject" ? kpi::TopicSource::subject
                                         : kpi::TopicSource::automatic;
  o.topic_field = t.block.str("field");
  if (o.topic_source == kpi::TopicSource::field && o.topic_field.empty())
    ctx.problems.add(t.where("source"), t.at("field"), "source is 'field' but no field is named");
  if (in_range(ctx, t, "top", 1, 1000, "between 1 and 1000"))
    o.top_topics = static_cast<int>(t.block.integer("top"));
}

void read_targets(Ctx& ctx, const Checked& kpi, const std::vector<std::string>& known_kpis,
                  kpi::Targets& out) {
  auto it = kpi.nodes.find("targets");
  if (it == kpi.nodes.end()) return;
  Checked t = check_section(ctx, it->second, kpi.at("targets"), "kpi.targets", it->second.Mark());
  for (const auto& [key, text] : t.block.values) {
    if (key == "frt" || key == "resolution") continue;
    if (!known_kpis.empty() &&
        std::find(known_kpis.begin(), known_kpis.end(), key) == known_kpis.end()) {
      report_unknown_name(ctx, t.key_marks.at(key), t.at(key), "KPI", key, known_kpis);
      continue;
    }
    out.kpi[key] = t.block.number(key);
  }
  // Also under the KPI ids, in seconds, so a report compares them like any other target.
  if (t.block.has("frt")) {
    out.frt = t.block.duration("frt");
    out.kpi["frt"] = static_cast<double>(out.frt->count());
  }
  if (t.block.has("resolution")) {
    out.resolution = t.block.duration("resolution");
    out.kpi["resolution_time"] = static_cast<double>(out.resolution->count());
  }
}

bool is_month(const std::string& s) {
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-') return false;
  auto r1 = std::from_chars(s.data(), s.data() + 4, y);
  auto r2 = std::from_chars(s.data() + 5, s.data() + 7, m);
  return r1.ptr == s.data() + 4 && r2.ptr == s.data() + 7 && m >= 1 && m <= 12;
}

void read_business(Ctx& ctx, const Checked& kpi, kpi::Options& o) {
  auto it = kpi.nodes.find("business");
  if (it == kpi.nodes.end()) return;
  for (const auto& e : entries(ctx, it->second, kpi.at("business"))) {
    const std::string path = kpi.at("business") + "." + e.name;
    if (!is_month(e.name)) {
      ctx.problems.add(e.key.Mark(), path, "'" + e.name + "' is not a month YYYY-MM");
      continue;
    }
    Checked m = check_section(ctx, e.value, path, "kpi.business.<YYYY-MM>", e.key.Mark());
    auto get = [&](const char* key) -> std::optional<double> {
      if (!m.block.has(key)) return std::nullopt;
      return m.block.number(key);
    };
    kpi::BusinessMonth b{get("support_cost"), get("acquisition_spend"), get("visits"), get("sales"),
                         get("gross_margin")};
    for (const char* key : {"support_cost", "acquisition_spend", "visits", "sales"})
      if (m.block.has(key)) in_range(ctx, m, key, 0, 1e18, "zero or more");
    if (m.block.has("gross_margin"))
      in_range(ctx, m, "gross_margin", 0, 1, "a fraction between 0 and 1 (0.7 = 70%)");
    o.business[e.name] = b;
  }
}

}  // namespace

kpi::Options build_kpi_options(Ctx& ctx, const YAML::Node& node,
                               const std::map<std::string, kpi::Calendar>& calendars,
                               const std::vector<std::string>& known_kpis) {
  kpi::Options o;
  Checked c = check_section(ctx, node, "kpi", "kpi");
  if (check_zone(ctx, c.where("report_zone"), c.at("report_zone"), c.block.str("report_zone")))
    o.report_zone = c.block.str("report_zone");
  if (in_range(ctx, c, "min_sample", 1, 1e9, "1 or more"))
    o.min_sample = static_cast<int>(c.block.integer("min_sample"));
  if (in_range(ctx, c, "fcr_days", 1, 365, "between 1 and 365"))
    o.fcr_days = static_cast<int>(c.block.integer("fcr_days"));
  if (in_range(ctx, c, "sl_target", 0.01, 99.99, "a percentage above 0 and below 100"))
    o.sl_target = c.block.number("sl_target") / 100.0;
  o.sl_threshold = c.block.duration("sl_threshold");
  o.short_abandon = c.block.duration("short_abandon");
  o.backlog_age = c.block.duration("backlog_age");
  o.link_window = c.block.duration("link_window");
  o.erlang_interval = c.block.duration("erlang_interval");
  if (c.block.has("erlang_interval") && o.erlang_interval.count() == 0)
    ctx.problems.add(c.where("erlang_interval"), c.at("erlang_interval"), "must be more than 0");
  o.ownership = c.block.str("ownership") == "at_first_response" ? kpi::Ownership::at_first_response
                                                                : kpi::Ownership::at_resolution;
  const std::string cal = c.block.str("default_calendar");
  if (!cal.empty() && check_name(ctx, c.where("default_calendar"), c.at("default_calendar"),
                                 "calendar", cal, calendars))
    o.default_calendar = cal;
  read_topics(ctx, c, o);
  read_targets(ctx, c, known_kpis, o.targets);
  read_business(ctx, c, o);
  return o;
}

}  // namespace dp::config
