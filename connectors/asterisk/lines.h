// Lines of an Asterisk log file, in bounded memory (I/O, small). Shared by the tailer
// (tail.h) and the one-shot reads of `deskpulse import` / `compute --source`.
//
// - Only regular files are read: a FIFO would block forever, /dev/zero never ends,
//   a directory has no lines. open() refuses them with the path and what it is.
// - A line ends at "\n", "\r\n" or a lone "\r" (old exports). A "\r" that is the last
//   byte read may be the first half of a "\r\n": such a line is returned with
//   ended = false, like a last line without any line end.
// - A line longer than kMaxLine (the files connector's cap) is skipped whole, its
//   bytes never held; a line with a NUL byte (a crash leaves runs of them) is not a
//   line either. Both come back as a Line with `bad` set, for the caller to report
//   with file:line.
// - A UTF-8 BOM at the very start of the file is not part of the first line.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asterisk/text.h"
#include "connector/source.h"
#include "files/lines.h"
#include "model/result.h"

namespace dp::asterisk {

class LineReader {
 public:
  static constexpr size_t kMaxLine = files::LineReader::kMaxLine;

  enum class Bad { none, too_long, nul };
  struct Line {
    std::string_view text;  // without its line end; empty when bad; valid until next()
    Bad bad = Bad::none;
    bool ended = true;  // false: the file's last bytes, with no (certain) line end
    bool rest = false;  // the end of a too-long line begun before open(..., skipping)
  };

  // `skipping`: the offset is inside a line already reported as too long; its rest is
  // returned first, with `rest` set.
  static Result<LineReader> open(const std::string& path, uint64_t offset, bool skipping = false);
  LineReader(LineReader&&) noexcept;
  LineReader& operator=(LineReader&&) = delete;
  ~LineReader();

  std::optional<Line> next();                  // nullopt at the end of the file (or a read error)
  uint64_t offset() const { return offset_; }  // just past the last line returned
  bool at_end();                               // nothing more to read now
  const std::string& error() const { return error_; }  // why reading stopped early

 private:
  LineReader() = default;
  bool fill();
  Line take(size_t len, size_t end_len, bool ended);

  int fd_ = -1;
  std::string buf_;
  size_t pos_ = 0, scan_ = 0, end_ = 0;  // line start, where the search for its end is, data end
  uint64_t offset_ = 0;
  uint64_t skipped_ = 0;  // bytes of a too-long line dropped so far
  bool skipping_ = false, rest_ = false, at_start_ = false, eof_ = false;
  std::string error_;
};

// A regular file that can be opened for reading, else an error naming the path and
// what it is ("is a directory", "is a FIFO (named pipe)", ...).
Result<void> check_regular_file(const std::string& path);

// Every line of a whole file, the last one with or without its line end. Bad lines
// (too long, NUL bytes) become rejections "<path>:<line>"; blank lines are passed on.
// With `replaced`, lines holding bytes that sanitize_utf8 replaces are counted there.
Result<void> for_each_line(const std::string& path,
                           const std::function<void(uint64_t line, std::string_view text)>& take,
                           std::vector<Rejection>& rejected, ReplacedBytes* replaced = nullptr);

// The message for a bad line.
std::string bad_line_message(LineReader::Bad bad);

}  // namespace dp::asterisk
