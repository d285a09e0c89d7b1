// Lines of one regular file from a byte offset, in bounded memory (I/O, small): the
// low level of the tailer (tail.h), which is what connectors use.
//
// - Only regular files: a FIFO would block forever, /dev/zero never ends, a directory
//   has no lines. The file is opened without blocking and checked with fstat on what
//   was opened, so nothing can be swapped in between. A symbolic link is refused
//   (O_NOFOLLOW) unless the caller asks to follow it.
// - A line ends at "\n", "\r\n" or a lone "\r". A "\r" that is the last byte read may
//   be the first half of a "\r\n": that line comes back with ended = false, like a
//   last line without any line end. Opened at an offset right after a "\r" that is
//   followed by "\n" (a whole-file read took the "\r" alone, the "\n" came later),
//   the "\n" is skipped as the rest of that line end.
// - A line longer than kMaxLine is skipped whole, its bytes never held; a line with a
//   NUL byte (a crash leaves runs of them) is not a line either. Both come back with
//   `bad` set and no text, for the caller to report with file:line.
// - A UTF-8 BOM at the very start of the file is not part of the first line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.h"

namespace dp::tail {

enum class Bad { none, too_long, nul };

// The message for a bad line: "line longer than 16777216 bytes; skipped ...".
std::string bad_line_message(Bad bad);

// What `mode` (from stat) is, for messages: "a directory", "a FIFO", ...
std::string file_type_name(unsigned mode);

// An open regular file. Errors say why in `message` ("Permission denied", "not a
// regular file (a directory)", "a symbolic link (refused)") with the path as `where`.
class File {
 public:
  static Result<File> open(const std::string& path, bool follow_symlinks);
  File(File&& o) noexcept;
  File& operator=(File&& o) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File();

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  uint64_t inode() const { return inode_; }
  uint64_t size() const { return size_; }  // when opened

 private:
  File() = default;
  int fd_ = -1;
  std::string path_;
  uint64_t inode_ = 0, size_ = 0;
};

// Opens and closes `path`: a regular file that can be read, or the error File::open gives.
Result<void> check_regular_file(const std::string& path, bool follow_symlinks);

class LineReader {
 public:
  // Lines longer than this are bad (too_long): the cap of every connector that reads files.
  static constexpr size_t kMaxLine = 16u << 20;

  struct Line {
    std::string_view text;  // without its line end; empty when bad; valid until next()
    Bad bad = Bad::none;
    bool ended = true;  // false: the file's last bytes, with no (certain) line end
    bool rest = false;  // the end of a too-long line begun before seek(..., skipping)
  };

  explicit LineReader(File file);
  LineReader(LineReader&&) noexcept = default;
  LineReader& operator=(LineReader&&) noexcept = default;

  // Reads on from `offset`, a line start. `skipping`: the offset is inside a line
  // already reported as too long; its rest is returned first, with `rest` set.
  Result<void> seek(uint64_t offset, bool skipping = false);
  std::optional<Line> next();                  // nullopt at the end of the file (or a read error)
  uint64_t offset() const { return offset_; }  // just past the last line returned
  bool at_end();                               // nothing more to read now
  const std::string& error() const { return error_; }  // why reading stopped early
  const File& file() const { return file_; }

 private:
  bool fill();
  Line take(size_t len, size_t end_len, bool ended);

  File file_;
  std::string buf_;
  size_t pos_ = 0, scan_ = 0, end_ = 0;  // line start, where the search for its end is, data end
  uint64_t offset_ = 0;
  uint64_t skipped_ = 0;  // bytes of a too-long line dropped so far
  bool skipping_ = false, rest_ = false, at_start_ = false, eof_ = false;
  std::string error_;
};

}  // namespace dp::tail
