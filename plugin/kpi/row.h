// One output figure of the engine. Every figure says what it is (KPIS.md).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/time.h"

namespace dp::kpi {

enum class GroupBy { overall, team, agent, queue, channel };
std::string_view to_string(GroupBy g);
std::optional<GroupBy> group_by_from_string(std::string_view s);

struct Window {
  Time from{};        // inclusive
  Time to{};          // exclusive
  std::string label;  // "2026-W47", "2026-11", "2026-11-23", or "from..to"
};

struct Row {
  std::string kpi;
  Window window;
  GroupBy by = GroupBy::overall;
  std::string key;              // "" for overall
  std::string item;             // the listed thing for list KPIs (top_topics: the topic), else ""
  std::optional<double> value;  // nullopt = unavailable (see `reason`)
  std::string stat;             // mean, median, p90, rate, count, ...
  std::string unit;             // "%", "s", "count", "score", ...
  std::optional<std::string> basis;  // "business" | "calendar" | nullopt
  long long n = 0;
  std::optional<std::pair<double, double>> ci;
  std::vector<std::string> flags;  // "low_sample", ...
  std::string definition;
  std::optional<std::string> variant;
  std::string reason;  // why a value is unavailable ("no survey responses", ...)
};

}  // namespace dp::kpi
