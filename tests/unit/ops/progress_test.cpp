// ops/progress.h with a fake clock: the text (counts, rate, ETA), the redrawn line on
// a terminal (throttling, the clean last line, others' output) and the plain lines.
#include "ops/progress.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace std::chrono_literals;
using dp::ProgressStep;
using dp::ops::Fields;
using dp::ops::ProgressOptions;
using Mode = dp::ops::ProgressOptions::Mode;

namespace {

struct FakeClock {
  std::chrono::steady_clock::time_point t{std::chrono::seconds(1000)};
  auto fn() {
    return [this] { return t; };
  }
};

ProgressStep records(std::string_view what, uint64_t done, std::optional<uint64_t> total = {}) {
  return {what, done, total};
}

}  // namespace

TEST(ProgressText, Counts) {
  EXPECT_EQ(dp::ops::format_count(0), "0");
  EXPECT_EQ(dp::ops::format_count(999), "999");
  EXPECT_EQ(dp::ops::format_count(1000), "1,000");
  EXPECT_EQ(dp::ops::format_count(1234567), "1,234,567");
  EXPECT_EQ(dp::ops::format_count(100000), "100,000");
}

TEST(ProgressText, Bytes) {
  EXPECT_EQ(dp::ops::format_bytes(999), "999 B");
  EXPECT_EQ(dp::ops::format_bytes(12'300), "12.3 kB");
  EXPECT_EQ(dp::ops::format_bytes(45'200'000), "45.2 MB");
  EXPECT_EQ(dp::ops::format_bytes(999'990), "1.0 MB");  // never "1000.0 kB"
  EXPECT_EQ(dp::ops::format_bytes(1'500'000'000), "1.5 GB");
}

TEST(ProgressText, Durations) {
  EXPECT_EQ(dp::ops::format_duration(7s), "0:07");
  EXPECT_EQ(dp::ops::format_duration(725s), "12:05");
  EXPECT_EQ(dp::ops::format_duration(3723s), "1:02:03");
}

TEST(ProgressText, RunningWithATotalHasPercentRateAndEta) {
  EXPECT_EQ(dp::ops::progress_text(records("import", 90'000, 585'000), 2000ms, false),
            "import: 90,000 / 585,000 records (15%), 45,000/s, ETA 0:11");
}

TEST(ProgressText, WithoutATotalNoPercentNorEta) {
  EXPECT_EQ(dp::ops::progress_text(records("sync rt", 12'400), 4000ms, false),
            "sync rt: 12,400 records, 3,100/s");
  EXPECT_EQ(dp::ops::progress_text(records("sync rt", 0), 0ms, false), "sync rt: 0 records");
}

TEST(ProgressText, BytesWithRecordsBesides) {
  ProgressStep s{"import", 45'200'000, 180'000'000, "bytes", 120'000};
  EXPECT_EQ(dp::ops::progress_text(s, 4000ms, false),
            "import: 45.2 MB / 180.0 MB (25%), 120,000 records, 11.3 MB/s, ETA 0:12");
  ProgressStep t{"generate", 1'000, 4'000, "tickets", 6'000};
  EXPECT_EQ(dp::ops::progress_text(t, 2000ms, false),
            "generate: 1,000 / 4,000 tickets (25%), 6,000 records, 500 tickets/s, ETA 0:06");
}

TEST(ProgressText, AnEstimatedTotalPassedShowsAtMostAHundredPercentAndNoEta) {
  EXPECT_EQ(dp::ops::progress_text(records("import", 1'200, 1'000), 1000ms, false),
            "import: 1,200 / 1,000 records (100%), 1,200/s");
}

TEST(ProgressText, FinalSaysHowLongAndTheAverageRate) {
  EXPECT_EQ(dp::ops::progress_text(records("import", 590'000, 600'000), 12'500ms, true),
            "import: 590,000 records in 0:13, 47,200/s");
  ProgressStep s{"import", 180'000'000, 180'000'000, "bytes", 590'000};
  EXPECT_EQ(dp::ops::progress_text(s, 10'000ms, true),
            "import: 180.0 MB, 590,000 records in 0:10, 18.0 MB/s");
}

// On a terminal: nothing for half a second, then one line redrawn at most every
// 100 ms, and its last state ended by a newline.
TEST(ProgressRedraw, ThrottledRedrawsAndACleanLastLine) {
  FakeClock clock;
  std::ostringstream out;
  {
    auto p = dp::ops::make_progress({.mode = Mode::redraw, .out = &out, .now = clock.fn()});
    p->step(records("import", 0, 1000));
    clock.t += 400ms;
    p->step(records("import", 100, 1000));
    EXPECT_EQ(out.str(), "");
    clock.t += 100ms;
    p->step(records("import", 200, 1000));
    EXPECT_EQ(out.str(), "\rimport: 200 / 1,000 records (20%), 400/s, ETA 0:02\033[K");
    clock.t += 50ms;
    p->step(records("import", 220, 1000));  // too soon
    clock.t += 50ms;
    p->step(records("import", 300, 1000));
    EXPECT_EQ(out.str(),
              "\rimport: 200 / 1,000 records (20%), 400/s, ETA 0:02\033[K"
              "\rimport: 300 / 1,000 records (30%), 500/s, ETA 0:02\033[K");
    out.str("");
    clock.t += 50ms;
    p->step(records("import", 1000, 1000));  // too soon: finish draws it
    p->finish();
    EXPECT_EQ(out.str(), "\rimport: 1,000 records in 0:01, 1,538/s\033[K\n");
    out.str("");
  }
  EXPECT_EQ(out.str(), "");  // finished once
}

TEST(ProgressRedraw, ATaskDoneWithinHalfASecondShowsNothing) {
  FakeClock clock;
  std::ostringstream out;
  {
    auto p = dp::ops::make_progress({.mode = Mode::redraw, .out = &out, .now = clock.fn()});
    p->step(records("sync rt", 5));
    clock.t += 499ms;
    p->step(records("sync rt", 10));
  }  // the destructor finishes
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressRedraw, AnotherTaskEndsTheLineBefore) {
  FakeClock clock;
  std::ostringstream out;
  auto p = dp::ops::make_progress({.mode = Mode::redraw, .out = &out, .now = clock.fn()});
  p->step(records("sync rt", 0));
  clock.t += 1s;
  p->step(records("sync rt", 50));
  clock.t += 1s;
  p->step(records("sync asterisk", 7));
  EXPECT_EQ(out.str(),
            "\rsync rt: 50 records, 50/s\033[K"
            "\rsync rt: 50 records in 0:02, 25/s\033[K\n");
  p->finish();  // asterisk took no time: nothing
  EXPECT_EQ(out.str(),
            "\rsync rt: 50 records, 50/s\033[K"
            "\rsync rt: 50 records in 0:02, 25/s\033[K\n");
}

TEST(ProgressRedraw, ALineIsCutToTheTerminalWidth) {
  FakeClock clock;
  std::ostringstream out;
  auto p =
      dp::ops::make_progress({.mode = Mode::redraw, .out = &out, .now = clock.fn(), .width = 12});
  p->step(records("import", 0));
  clock.t += 1s;
  p->step(records("import", 5));
  EXPECT_EQ(out.str(), "\rimport: 5 r\033[K");
}

// What others write to the terminal meanwhile (a rejected line) starts on a clean line:
// the drawn line is erased first, and drawn again after their line ends.
TEST(ProgressRedraw, OthersOutputErasesTheLineFirst) {
  FakeClock clock;
  std::ostringstream out;
  std::ostream others(out.rdbuf());
  {
    auto p = dp::ops::make_progress(
        {.mode = Mode::redraw, .out = &out, .guard = &others, .now = clock.fn()});
    p->step(records("import", 0));
    clock.t += 1s;
    p->step(records("import", 10));
    others << "rejected: tickets.ndjson:3: bad";
    clock.t += 1s;
    p->step(records("import", 20));  // their line is not ended: no redraw yet
    others << '\n';
    others << "warning: x\n";
    clock.t += 1s;
    p->step(records("import", 30));
  }
  EXPECT_EQ(out.str(),
            "\rimport: 10 records, 10/s\033[K"
            "\r\033[Krejected: tickets.ndjson:3: bad\nwarning: x\n"
            "\rimport: 30 records, 10/s\033[K"
            "\rimport: 30 records in 0:03, 10/s\033[K\n");
  others << "after\n";  // the stream has its own buffer back
  EXPECT_TRUE(out.str().ends_with("\nafter\n"));
}

// Not a terminal: a line every interval while a task runs, and one when it ends.
TEST(ProgressLines, ALineEveryIntervalAndOneAtTheEnd) {
  FakeClock clock;
  std::vector<std::pair<std::string, Fields>> lines;
  auto log = [&](std::string_view m, const Fields& f) { lines.emplace_back(m, f); };
  auto p = dp::ops::make_progress({.mode = Mode::lines, .log = log, .now = clock.fn()});
  for (int i = 0; i <= 25; ++i) {
    p->step(records("partials", uint64_t(i) * 1000, 25'000));
    clock.t += 1s;
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].first, "partials: 10,000 / 25,000 records (40%), 1,000/s, ETA 0:15");
  EXPECT_EQ(lines[1].first, "partials: 20,000 / 25,000 records (80%), 1,000/s, ETA 0:05");
  p->finish();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].first, "partials: 25,000 records in 0:26, 962/s");
  EXPECT_EQ(
      lines[0].second,
      (Fields{{"task", "partials"}, {"done", "10000"}, {"total", "25000"}, {"unit", "records"}}));
  EXPECT_EQ(lines[2].second.back(), (std::pair<std::string, std::string>{"finished", "true"}));
}

TEST(ProgressLines, AShortTaskLogsNothing) {
  FakeClock clock;
  int lines = 0;
  {
    auto p = dp::ops::make_progress({.mode = Mode::lines,
                                     .log = [&](std::string_view, const Fields&) { ++lines; },
                                     .now = clock.fn()});
    for (int i = 0; i < 9; ++i) {
      p->step(records("import", uint64_t(i)));
      clock.t += 1s;
    }
    p->finish();
    p->step(records("sync rt", 1));
  }
  EXPECT_EQ(lines, 0);
}

TEST(ProgressLines, IntervalZeroLogsEveryStep) {
  FakeClock clock;
  std::vector<std::string> lines;
  auto p = dp::ops::make_progress(
      {.mode = Mode::lines,
       .log = [&](std::string_view m, const Fields&) { lines.emplace_back(m); },
       .now = clock.fn(),
       .line_every = 0ms});
  p->step(records("sync rt", 1));
  p->step(records("sync rt", 2));
  p->step(records("sync wazo", 3));
  p->finish();
  EXPECT_EQ(lines, (std::vector<std::string>{"sync rt: 1 records", "sync rt: 2 records",
                                             "sync rt: 2 records in 0:00", "sync wazo: 3 records",
                                             "sync wazo: 3 records in 0:00"}));
}

TEST(ProgressOptions, TerminalOrNotAndTheEnvironment) {
  using dp::ops::progress_options;
  EXPECT_EQ(progress_options(true, "xterm", nullptr, nullptr).mode, Mode::redraw);
  EXPECT_EQ(progress_options(true, nullptr, nullptr, nullptr).mode, Mode::redraw);
  EXPECT_EQ(progress_options(true, "dumb", nullptr, nullptr).mode, Mode::lines);
  EXPECT_EQ(progress_options(false, "xterm", nullptr, nullptr).mode, Mode::lines);
  EXPECT_EQ(progress_options(true, "xterm", "off", nullptr).mode, Mode::off);
  EXPECT_EQ(progress_options(false, "xterm", "off", nullptr).mode, Mode::off);
  EXPECT_EQ(progress_options(true, "xterm", "plain", nullptr).mode, Mode::lines);
  EXPECT_EQ(progress_options(false, nullptr, nullptr, nullptr).line_every, 10s);
  EXPECT_EQ(progress_options(false, nullptr, nullptr, "0").line_every, 0ms);
  EXPECT_EQ(progress_options(true, nullptr, nullptr, "0").first_draw, 0ms);
  EXPECT_EQ(progress_options(true, nullptr, nullptr, nullptr).first_draw, 500ms);
  EXPECT_EQ(progress_options(false, nullptr, nullptr, "2.5").line_every, 2500ms);
  EXPECT_EQ(progress_options(false, nullptr, nullptr, "soon").line_every, 10s);
  EXPECT_EQ(progress_options(false, nullptr, nullptr, "-1").line_every, 10s);
}

TEST(ProgressOff, SaysNothing) {
  auto p = dp::ops::make_progress({.mode = Mode::off});
  p->step(records("import", 1));
  p->finish();
}

// A writer that bypasses std::cerr (the log lines) erases the line first by calling
// clear_progress_line(); with no line drawn it does nothing.
TEST(ProgressRedraw, ClearProgressLineErasesTheLineGuardingStderr) {
  dp::ops::clear_progress_line();  // none alive: nothing happens
  FakeClock clock;
  std::ostringstream out;
  std::streambuf* cerr_buf = std::cerr.rdbuf();
  {
    auto p = dp::ops::make_progress(
        {.mode = Mode::redraw, .out = &out, .guard = &std::cerr, .now = clock.fn()});
    p->step(records("partials", 0));
    clock.t += 1s;
    p->step(records("partials", 10));
    dp::ops::clear_progress_line();
    dp::ops::clear_progress_line();  // erased once
    EXPECT_EQ(out.str(), "\rpartials: 10 records, 10/s\033[K\r\033[K");
  }
  EXPECT_EQ(std::cerr.rdbuf(), cerr_buf);
  out.str("");
  dp::ops::clear_progress_line();
  EXPECT_EQ(out.str(), "");
}
