// What the tailer does with files that are not clean logs: a FIFO (refused without
// waiting for a writer), CR-only line ends, a BOM, NUL runs and over-long lines, one
// of them still being written. Bounded: a FIFO is unblocked by a writer thread so that
// a reader that opens it blocking fails instead of hanging.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tail/tail.h"
#include "temp_dir.h"

namespace dp::tail {
namespace {

namespace fs = std::filesystem;

using test::TempDir;
using test::write;

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const std::string kEnter = "1764000000|a|q|NONE|ENTERQUEUE||100|1";
const std::string kAbandon = "1764000009|a|q|NONE|ABANDON|1|1|9";

// Opens the FIFO for writing (without blocking) until `done`, so that a reader
// blocked in open() gets through and the test fails instead of hanging.
struct FifoUnblocker {
  std::atomic<bool> done{false};
  std::thread th;
  explicit FifoUnblocker(const fs::path& p) {
    th = std::thread([this, p] {
      auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!done && std::chrono::steady_clock::now() < until) {
        int fd = ::open(p.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  ~FifoUnblocker() {
    done = true;
    th.join();
  }
};

TEST(TailLines, FifoIsRefused) {
  TempDir dir;
  auto fifo = dir.path / "queue_log";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  FifoUnblocker unblock(fifo);
  auto r = tail_read(fifo.string(), {}, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(has(r.error().str(), "FIFO")) << r.error().str();
}

TEST(TailLines, CrOnlyBomNulAndLongLines) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, "\xEF\xBB\xBF" + kEnter + "\r" + std::string(50, '\0') + "\r\n" + kAbandon + "\r");
  auto r = tail_read(log.string(), {}, 100);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->lines.size(), 1u);  // the last CR may be the first half of a CRLF: wait
  EXPECT_EQ(r->lines[0].text, kEnter);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0].where, log.string() + ":2");
  EXPECT_TRUE(has(r->notes[0].message, "NUL"));
  write(log, "\n", true);
  auto r2 = tail_read(log.string(), r->next, 100);
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->lines.size(), 1u);
  EXPECT_EQ(r2->lines[0].where, log.string() + ":3");
  EXPECT_EQ(r2->lines[0].text, kAbandon);
}

TEST(TailLines, OverLongLineBeingWrittenIsSkippedOnceAndNotReadAgain) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, kEnter + "\n" + std::string(LineReader::kMaxLine + 5, 'z'));  // no end yet
  auto r = tail_read(log.string(), {}, 100);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->lines.size(), 1u);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0].where, log.string() + ":2");
  EXPECT_TRUE(has(r->notes[0].message, "longer than"));
  EXPECT_EQ(r->next.offset, fs::file_size(log));  // not read again next time
  write(log, std::string(100, 'z') + "\n" + kAbandon + "\n", true);
  auto r2 = tail_read(log.string(), r->next, 100);
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(r2->notes.empty()) << r2->notes[0].str();
  ASSERT_EQ(r2->lines.size(), 1u);
  EXPECT_EQ(r2->lines[0].where, log.string() + ":3");
  EXPECT_EQ(r2->lines[0].text, kAbandon);
  EXPECT_FALSE(r2->more);
}

TEST(TailLines, NulRunWithoutNewlineIsOneBadLineInAFinalRead) {
  TempDir dir;
  auto log = dir.path / "log";
  write(log, kEnter + "\n" + std::string(2 * LineReader::kMaxLine, '\0'));
  auto r = tail_read(log.string(), {}, 100, {.final = true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->lines.size(), 1u);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0].where, log.string() + ":2");
  EXPECT_EQ(r->next.offset, fs::file_size(log));
}

}  // namespace
}  // namespace dp::tail
