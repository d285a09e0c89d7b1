// Whole lines of a growing file, from a byte offset, in bounded memory. A last line
// without its newline is not returned: the writer may still be appending to it.
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

  static Result<LineReader> open(const std::string& path, uint64_t offset);

  // The next line without "\n" or "\r\n"; valid until the next call.
  std::optional<std::string_view> next();
  // Byte offset just past the newline of the last line returned.
  uint64_t offset() const { return offset_; }
  bool too_long() const { return too_long_; }

 private:
  struct Close {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  bool fill();

  std::unique_ptr<FILE, Close> file_;
  std::string buf_;
  size_t pos_ = 0, end_ = 0;
  uint64_t offset_ = 0;
  uint64_t skipped_ = 0;  // bytes of an over-long line dropped so far
  bool skipping_ = false, too_long_ = false, eof_ = false;
};

}  // namespace dp::files
