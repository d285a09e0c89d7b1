#include "config/refs.h"

#include <date/tz.h>

#include "config/suggest.h"

namespace dp::config {

bool report_unknown_name(Ctx& ctx, const YAML::Mark& mark, const std::string& path,
                         const std::string& what, const std::string& name,
                         const std::vector<std::string>& known) {
  ctx.problems.add(mark, path,
                   "unknown " + what + " '" + name + "'" +
                       (known.empty() ? " (none is defined)" : suggestion(name, known)));
  return false;
}

bool check_zone(Ctx& ctx, const YAML::Mark& mark, const std::string& path,
                const std::string& zone) {
  if (is_valid_zone(zone)) return true;
  std::vector<std::string> zones;
  try {
    for (const auto& z : date::get_tzdb().zones) zones.push_back(std::string(z.name()));
  } catch (const std::exception&) {
    // No time zone database: the message below still names the bad zone.
  }
  std::string hint = closest(zone, zones);
  ctx.problems.add(mark, path,
                   "unknown time zone '" + zone + "'" +
                       (hint.empty() ? " (use an IANA name like Europe/Rome)"
                                     : "; did you mean '" + hint + "'?"));
  return false;
}

bool check_sink(Ctx& ctx, const YAML::Mark& mark, const std::string& path, const std::string& name,
                const std::vector<Block>& connectors, const std::vector<ConnectorSpec>& specs) {
  std::vector<std::string> sinks;
  const Block* named = nullptr;
  for (const auto& b : connectors) {
    if (b.name == name) named = &b;
    for (const auto& s : specs)
      if (s.type == b.type && s.sink) sinks.push_back(b.name);
  }
  if (!named) return report_unknown_name(ctx, mark, path, "connector", name, sinks);
  if (std::find(sinks.begin(), sinks.end(), name) != sinks.end()) return true;
  ctx.problems.add(mark, path,
                   "connector '" + name + "' (type " + named->type + ") is not a sink" +
                       (sinks.empty() ? "" : " (sinks: " + join(sinks) + ")"));
  return false;
}

}  // namespace dp::config
