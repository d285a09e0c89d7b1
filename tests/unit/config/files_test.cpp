// The shipped files and the generated reference/example: they must stay loadable and
// complete as the key tables change.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/sections.h"
#include "helpers.h"

namespace dp::config::test {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Secrets the example asks for, set so that it loads as a user's would.
void set_example_secrets() {
  for (const auto& spec : fake_specs())
    for (const auto& k : spec.keys)
      if (k.type == KeyType::secret) {
        std::string var = spec.type + "_" + k.name;
        for (char& c : var) c = std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
        ::setenv(var.c_str(), "example-secret", 1);
      }
}

TEST(ConfigFiles, DemoLoadsWithoutProblems) {
  auto r = load_config(DP_SOURCE_DIR "/config/demo.yaml", fake_specs());
  ASSERT_TRUE(r.config) << all_problems(r);
  const Config& c = *r.config;
  EXPECT_EQ(c.state_path, DP_SOURCE_DIR "/config/demo-state.db");
  ASSERT_TRUE(c.connector("data"));
  EXPECT_EQ(c.connector("data")->type, "files");
  EXPECT_FALSE(c.writeback.sink.empty());
  EXPECT_EQ(c.report.sink, c.writeback.sink);
  for (std::string team : {"billing", "tech", "onboarding"}) {
    ASSERT_TRUE(c.teams.count(team)) << team;
    EXPECT_TRUE(c.kpi.calendars.count(c.teams.at(team).calendar)) << team;
  }
  std::set<std::string> zones;
  for (const auto& [name, cal] : c.kpi.calendars) zones.insert(cal.zone);
  EXPECT_EQ(zones, (std::set<std::string>{"Europe/Rome", "America/New_York", "Europe/London"}));
  for (std::string month : {"2026-08", "2026-09", "2026-10", "2026-11"})
    EXPECT_TRUE(c.kpi.options.business.count(month)) << month;
  EXPECT_TRUE(c.kpi.options.targets.frt);
  EXPECT_EQ(c.writeback.ticket_fields.size(), kTicketFigures.size());
}

// config/deskpulse.example.yaml is rendered from the real connector specs, so it is
// checked by the app's tests (tests/e2e/cli), which know them.

TEST(ConfigFiles, RenderedExampleLoadsAndSetsEveryCoreKey) {
  set_example_secrets();
  const std::string yaml = render_example_yaml(fake_specs());
  auto r = load(yaml);
  ASSERT_TRUE(r.config) << all_problems(r) << yaml;
  EXPECT_EQ(r.config->connectors.size(), fake_specs().size());
  for (const auto& s : core_sections()) {
    for (const auto& k : s.keys) {
      if (is_placeholder(k.name)) continue;
      std::regex set_line("(^|\\n) *(# )?" + k.name + ": ");
      EXPECT_TRUE(std::regex_search(yaml, set_line)) << s.path << "." << k.name;
    }
  }
}

// Every key of every table, under the heading of its section.
TEST(ConfigFiles, ReferenceDocumentsEveryKey) {
  const std::string md = render_reference_markdown(fake_specs());
  for (const auto& s : core_sections()) {
    const std::string heading =
        "### `" + (s.path.empty() ? std::string("top level") : s.path) + "`";
    auto at = md.find(heading);
    ASSERT_NE(at, std::string::npos) << heading;
    auto next = md.find("\n### ", at + 1);
    const std::string body = md.substr(at, next == std::string::npos ? next : next - at);
    for (const auto& k : s.keys)
      EXPECT_NE(body.find("| `" + k.name + "` |"), std::string::npos) << s.path << "." << k.name;
  }
  for (const auto& spec : fake_specs()) {
    EXPECT_NE(md.find("`type: " + spec.type + "`"), std::string::npos) << spec.type;
    for (const auto& k : spec.keys)
      EXPECT_NE(md.find("| `" + k.name + "` |"), std::string::npos) << spec.type << "." << k.name;
  }
}

TEST(ConfigFiles, ShippedReferenceIsUpToDate) {
  const std::string doc = read(DP_SOURCE_DIR "/docs/configuration.md");
  for (const auto& s : core_sections())
    for (const auto& k : s.keys)
      EXPECT_NE(doc.find("| `" + k.name + "` |"), std::string::npos) << s.path << "." << k.name;
}

}  // namespace
}  // namespace dp::config::test
