// Following a file that grows and gets rotated, by whole lines (I/O, small): the one
// tailer of the connectors that read files (files: NDJSON/CSV, asterisk: queue_log
// and Master.csv). A connector opens a Tail at its stored Position, takes lines,
// and stores the Position after the last line it used (cursor()).
//
// The contract:
// - The position is the file's inode, a byte offset at a line start, the number of
//   lines taken from that inode (for "file:line") and a hash of the file's first
//   min(offset, kHeadBytes) bytes.
// - Same inode, same size or larger, same head: reading goes on at the offset.
// - The inode changed (logrotate renamed the file and the writer opened a new one):
//   the rest of the old inode is read first if it is still at `<path>.1`, as a whole
//   file (its last line counts without a line end: it will not grow any more); once
//   it is done, cursor() is the start of the new file. If the old file is gone, the
//   new file is read from 0 and a note says lines may be lost.
// - The file shrank under the same inode (copytruncate), or its first bytes changed
//   (rewritten in place, or a new file under a reused inode): read again from 0, with
//   a note. A position whose head is not known (a cursor written before the head was
//   kept) is checked by inode and size only, and gets a head from then on.
// - Lines end at "\n", "\r\n" or "\r"; a UTF-8 BOM at the start is skipped. A last
//   line without its line end is left for the next read, since the writer may still
//   be appending (so is one ending in a lone "\r": it may be the first half of
//   "\r\n"), unless Options::final says the file is whole (a one-shot import): then
//   it is a line. A "\n" that arrives after a "\r" taken alone ends nothing.
// - Only regular files are read: a FIFO, device, directory or socket is an error
//   naming the path (Error::where) and what it is. A symbolic link is refused unless
//   Options::follow_symlinks.
// - A line longer than kMaxLine (16 MiB) or holding NUL bytes comes back with `bad`
//   set and no text, numbered, for the caller to reject with file:line. A too-long
//   line still being written is passed over as it grows (Position::skipping), never
//   held in memory and reported once.
// - Nothing is skipped: the position only moves past lines returned by next(), so a
//   caller that stores cursor(p) for the last line it stored never loses one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connector/source.h"
#include "model/json.h"
#include "model/result.h"
#include "tail/line_reader.h"

namespace dp::tail {

inline constexpr uint64_t kHeadBytes = 256;

struct Position {
  uint64_t inode = 0;  // 0 = not started
  uint64_t offset = 0;
  uint64_t line = 0;  // lines taken from this inode, for file:line
  // FNV-1a of the first min(offset, kHeadBytes) bytes; nullopt = not known.
  std::optional<uint64_t> head;
  bool skipping = false;  // offset is inside a too-long line, already reported
};

struct Options {
  bool final = false;            // the file is whole: take a last line without its end
  bool follow_symlinks = false;  // read a symbolic link's target (a configured path)
};

struct Line {
  std::string_view text;  // without its line end; empty when bad; valid until next()
  uint64_t number = 0;    // 1-based, in the file being read
  Bad bad = Bad::none;
};

class Tail {
 public:
  static constexpr size_t kMaxLine = LineReader::kMaxLine;

  // Opens `path` at `from`, after the checks above (their notes in notes()).
  static Result<Tail> open(const std::string& path, const Position& from, Options options = {});

  // The next whole line; nullopt when there is none now (error() says whether a read
  // failed). A line's position (after it) is position() until the next call.
  std::optional<Line> next();
  const Position& position() const { return pos_; }
  // Goes back to `p`, a position() this Tail gave (a caller that read ahead).
  Result<void> rewind(const Position& p);
  // What to store for `p` (a position() of this Tail): its head filled in, and, once
  // the rotated file is read to its end, the start of the new file.
  Position cursor(const Position& p) const;
  Position cursor() const { return cursor(pos_); }

  const std::string& file() const { return reader_.file().path(); }  // <path> or <path>.1
  std::string where(const Line& l) const { return file() + ":" + std::to_string(l.number); }
  bool rotated() const { return rotated_; }  // reading the old file, `<path>.1`
  bool final() const { return final_; }      // a last line without its end is taken
  bool at_end() { return reader_.at_end(); }
  const std::string& error() const { return reader_.error(); }  // "" unless a read failed
  std::vector<Rejection>& notes() { return notes_; }

 private:
  Tail(LineReader reader, Position pos, bool final, bool rotated, uint64_t next_inode)
      : reader_(std::move(reader)),
        pos_(pos),
        final_(final),
        rotated_(rotated),
        next_inode_(next_inode) {}

  LineReader reader_;
  Position pos_;
  bool final_ = false, rotated_ = false;
  uint64_t next_inode_ = 0;  // the new file's inode, while reading the rotated one
  std::vector<Rejection> notes_;
};

// Up to `max_lines` lines from `from` (bad ones as notes "<file>:<line>", counted in
// max_lines): what a log connector takes in one poll.
struct TailLine {
  std::string where;  // "<file>:<line>"
  std::string text;
};

struct TailRead {
  std::vector<TailLine> lines;
  Position next;
  std::vector<Rejection> notes;  // rotation that lost lines, truncation, bad lines
  bool more = false;             // stopped at max_lines, or finished the rotated file
};

Result<TailRead> tail_read(const std::string& path, const Position& from, size_t max_lines,
                           Options options = {});

// The position as fields of a JSON object: "offset", "line", "inode", "head" (16 hex
// digits: JSON numbers lose precision past 2^53) and "skipping" when set. read_position
// takes a cursor an older version wrote: "head" as a number (a hash of the first line)
// is not known, so the next read checks inode and size only.
void write_position(json::Writer& w, const Position& p);
Result<Position> read_position(const json::Value& obj);

}  // namespace dp::tail
