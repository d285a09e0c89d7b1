// The file source's cursor: per file, how far it has been read. Kept with the
// inode and a fingerprint of the file's head so a rewritten file is read again from
// the start instead of from the middle of different content.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "model/result.h"

namespace dp::files {

struct FileMark {
  uint64_t offset = 0;  // bytes consumed (always at a line boundary)
  uint64_t line = 0;    // lines consumed, for "file:line" in rejections
  uint64_t inode = 0;
  uint64_t head = 0;  // hash of the first min(offset, kHeadBytes) bytes
  // A problem with this file (refused or unreadable) was reported for this inode:
  // a tail reports it once, not on every poll.
  bool reported = false;
};

inline constexpr uint64_t kHeadBytes = 256;

using FileCursor = std::map<std::string, FileMark>;  // by file name

// "" -> empty cursor. JSON: {"tickets.ndjson": {"offset": N, "line": L, ...}, ...}
Result<FileCursor> parse_cursor(const std::string& text);
std::string format_cursor(const FileCursor& c);

// Hash of the first `n` bytes of `path`; 0 when unreadable.
uint64_t head_hash(const std::string& path, uint64_t n);

}  // namespace dp::files
