// The file source's cursor: per file, its tail position (tail/tail.h: inode, offset at
// a line boundary, lines consumed, a hash of the file's head) and whether a problem
// with it was reported.
#pragma once

#include <map>
#include <string>

#include "model/result.h"
#include "tail/tail.h"

namespace dp::files {

struct FileMark : tail::Position {
  // A problem with this file (refused or unreadable) was reported for this inode:
  // a tail reports it once, not on every poll.
  bool reported = false;
};

using FileCursor = std::map<std::string, FileMark>;  // by file name

// "" -> empty cursor. JSON: {"tickets.ndjson": {"offset": N, "line": L, ...}, ...}
Result<FileCursor> parse_cursor(const std::string& text);
std::string format_cursor(const FileCursor& c);

}  // namespace dp::files
