// Progress of long jobs (model/progress.h) shown to whoever runs them:
// - on a terminal (stderr is one, TERM is not "dumb"): one line redrawn in place on
//   stderr, at most every 100 ms, e.g.
//     import: 45.2 MB / 180.0 MB (25%), 120,000 records, 12.1 MB/s, ETA 0:11
//     sync rt: 12,345 records, 3,100/s
//   nothing for a task done within half a second; a task's last line stays, ended by
//   a newline, so what the command prints next starts on a line of its own (so does
//   anything written to std::cerr meanwhile: the drawn line is erased first).
// - otherwise (a pipe, a file, journald): a log_info line every 10 s while a task runs
//   and one when it ends, none at all for a task done within the first 10 s.
// Environment: DESKPULSE_PROGRESS=off (none) | plain (log lines even on a terminal) |
// auto (the default); DESKPULSE_PROGRESS_INTERVAL=SECONDS between log lines (0: one
// per step, and on a terminal a task drawn from its start: for tests and debugging).
// Not thread-safe: one Progress is stepped from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "model/progress.h"
#include "ops/log.h"

namespace dp::ops {

struct ProgressOptions {
  enum class Mode { off, redraw, lines };
  Mode mode = Mode::lines;
  // redraw: where the line is drawn (null: stderr, with std::cerr guarded as `guard`).
  std::ostream* out = nullptr;
  // redraw: a stream others write to the same terminal through; what they write first
  // erases the drawn line. Its buffer is replaced while the Progress lives.
  std::ostream* guard = nullptr;
  // lines: where a line goes (null: log_info).
  std::function<void(std::string_view msg, const Fields& fields)> log = nullptr;
  std::function<std::chrono::steady_clock::time_point()> now = nullptr;  // null: steady_clock
  std::chrono::milliseconds redraw_every{100};
  std::chrono::milliseconds first_draw{500};    // redraw: nothing for a task done sooner
  std::chrono::milliseconds line_every{10000};  // lines: the first after this, then as often
  size_t width = 80;  // redraw: terminal columns; a line is cut to width - 1, never wraps
};

std::unique_ptr<Progress> make_progress(ProgressOptions options);

// What a command uses: decides by itself from stderr and the environment (above).
std::unique_ptr<Progress> make_progress();

// Erases the line a Progress from make_progress() has drawn on the terminal, if any:
// for a writer that bypasses std::cerr (log() writes with fwrite) to call before it
// writes a whole line, so that line does not start glued to the progress line.
void clear_progress_line();

// The options make_progress() picks: `tty` whether stderr is a terminal, then the
// values of TERM, DESKPULSE_PROGRESS and DESKPULSE_PROGRESS_INTERVAL (null: unset).
ProgressOptions progress_options(bool tty, const char* term, const char* mode,
                                 const char* interval);

// The text pieces: "1,234,567"; "999 B", "12.3 kB", "45.2 MB", "1.5 GB" (powers of
// 1000); "0:07", "12:05", "1:02:03".
std::string format_count(uint64_t n);
std::string format_bytes(uint64_t n);
std::string format_duration(std::chrono::seconds s);

// A task's line after `elapsed`: running (percent, rate, ETA) or `final` (how long it
// took and the average rate).
std::string progress_text(const ProgressStep& s, std::chrono::milliseconds elapsed, bool final);

}  // namespace dp::ops
