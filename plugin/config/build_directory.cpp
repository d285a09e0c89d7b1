// The agent directory: calendars, teams and agents.
#include <array>

#include "config/builders.h"
#include "config/hours.h"
#include "config/refs.h"

namespace dp::config {
namespace {

const std::array<const char*, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void read_hours(Ctx& ctx, const Checked& cal, kpi::Calendar& out) {
  auto it = cal.nodes.find("hours");
  if (it == cal.nodes.end()) return;  // no hours: 24x7
  Checked hours =
      check_section(ctx, it->second, cal.at("hours"), "calendars.<name>.hours", it->second.Mark());
  bool any_open = false;
  for (std::size_t d = 0; d < kDays.size(); ++d) {
    if (!hours.block.values.count(kDays[d])) continue;
    auto day = parse_day_hours(hours.block.str(kDays[d]));
    if (!day) {
      ctx.problems.add(hours.where(kDays[d]), hours.at(kDays[d]), day.error().message);
      any_open = true;  // the day's own problem is enough
      continue;
    }
    out.week[d] = *day;
    any_open = any_open || !day->empty();
  }
  // The engine reads a calendar without hours as 24x7, the opposite of what was meant.
  if (!any_open && hours.ok)
    ctx.problems.add(hours.mark, hours.path,
                     "every day is closed; leave `hours` out for a calendar open 24x7");
}

void read_holidays(Ctx& ctx, const Checked& cal, kpi::Calendar& out) {
  auto it = cal.nodes.find("holidays");
  if (it == cal.nodes.end() || !it->second.IsSequence()) return;
  const auto items = cal.block.list("holidays");
  for (std::size_t i = 0; i < items.size() && i < it->second.size(); ++i) {
    if (auto d = parse_date(items[i]))
      out.holidays.push_back(*d);
    else
      ctx.problems.add(it->second[i].Mark(), cal.at("holidays") + "[" + std::to_string(i) + "]",
                       "'" + items[i] + "' is not a date YYYY-MM-DD");
  }
}

}  // namespace

std::map<std::string, kpi::Calendar> build_calendars(Ctx& ctx, const YAML::Node& node) {
  std::map<std::string, kpi::Calendar> out;
  for (const auto& e : entries(ctx, node, "calendars")) {
    Checked c =
        check_section(ctx, e.value, "calendars." + e.name, "calendars.<name>", e.key.Mark());
    kpi::Calendar cal;
    cal.name = e.name;
    if (c.block.has("zone") && check_zone(ctx, c.where("zone"), c.at("zone"), c.block.str("zone")))
      cal.zone = c.block.str("zone");
    read_hours(ctx, c, cal);
    read_holidays(ctx, c, cal);
    out[e.name] = cal;
  }
  return out;
}

std::map<std::string, Team> build_teams(Ctx& ctx, const YAML::Node& node,
                                        const std::map<std::string, kpi::Calendar>& calendars) {
  std::map<std::string, Team> out;
  for (const auto& e : entries(ctx, node, "teams")) {
    Checked c = check_section(ctx, e.value, "teams." + e.name, "teams.<name>", e.key.Mark());
    Team t;
    if (c.block.has("calendar") && check_name(ctx, c.where("calendar"), c.at("calendar"),
                                              "calendar", c.block.str("calendar"), calendars))
      t.calendar = c.block.str("calendar");
    out[e.name] = t;
  }
  return out;
}

std::map<std::string, Agent> build_agents(Ctx& ctx, const YAML::Node& node,
                                          const std::map<std::string, Team>& teams,
                                          const std::map<std::string, kpi::Calendar>& calendars) {
  std::map<std::string, Agent> out;
  for (const auto& e : entries(ctx, node, "agents")) {
    Checked c = check_section(ctx, e.value, "agents." + e.name, "agents.<id>", e.key.Mark());
    Agent a;
    a.id = e.name;
    a.team = c.block.str("team");
    if (c.block.has("team")) check_name(ctx, c.where("team"), c.at("team"), "team", a.team, teams);
    if (c.block.has("calendar") && check_name(ctx, c.where("calendar"), c.at("calendar"),
                                              "calendar", c.block.str("calendar"), calendars))
      a.calendar = c.block.str("calendar");
    a.kind = enum_from_string<AgentKind>(c.block.str("kind")).value_or(AgentKind::agent);
    a.name = c.block.str("name");  // "": the data's name, if any (app::make_context)
    out[e.name] = a;
  }
  return out;
}

void assign_calendars(const Config& config, std::map<std::string, Agent>& agents) {
  for (auto& [id, agent] : agents) {
    if (agent.calendar) continue;
    auto team = config.teams.find(agent.team);
    if (team != config.teams.end() && !team->second.calendar.empty())
      agent.calendar = team->second.calendar;
    else if (!config.kpi.options.default_calendar.empty())
      agent.calendar = config.kpi.options.default_calendar;
  }
}

}  // namespace dp::config
