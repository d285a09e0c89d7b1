#include "kpi/row.h"

#include <array>

namespace dp::kpi {

namespace {
constexpr std::array<std::pair<GroupBy, std::string_view>, 5> kNames{{
    {GroupBy::overall, "overall"},
    {GroupBy::team, "team"},
    {GroupBy::agent, "agent"},
    {GroupBy::queue, "queue"},
    {GroupBy::channel, "channel"},
}};
}  // namespace

std::string_view to_string(GroupBy g) {
  for (const auto& [v, name] : kNames)
    if (v == g) return name;
  return "overall";
}

std::optional<GroupBy> group_by_from_string(std::string_view s) {
  for (const auto& [v, name] : kNames)
    if (name == s) return v;
  return std::nullopt;
}

}  // namespace dp::kpi
