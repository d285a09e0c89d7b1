// Bad input of any shape is reported, never a crash.
#include "helpers.h"

namespace dp::config::test {
namespace {

TEST(ConfigRobustness, OddShapesAreProblemsNotCrashes) {
  const std::vector<std::string> docs = {
      "connectors: [a, b]\n",
      "connectors:\n  x: 5\n",
      "connectors:\n  x: {type: [files]}\n",
      "connectors:\n  x: {type: {a: b}, path: 1}\n",
      "connectors:\n  x: {type: fake, url: https://h, token: {secret_file: [a]}}\n",
      "connectors:\n  x: {type: fake, url: https://h, token: {secret_file: /a, more: 1}}\n",
      "connectors:\n  x: {type: fake, url: https://h, token: \"${}\"}\n",
      "connectors:\n  x: {type: fake, url: \"https://${UNCLOSED\", token: x}\n",
      "agents: just text\n",
      "agents:\n  a: [team]\n",
      "calendars:\n  x: [1]\n",
      "calendars:\n  x: {zone: UTC, hours: [mon]}\n",
      "calendars:\n  x: {zone: UTC, hours: {mon: [a]}}\n",
      "calendars:\n  x: {zone: UTC, holidays: 2026-12-25}\n",
      "calendars:\n  x: {zone: UTC, holidays: [[2026-12-25]]}\n",
      "kpi: 5\n",
      "kpi:\n  targets: [1, 2]\n",
      "kpi:\n  targets: {csat: {a: 1}}\n",
      "kpi:\n  business: 5\n",
      "kpi:\n  business:\n    2026-01: 5\n",
      "kpi:\n  topics: []\n",
      "writeback: []\n",
      "writeback:\n  ticket_fields: [a]\n",
      "report: {sink: [a]}\n",
      "? [complex, key]\n: value\n",
      "&anchor a: *anchor\n",
      "---\nlog: {}\n---\nlog: {}\n",
      std::string(100000, '['),
      std::string(5000, '{') + "a",
      "\t- tab\n",
      std::string("state: \0x\n", 10),
  };
  for (const auto& yaml : docs) {
    auto r = load(yaml);
    EXPECT_FALSE(r.problems.empty()) << yaml.substr(0, 80);
    EXPECT_FALSE(r.config.has_value()) << yaml.substr(0, 80);
  }
}

}  // namespace
}  // namespace dp::config::test
