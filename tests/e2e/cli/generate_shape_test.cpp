// `generate --agents --teams --queues --surveys-off` as a user runs it: the files have
// the shape asked for and import cleanly; a shape that cannot be made is a usage error.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "../../support/run_command.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

// The values of a string field of every line of an NDJSON file, and the line count.
std::multiset<std::string> field_values(const std::filesystem::path& file,
                                        const std::string& field) {
  std::multiset<std::string> out;
  std::istringstream in(dp::test::read_file(file));
  const std::string key = "\"" + field + "\":\"";
  for (std::string line; std::getline(in, line);) {
    auto at = line.find(key);
    if (at == std::string::npos) {
      out.insert("");
      continue;
    }
    at += key.size();
    out.insert(line.substr(at, line.find('"', at) - at));
  }
  return out;
}

std::set<std::string> distinct(const std::multiset<std::string>& v) {
  return {v.begin(), v.end()};
}

TEST(GenerateShape, FilesHaveTheShapeAskedForAndImport) {
  TempDir dir;
  const auto data = dir.path() / "d";
  auto g = run_command(kBin + " generate --seed 2 --tickets 600 --weeks 2 --agents 31 " +
                       "--teams 5 --queues 4 --surveys-off --out " + data.string());
  ASSERT_EQ(g.exit_code, 0) << g.out;

  auto agents = field_values(data / "agents.ndjson", "id");
  EXPECT_EQ(agents.size(), 32u);  // and the bot
  EXPECT_EQ(distinct(agents).size(), 32u);
  EXPECT_EQ(distinct(field_values(data / "agents.ndjson", "team")),
            (std::set<std::string>{"billing", "tech", "onboarding", "team04", "team05"}));
  EXPECT_EQ(distinct(field_values(data / "calls.ndjson", "queue")),
            (std::set<std::string>{"billing", "tech", "onboarding", "team04"}));
  EXPECT_EQ(distinct(field_values(data / "tickets.ndjson", "queue")).size(), 5u);
  EXPECT_EQ(dp::test::read_file(data / "surveys.ndjson"), "");

  auto i = run_command(kBin + " import --data " + data.string() + " --state " +
                       (dir.path() / "s.db").string());
  EXPECT_EQ(i.exit_code, 0) << i.out;
  EXPECT_NE(i.out.find(" 0 survey responses, "), std::string::npos) << i.out;
  EXPECT_NE(i.out.find(" 32 agents"), std::string::npos) << i.out;
}

TEST(GenerateShape, ImpossibleShapesAreUsageErrors) {
  TempDir dir;
  const std::string out = " --tickets 50 --weeks 1 --out " + (dir.path() / "d").string();
  struct Case {
    std::string args, says;
  };
  for (const Case& c : {Case{"--agents 0", "--agents"}, Case{"--teams 0", "--teams"},
                        Case{"--teams 21", "more teams (21) than agents (20)"},
                        Case{"--agents 4 --teams 5", "more teams (5) than agents (4)"},
                        Case{"--agents 100001", "--agents"}, Case{"--queues 0", "--queues"},
                        Case{"--agents many", "--agents"}}) {
    auto r = run_command(kBin + " generate " + c.args + out);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "d"));
}

}  // namespace
