// Reading whole lines from a log file that grows and gets rotated (I/O, small).
// The position is the file's inode and a byte offset at a line start. When the inode
// changed (logrotate renamed the file and Asterisk opened a new one), the rest of the
// old inode is read first if it is still at `<path>.1`, then the new file from 0; if
// the old file is gone, reading restarts at 0 on the new one and the lost tail is
// reported. A file that shrank under the same inode (copytruncate) restarts at 0, and
// so does one whose first line changed: file systems reuse a deleted file's inode.
// A last line without its newline is left for the next read: it may be half written
// (so is one ending in a lone "\r": it may be the first half of "\r\n"). Lines end at
// "\n", "\r\n" or "\r"; a UTF-8 BOM at the start of the file is skipped. Only regular
// files are read: a FIFO, device, directory or socket is an error naming the path and
// what it is. A line longer than LineReader::kMaxLine (16 MiB, as the files connector)
// or holding NUL bytes is not returned but reported in `notes` with file:line; a
// too-long line still being written is passed over as it grows (`skipping`), never
// held in memory. Lines read are in order; rejected lines count in max_lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connector/source.h"
#include "model/json.h"
#include "model/result.h"

namespace dp::asterisk {

struct TailPosition {
  uint64_t inode = 0;  // 0 = not started
  uint64_t offset = 0;
  uint64_t line = 0;      // lines read so far in this inode, for file:line
  uint64_t head = 0;      // hash of the file's first line once read; 0 = not yet
  bool skipping = false;  // offset is inside a too-long line, already reported
};

struct TailLine {
  std::string where;  // "<file>:<line>"
  std::string text;
};

struct TailRead {
  std::vector<TailLine> lines;
  TailPosition next;
  std::vector<Rejection> notes;  // rotation that lost lines, truncation, bad lines
  bool more = false;             // stopped at max_lines, or switched files
};

Result<TailRead> tail_read(const std::string& path, const TailPosition& from, size_t max_lines);

// What both Asterisk sources share: a name and one file that must be readable.
class TailedFileSource : public Source {
 public:
  std::string name() const override { return name_; }
  Result<void> health_check() override;  // the file can be opened

 protected:
  TailedFileSource(std::string name, std::string path)
      : name_(std::move(name)), path_(std::move(path)) {}
  std::string name_;
  std::string path_;
};

// The position inside a source's JSON cursor, shared by both Asterisk sources.
void write_position(json::Writer& w, const TailPosition& p);
TailPosition read_position(const json::Value& cursor);

}  // namespace dp::asterisk
