// Reports name agents the way a lead knows them (docs/reports.md, "Agents"): the
// config's name, else the data's, else the id; two agents with one name stay apart.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../../support/run_command.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// One ticket of team t's queue in 2026-W47, owned and answered by `agent`.
std::string ticket(const std::string& n, const std::string& agent) {
  return R"({"id":"t:)" + n + R"(","queue":"t","channel":"email","requester":"c)" + n +
         R"(","owner":")" + agent +
         R"(","status":"resolved","created_at":"2026-11-17T09:00:00Z"})"
         "\n";
}
std::string events(const std::string& n, const std::string& agent) {
  const std::string t = R"({"ticket":"t:)" + n + R"(","at":"2026-11-17T)";
  return t + R"(09:00:00Z","type":"created","actor":"c)" + n + "\"}\n" + t +
         R"(09:30:00Z","type":"agent_reply","actor":")" + agent + "\"}\n" + t +
         R"(10:00:00Z","type":"status_change","actor":")" + agent +
         R"(","from":"open","to":"resolved"})"
         "\n";
}

TEST(AgentNames, ConfigWinsThenDataThenTheIdAndSharedNamesShowTheirIds) {
  TempDir dir;
  const auto data = dir.path() / "data", later = dir.path() / "later";
  const auto config = dir.path() / "c.yaml";
  write(data / "agents.ndjson", R"({"id":"rt:ann","team":"t","name":"Ann L."}
{"id":"rt:bo","team":"t","name":"Bo Chen"}
{"id":"rt:cy","team":"t"}
{"id":"rt:dee","team":"t","name":"Dee Park"}
{"id":"rt:dee2","team":"t","name":"Dee Park"}
)");
  std::string tickets, evs;
  int n = 0;
  for (const char* a : {"rt:ann", "rt:bo", "rt:cy", "rt:dee", "rt:dee2"}) {
    tickets += ticket(std::to_string(++n), a);
    evs += events(std::to_string(n), a);
  }
  write(data / "tickets.ndjson", tickets);
  write(data / "ticket_events.ndjson", evs);
  // A later source knows Bo by id only: the name stored before stays.
  write(later / "agents.ndjson", R"({"id":"rt:bo","team":"t"})"
                                 "\n");
  write(config, "state: " + (dir.path() / "s.db").string() +
                    "\n"
                    "teams:\n"
                    "  t: {}\n"
                    "agents:\n"
                    "  \"rt:ann\": {team: t, name: Ann Lee}\n"
                    "  \"rt:bo\": {team: t}\n");
  for (const auto& d : {data, later}) {
    auto imp = run_command(kBin + " import --config " + config.string() + " --data " + d.string());
    ASSERT_EQ(imp.exit_code, 0) << imp.out;
  }

  auto r = run_command(kBin + " report --config " + config.string() +
                       " --period 2026-W47 --team t --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const size_t at = r.out.find("\nAGENTS\n");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string agents = r.out.substr(at);
  EXPECT_NE(agents.find("Ann Lee"), std::string::npos) << agents;  // the config's name
  EXPECT_EQ(agents.find("Ann L."), std::string::npos) << agents;
  EXPECT_NE(agents.find("Bo Chen"), std::string::npos) << agents;  // config has none
  EXPECT_NE(agents.find("rt:cy"), std::string::npos) << agents;    // nobody named cy
  EXPECT_NE(agents.find("Dee Park (rt:dee)"), std::string::npos) << agents;
  EXPECT_NE(agents.find("Dee Park (rt:dee2)"), std::string::npos) << agents;
  EXPECT_EQ(agents.find("rt:ann"), std::string::npos) << agents;
  EXPECT_EQ(agents.find("rt:bo"), std::string::npos) << agents;
}

}  // namespace
