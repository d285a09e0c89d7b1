// Whole lines of a file, from a byte offset, in bounded memory. A line ends at "\n",
// "\r\n" or a lone "\r". A last line without its line end is returned only when the
// reader is told the file is whole (a one-shot import); a tail leaves it for the next
// poll, since the writer may still be appending to it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.h"

namespace dp::files {

class LineReader {
 public:
  // Lines longer than this are skipped whole and reported with too_long().
  static constexpr size_t kMaxLine = 16u << 20;

  // Opens a regular file only: a symbolic link, directory, FIFO, socket or device
  // is an error (O_NOFOLLOW, then fstat on what was opened, so nothing is swapped in
  // between). At offset 0 a UTF-8 byte order mark is skipped.
  static Result<LineReader> open(const std::string& path, uint64_t offset, bool whole_file);

  // The next line without its line end; valid until the next call.
  std::optional<std::string_view> next();
  // Byte offset just past the line end of the last line returned.
  uint64_t offset() const { return offset_; }
  bool too_long() const { return too_long_; }
  // Why reading stopped early ("" at the end of the file).
  const std::string& read_error() const { return read_error_; }
  // Reads on from `offset`, a line boundary.
  Result<void> seek(uint64_t offset);

 private:
  struct Close {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  bool fill();
  std::string_view take(size_t len, size_t end_len);

  std::unique_ptr<FILE, Close> file_;
  std::string path_;
  std::string buf_;
  std::string read_error_;
  size_t pos_ = 0, end_ = 0;
  uint64_t offset_ = 0;
  uint64_t skipped_ = 0;  // bytes of an over-long line dropped so far
  bool skipping_ = false, too_long_ = false, eof_ = false, whole_file_ = false;
};

// What `mode` (from stat) is, for messages: "a directory", "a FIFO", ...
std::string file_type_name(unsigned mode);

}  // namespace dp::files
