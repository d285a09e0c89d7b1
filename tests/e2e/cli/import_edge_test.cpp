// `deskpulse import --data DIR` on the files a tester made (issue 22): nothing is
// dropped with exit 0 and no message.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../../support/run_command.h"
#include "model/text.h"

using dp::test::run_command;
using dp::test::TempDir;

namespace {

const std::string kBin = DESKPULSE_BIN;

const std::string kTicket =
    R"({"id":"t:1","queue":"billing","status":"open","created_at":"2026-08-24T09:00:00Z"})";
const std::string kCall =
    R"({"id":"c:1","queue":"q","offered_at":"2026-08-24T09:00:00Z","outcome":"answered"})";

struct Dir {
  TempDir tmp;
  std::filesystem::path data = tmp.path() / "data", state = tmp.path() / "state.db";
  Dir() { std::filesystem::create_directory(data); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(data / name, std::ios::binary) << text;
  }
  dp::test::CommandResult import(const std::string& prefix = "") const {
    return run_command(prefix + kBin + " import --data " + data.string() + " --state " +
                       state.string());
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(ImportEdge, LastLineWithoutNewlineIsImported) {
  Dir d;
  d.write("tickets.ndjson", kTicket);
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, ": 1 tickets,")) << r.out;
}

TEST(ImportEdge, CrOnlyFileIsImported) {
  Dir d;
  d.write("tickets.ndjson", kTicket + "\r" + kTicket + "\r");
  d.write("calls.ndjson", kCall + "\r");
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, ": 1 tickets, 0 ticket events, 1 calls")) << r.out;
}

TEST(ImportEdge, UnclosedCsvQuoteIsReportedAndTheRestImported) {
  Dir d;
  d.write("tickets.csv",
          "id,queue,subject,status,created_at\n"
          "t:1,billing,\"never closed,open,2026-08-24T09:00:00Z\n"
          "t:2,billing,fine,open,2026-08-24T09:00:00Z\n");
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "tickets.csv:2: field 'subject': unclosed quote")) << r.out;
  EXPECT_TRUE(has(r.out, ": 1 tickets,")) << r.out;
}

TEST(ImportEdge, DirectoryAndSymlinkNamedLikeDataAreRefusedTheRestImported) {
  Dir d;
  std::filesystem::create_directory(d.data / "tickets.ndjson");
  d.write("calls.ndjson", kCall + "\n");
  std::filesystem::create_symlink("/etc/passwd", d.data / "agents.ndjson");
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "tickets.ndjson: not a regular file (a directory)")) << r.out;
  EXPECT_TRUE(has(r.out, "agents.ndjson: a symbolic link")) << r.out;
  EXPECT_TRUE(has(r.out, " 1 calls,")) << r.out;
}

TEST(ImportEdge, UnreadableFileIsReportedTheOthersImported) {
  Dir d;
  d.write("tickets.ndjson", kTicket + "\n");
  d.write("calls.ndjson", kCall + "\n");
  ::chmod(d.tmp.path().c_str(), 0777);
  ::chmod(d.data.c_str(), 0777);
  ::chmod((d.data / "calls.ndjson").c_str(), 0644);
  ::chmod((d.data / "tickets.ndjson").c_str(), 0);
  // root reads any file: run the import as an unprivileged user.
  std::string prefix =
      ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  if (!prefix.empty() && run_command(prefix + kBin + " --help").exit_code != 0)
    GTEST_SKIP() << "setpriv cannot switch users here";
  auto r = d.import(prefix);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "tickets.ndjson: cannot read: Permission denied")) << r.out;
  EXPECT_TRUE(has(r.out, ": 0 tickets, 0 ticket events, 1 calls")) << r.out;
}

TEST(ImportEdge, OutOfRangeNumbersAndTimesAreRejectedByField) {
  Dir d;
  d.write(
      "calls.ndjson",
      R"({"id":"c:1","queue":"q","offered_at":"2026-08-24T09:00:00Z","outcome":"answered","wait_s":1e19})"
      "\n" +
          kCall + "\n");
  d.write("tickets.ndjson",
          R"({"id":"t:1","queue":"q","status":"open","created_at":"9999-12-31T23:59:60Z"})"
          "\n");
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "calls.ndjson:1: field 'wait_s'")) << r.out;
  EXPECT_TRUE(has(r.out, "tickets.ndjson:1: field 'created_at'")) << r.out;
  EXPECT_TRUE(has(r.out, ": 0 tickets, 0 ticket events, 1 calls")) << r.out;
}

// Bytes that are not UTF-8 never reach the output: NDJSON and CSV records holding
// them are rejected by line and field (shown as \xNN, never raw), a phone log's are
// replaced and counted in one warning, and the JSON output stays valid UTF-8.
TEST(ImportEdge, TextThatIsNotUtf8IsRejectedOrReplacedAndSaidNeverPassedOn) {
  Dir d;
  d.write("tickets.ndjson", R"({"id":"t:1","queue":"caf)"
                            "\xE9\x1b[2J"
                            R"(","status":"open","created_at":"2026-08-24T09:00:00Z"})"
                            "\n" +
                                kTicket + "\n" + kTicket + "\n");
  auto r = d.import();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "tickets.ndjson:1: invalid JSON at offset")) << r.out;
  EXPECT_TRUE(has(r.out, "warning: tickets.ndjson:3: id 't:1' is also on line 2")) << r.out;
  EXPECT_FALSE(has(r.out, "\x1b")) << r.out;

  std::filesystem::path log = d.tmp.path() / "latin1.queue_log";
  std::ofstream(log, std::ios::binary)
      << "1795420900|s01|caf\xE9|NONE|ENTERQUEUE||0612345678|1\n"
         "1795420918|s01|caf\xE9|SIP/J\xF6rg|CONNECT|18|s01-b|3\n"
         "1795421100|s01|caf\xE9|SIP/J\xF6rg|COMPLETECALLER|18|182|1\n";
  auto c =
      run_command(kBin + " compute --source asterisk-queue-log:" + log.string() +
                  " --kpi asa --group-by agent --from 2026-11-23 --to 2026-11-24 --format json");
  EXPECT_EQ(c.exit_code, 0) << c.out;
  EXPECT_TRUE(has(c.out, "warning: 3 line(s) held bytes that are not UTF-8 text")) << c.out;
  EXPECT_TRUE(has(c.out, "the first at " + log.string() + ":1")) << c.out;
  EXPECT_TRUE(has(c.out, "\"key\":\"SIP/J?rg\"")) << c.out;
  EXPECT_TRUE(dp::valid_utf8(c.out)) << c.out;
}
