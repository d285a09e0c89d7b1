// Inside the config module: each top-level section from its YAML node into Config.
// Each reports its problems into the context and returns what it could build.
#pragma once

#include "config/checker.h"

namespace dp::config {

std::vector<Block> build_connectors(Ctx& ctx, const YAML::Node& node,
                                    const std::vector<ConnectorSpec>& specs);
std::map<std::string, kpi::Calendar> build_calendars(Ctx& ctx, const YAML::Node& node);
std::map<std::string, Team> build_teams(Ctx& ctx, const YAML::Node& node,
                                        const std::map<std::string, kpi::Calendar>& calendars);
std::map<std::string, Agent> build_agents(Ctx& ctx, const YAML::Node& node,
                                          const std::map<std::string, Team>& teams,
                                          const std::map<std::string, kpi::Calendar>& calendars);
kpi::Options build_kpi_options(Ctx& ctx, const YAML::Node& node,
                               const std::map<std::string, kpi::Calendar>& calendars,
                               const std::vector<std::string>& known_kpis);
Writeback build_writeback(Ctx& ctx, const YAML::Node& node, const std::vector<Block>& connectors,
                          const std::vector<ConnectorSpec>& specs);
Report build_report(Ctx& ctx, const YAML::Node& node, const std::string& report_zone,
                    const std::vector<Block>& connectors, const std::vector<ConnectorSpec>& specs);

}  // namespace dp::config
