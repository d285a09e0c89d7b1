// writeback and report: what deskpulse writes into the helpdesk.
#include "config/builders.h"
#include "config/hours.h"
#include "config/refs.h"

namespace dp::config {
namespace {

void read_sink(Ctx& ctx, const Checked& c, const std::vector<Block>& connectors,
               const std::vector<ConnectorSpec>& specs, std::string& out) {
  const std::string sink = c.block.str("sink");
  if (!sink.empty() && check_sink(ctx, c.where("sink"), c.at("sink"), sink, connectors, specs))
    out = sink;
}

// The map of a fixed-key sub-section (ticket_fields, agent_fields...) as checked text.
Checked sub(Ctx& ctx, const Checked& parent, const std::string& key) {
  auto it = parent.nodes.find(key);
  return check_section(ctx, it == parent.nodes.end() ? YAML::Node() : it->second, parent.at(key),
                       parent.path + "." + key, parent.where(key));
}

}  // namespace

Writeback build_writeback(Ctx& ctx, const YAML::Node& node, const std::vector<Block>& connectors,
                          const std::vector<ConnectorSpec>& specs) {
  Writeback w;
  Checked c = check_section(ctx, node, "writeback", "writeback");
  read_sink(ctx, c, connectors, specs, w.sink);
  w.agent_window = c.block.duration("agent_window");
  if (w.agent_window.count() == 0)
    ctx.problems.add(c.where("agent_window"), c.at("agent_window"), "must be more than 0");
  w.max_writes_per_second = c.block.number("max_writes_per_second");
  if (!(w.max_writes_per_second > 0))
    ctx.problems.add(c.where("max_writes_per_second"), c.at("max_writes_per_second"),
                     "must be more than 0");
  w.ticket_fields = sub(ctx, c, "ticket_fields").block.values;
  w.agent_fields = sub(ctx, c, "agent_fields").block.values;
  Checked step = sub(ctx, c, "agent_ticket_step");
  for (const auto& k : find_section("writeback.agent_ticket_step")->keys) {
    if (!step.block.has(k.name)) continue;
    w.agent_ticket_step[k.name] = k.type == KeyType::duration
                                      ? static_cast<double>(step.block.duration(k.name).count())
                                      : step.block.number(k.name);
  }
  return w;
}

Report build_report(Ctx& ctx, const YAML::Node& node, const std::string& report_zone,
                    const std::vector<Block>& connectors, const std::vector<ConnectorSpec>& specs) {
  Report r;
  Checked c = check_section(ctx, node, "report", "report");
  read_sink(ctx, c, connectors, specs, r.sink);
  r.period = c.block.str("period") == "month" ? ReportPeriod::month : ReportPeriod::week;
  static const std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto d = std::find(days.begin(), days.end(), c.block.str("weekday"));
  if (d != days.end())
    r.weekday = std::chrono::weekday{static_cast<unsigned>(d - days.begin() + 1)};
  r.day = static_cast<int>(c.block.integer("day"));
  if (c.block.has("day") && (r.day < 1 || r.day > 28))
    ctx.problems.add(c.where("day"), c.at("day"), "must be between 1 and 28 (every month has it)");
  if (auto t = parse_clock(c.block.str("time"), false))
    r.time = std::chrono::minutes{*t};
  else if (c.block.has("time"))
    ctx.problems.add(c.where("time"), c.at("time"),
                     "'" + c.block.str("time") + "' is not a time of day HH:MM");
  r.zone = c.block.has("zone") ? c.block.str("zone") : report_zone;
  if (c.block.has("zone")) check_zone(ctx, c.where("zone"), c.at("zone"), r.zone);
  r.queue = c.block.str("queue");
  r.teams = c.block.list("teams");
  r.formats = c.block.list("formats");
  r.post_empty = c.block.boolean("post_empty");
  r.staffing = c.block.boolean("staffing");
  return r;
}

}  // namespace dp::config
