// What the Asterisk readers do with files that are not clean logs: over-long lines, NUL runs
// left by a crash, special files (FIFO, device, directory), CR and CRLF line ends, a
// BOM, a last line without newline. Every test is bounded: a FIFO is unblocked by a
// writer thread so that a reader that opens it blocking fails instead of hanging.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "asterisk/cdr.h"
#include "asterisk/cdr_source.h"
#include "asterisk/queue_log_source.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("dp_asterisk_lines_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& text, bool append = false) {
  std::ofstream out(p, (append ? std::ios::app : std::ios::trunc) | std::ios::binary);
  out << text;
}

std::string t(long long s) {
  return std::to_string(test::kT0 + s);
}
// One abandoned call, two lines.
std::string enter(const std::string& id, long long s) {
  return t(s) + "|" + id + "|q|NONE|ENTERQUEUE||100|1";
}
std::string abandon(const std::string& id, long long s) {
  return t(s) + "|" + id + "|q|NONE|ABANDON|1|1|" + std::to_string(s);
}

const std::string kCdr =
    "\"\",\"100\",\"200\",\"ctx\",\"\",\"SIP/100-01\",\"SIP/200-02\",\"Dial\",\"\","
    "\"2026-11-23 08:00:00\",\"2026-11-23 08:00:05\",\"2026-11-23 08:01:05\",65,60,"
    "\"ANSWERED\",\"DOCUMENTATION\"";

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

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

const size_t kCap = 16u << 20;  // the files connector's cap

// --- one-shot reads (deskpulse import / compute --source) ---

TEST(Lines, OverLongLineIsRejectedWithFileAndLineAndReadingGoesOn) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, enter("a", 0) + "\n" + std::string(kCap + 10, 'x') + "\n" + abandon("a", 9) + "\n");
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok()) << b.error().str();
  ASSERT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].where, log.string() + ":2");
  EXPECT_TRUE(has(b->rejected[0].message, "longer than 16777216 bytes")) << b->rejected[0].str();
}

TEST(Lines, NulRunIsARejectedLine) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, enter("a", 0) + "\n" + std::string(1000, '\0') + "\n" + abandon("a", 9) + "\n");
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].where, log.string() + ":2");
  EXPECT_TRUE(has(b->rejected[0].message, "NUL")) << b->rejected[0].str();
}

TEST(Lines, NulRunWithoutNewlineAtTheEndIsRejectedToo) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, enter("a", 0) + "\n" + abandon("a", 9) + "\n" + std::string(kCap * 2, '\0'));
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].where, log.string() + ":3");
}

TEST(Lines, LastLineWithoutNewlineIsARecord) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, enter("a", 0) + "\n" + abandon("a", 9));
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.calls.size(), 1u);
  EXPECT_TRUE(b->rejected.empty());
}

TEST(Lines, CrLfAndCrOnlyLineEnds) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, enter("a", 0) + "\r\n" + abandon("a", 9) + "\r\n" + enter("b", 10) + "\r" +
                 abandon("b", 19) + "\r");
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.calls.size(), 2u);
  EXPECT_TRUE(b->rejected.empty()) << b->rejected[0].str();
}

TEST(Lines, Utf8BomAtTheStartIsSkipped) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  write(log, "\xEF\xBB\xBF" + enter("a", 0) + "\n" + abandon("a", 9) + "\n");
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.calls.size(), 1u);
  EXPECT_TRUE(b->rejected.empty()) << b->rejected[0].str();
}

TEST(Lines, DirectoryIsRefusedByName) {
  TempDir dir;
  auto b = read_queue_log_file(dir.path.string(), {});
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(has(b.error().str(), dir.path.string())) << b.error().str();
  EXPECT_TRUE(has(b.error().str(), "directory")) << b.error().str();
}

TEST(Lines, CharacterDeviceIsRefused) {
  auto b = read_cdr_file("/dev/null", {});
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(has(b.error().str(), "/dev/null")) << b.error().str();
  EXPECT_TRUE(has(b.error().str(), "character device")) << b.error().str();
}

TEST(Lines, FifoIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  auto fifo = dir.path / "queue_log";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  FifoUnblocker unblock(fifo);
  auto b = read_queue_log_file(fifo.string(), {});
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(has(b.error().str(), "FIFO")) << b.error().str();
}

TEST(Lines, CdrReaderBoundsLinesAndReadsCrAndBom) {
  TempDir dir;
  auto csv = dir.path / "Master.csv";
  write(csv, "\xEF\xBB\xBF" + kCdr + "\r" + std::string(kCap + 1, 'y') + "\r\n" +
                 std::string(10, '\0') + "\n" + kCdr);
  auto b = read_cdr_file(csv.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.calls.size(), 2u);
  ASSERT_EQ(b->rejected.size(), 2u);
  EXPECT_EQ(b->rejected[0].where, csv.string() + ":2");
  EXPECT_TRUE(has(b->rejected[0].message, "longer than")) << b->rejected[0].str();
  EXPECT_EQ(b->rejected[1].where, csv.string() + ":3");
  EXPECT_TRUE(has(b->rejected[1].message, "NUL")) << b->rejected[1].str();
}

TEST(Lines, CdrRecordsForEnrichmentRefuseADirectory) {
  TempDir dir;
  std::vector<Rejection> rejected;
  auto r = read_cdr_records(dir.path.string(), {}, rejected);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(has(r.error().str(), "directory"));
}

// --- the sources (the tailer itself: tests/unit/tail) ---

TEST(TailLines, SpecialFilesAreRefusedByPollAndHealthCheck) {
  TempDir dir;
  QueueLogSource on_dir("ql", dir.path.string(), {});
  auto b = on_dir.poll("");
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(has(b.error().str(), "directory")) << b.error().str();
  EXPECT_FALSE(on_dir.health_check().ok());
  CdrSource on_dev("cdr", "/dev/null", {});
  auto c = on_dev.poll("");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(has(c.error().str(), "character device")) << c.error().str();
  EXPECT_FALSE(on_dev.health_check().ok());
}

}  // namespace
}  // namespace dp::asterisk
