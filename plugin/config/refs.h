// Inside the config module: checks that a value names something that exists.
#pragma once

#include <map>

#include "config/checker.h"

namespace dp::config {

// False (reported, with the closest zone suggested) when `zone` is not an IANA zone.
bool check_zone(Ctx& ctx, const YAML::Mark& mark, const std::string& path, const std::string& zone);

// False (reported) when `name` is not a key of `known`; `what` is "team", "calendar"...
template <class T>
bool check_name(Ctx& ctx, const YAML::Mark& mark, const std::string& path, const std::string& what,
                const std::string& name, const std::map<std::string, T>& known);

// False (reported) when `name` is not a connector of a sink type.
bool check_sink(Ctx& ctx, const YAML::Mark& mark, const std::string& path, const std::string& name,
                const std::vector<Block>& connectors, const std::vector<ConnectorSpec>& specs);

bool report_unknown_name(Ctx& ctx, const YAML::Mark& mark, const std::string& path,
                         const std::string& what, const std::string& name,
                         const std::vector<std::string>& known);

template <class T>
bool check_name(Ctx& ctx, const YAML::Mark& mark, const std::string& path, const std::string& what,
                const std::string& name, const std::map<std::string, T>& known) {
  if (known.count(name)) return true;
  std::vector<std::string> names;
  for (const auto& [n, v] : known) names.push_back(n);
  return report_unknown_name(ctx, mark, path, what, name, names);
}

}  // namespace dp::config
