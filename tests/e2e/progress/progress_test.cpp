// Progress of long commands as a user sees it, from the real binary: plain log lines
// with counts when stderr is not a terminal (the interval shortened to every step with
// DESKPULSE_PROGRESS_INTERVAL=0), nothing for a short job by default, and under a
// pseudo-terminal (script(1)) one line redrawn with \r and ended before the summary.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "../../support/run_command.h"

using dp::test::read_file;
using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

std::vector<std::string> lines_with(const std::string& text, const std::string& what) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (line.find(what) != std::string::npos) out.push_back(line);
    at = end + 1;
  }
  return out;
}

// Runs `args` with stdout and stderr in files of `dir`: stderr is not a terminal.
struct Run {
  int code;
  std::string out, err;
};
Run run(const TempDir& dir, const std::string& env, const std::string& args) {
  const auto out = dir.path() / "stdout", err = dir.path() / "stderr";
  // In sh -c: run_command's own 2>&1 must not take stderr back from the file.
  auto r = run_command("sh -c 'env " + env + " " + kBin + " " + args + " >" + out.string() + " 2>" +
                           err.string() + "'",
                       120);
  return {r.exit_code, read_file(out), read_file(err)};
}

const std::string kEvery = "DESKPULSE_PROGRESS_INTERVAL=0";

}  // namespace

TEST(Progress, PlainLinesWithCountsForGenerateImportAndARebuild) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string(), state = (dir.path() / "s.db").string();
  auto gen = run(dir, kEvery, "generate --out " + data + " --tickets 3000 --weeks 4");
  ASSERT_EQ(gen.code, 0) << gen.err;
  EXPECT_NE(gen.out.find("wrote "), std::string::npos) << gen.out;
  EXPECT_EQ(gen.out.find("generate:"), std::string::npos) << "progress is on stderr only";
  auto g = lines_with(gen.err, "generate: ");
  ASSERT_GE(g.size(), 4u) << gen.err;
  for (const auto& l : g) {
    EXPECT_NE(l.find(" info "), std::string::npos) << l;  // a log line with its level
    EXPECT_EQ(l.find('\r'), std::string::npos) << l;
  }
  EXPECT_NE(gen.err.find("generate: 1,024 / 3,000 tickets (34%)"), std::string::npos) << gen.err;
  EXPECT_NE(g.back().find("generate: 3,000 tickets, "), std::string::npos) << g.back();
  EXPECT_NE(g.back().find(" records in 0:"), std::string::npos) << g.back();

  auto imp =
      run(dir, kEvery, "import --data " + data + " --state " + state + " --batch-records 2000");
  ASSERT_EQ(imp.code, 0) << imp.err;
  auto i = lines_with(imp.err, "import: ");
  ASSERT_GE(i.size(), 4u) << imp.err;
  EXPECT_TRUE(std::regex_search(i.front(), std::regex(R"(import: 0 B / [0-9.]+ [kM]B \(0%\))")))
      << i.front();
  // Every byte of the files read, and the records stored as counted in the summary.
  EXPECT_NE(imp.err.find("(100%)"), std::string::npos) << imp.err;
  std::smatch total;
  ASSERT_TRUE(std::regex_search(i.back(), total,
                                std::regex(R"(import: [0-9.]+ [kM]B, ([0-9,]+) records in 0:)")))
      << i.back();
  EXPECT_NE(gen.out.find("wrote " + std::regex_replace(total[1].str(), std::regex(","), "")),
            std::string::npos)
      << gen.out << " / " << i.back();

  // The import builds the partials as it ends, after its own last line: the first
  // compute reads them and rebuilds nothing.
  auto p = lines_with(imp.err, "partials: ");
  ASSERT_GE(p.size(), 2u) << imp.err;
  EXPECT_NE(p.back().find(" records in 0:"), std::string::npos) << p.back();
  EXPECT_LT(imp.err.find(i.back()), imp.err.find(p.front())) << imp.err;
  EXPECT_EQ(imp.out.find("partials:"), std::string::npos);
  auto comp = run(dir, kEvery,
                  "compute --state " + state +
                      " --from 2026-08-24 --to 2026-09-21 --bucket week --format csv --timings");
  ASSERT_EQ(comp.code, 0) << comp.err;
  EXPECT_EQ(comp.err.find("partials: "), std::string::npos) << "current: no rebuild";
  EXPECT_NE(comp.err.find("compute: partials; "), std::string::npos) << comp.err;

  // A change of context (another report zone) makes them stale: that compute rebuilds.
  auto zone = run(dir, kEvery,
                  "compute --state " + state +
                      " --window 2026-W36 --zone America/New_York --format csv --timings");
  ASSERT_EQ(zone.code, 0) << zone.err;
  auto z = lines_with(zone.err, "partials: ");
  ASSERT_GE(z.size(), 2u) << zone.err;
  EXPECT_NE(zone.err.find("compute: partials, rebuilt; "), std::string::npos) << zone.err;
}

TEST(Progress, NothingForAShortJobOrWhenOff) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  auto quiet = run(dir, "", "generate --out " + data + " --tickets 500 --weeks 2");
  ASSERT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  auto off = run(dir, kEvery + " DESKPULSE_PROGRESS=off",
                 "import --data " + data + " --state " + (dir.path() / "s.db").string());
  ASSERT_EQ(off.code, 0) << off.err;
  EXPECT_EQ(off.err, "");
}

// Under a pseudo-terminal: \r redraws ending in clear-to-end, the last one followed by
// a line end before the command's own summary line.
TEST(Progress, ARedrawnLineOnATerminalEndedBeforeTheSummary) {
  if (run_command("script --version").exit_code != 0) GTEST_SKIP() << "no script(1)";
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  auto r = run_command("env TERM=xterm " + kEvery + " script -qec '" + kBin + " generate --out " +
                           data + " --tickets 3000 --weeks 4' /dev/null",
                       120);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\rgenerate: 0 / 3,000 tickets (0%)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\rgenerate: 3,000 tickets, "), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("records in 0:[0-9]{2}, [0-9,]+ tickets/s\x1b"
                                                  R"(\[K\r?\nwrote [0-9]+ records to )")))
      << r.out;
  EXPECT_EQ(r.out.find(" info "), std::string::npos) << "not log lines";
}
