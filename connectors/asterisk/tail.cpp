#include "asterisk/tail.h"

#include <sys/stat.h>

#include <fstream>

#include "asterisk/lines.h"

namespace dp::asterisk {

namespace {

struct FileInfo {
  uint64_t inode = 0;
  uint64_t size = 0;
};

std::optional<FileInfo> stat_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileInfo{uint64_t(st.st_ino), uint64_t(st.st_size)};
}

TailPosition start_of(uint64_t inode) {
  TailPosition p;
  p.inode = inode;
  return p;
}

// Reads whole lines from `pos`; with `final_file` a last line without its line end is
// taken too (a rotated file will not grow any more). Lines too long or with NUL bytes
// become notes. Returns true at the end of the file.
Result<bool> read_lines(const std::string& path, TailPosition& pos, size_t max_lines,
                        bool final_file, TailRead& r) {
  auto in = LineReader::open(path, pos.offset, pos.skipping);
  if (!in) return in.error();
  for (size_t taken = 0; taken < max_lines;) {
    auto l = in->next();
    if (!l) break;
    if (l->rest) {  // of a too-long line, reported when it began
      pos.offset = in->offset();
      pos.skipping = !l->ended && !final_file;
      continue;
    }
    bool too_long = l->bad == LineReader::Bad::too_long;
    // Half written: read next time. Unless it is too long already: then the bytes
    // written so far are passed over now, and the rest of it next time.
    if (!l->ended && !final_file && !too_long) return true;
    pos.offset = in->offset();
    ++pos.line;
    std::string where = path + ":" + std::to_string(pos.line);
    if (l->bad != LineReader::Bad::none)
      r.notes.push_back({where, "", bad_line_message(l->bad)});
    else
      r.lines.push_back({std::move(where), std::string(l->text)});
    pos.skipping = too_long && !l->ended && !final_file;
    ++taken;
  }
  if (!in->error().empty()) return make_error("cannot read " + path + ": " + in->error());
  return in->at_end();
}

// FNV-1a of the first line (at most 256 bytes): tells a new file from the old one
// when the inode number was reused. 0 while the first line is not complete.
uint64_t head_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[256];
  in.read(buf, sizeof buf);
  std::string_view text(buf, size_t(in.gcount()));
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos && text.size() < sizeof buf) return 0;
  uint64_t h = 1469598103934665603ull;
  for (char c : text.substr(0, nl)) h = (h ^ uint8_t(c)) * 1099511628211ull;
  return h | 1;  // never 0
}

}  // namespace

Result<TailRead> tail_read(const std::string& path, const TailPosition& from, size_t max_lines) {
  TailRead r;
  if (auto ok = check_regular_file(path); !ok) return ok.error();
  auto cur = stat_file(path);
  if (!cur) return make_error("cannot read " + path);
  TailPosition pos = from;
  if (pos.inode != 0 && pos.inode != cur->inode) {
    std::string rotated = path + ".1";
    auto old = stat_file(rotated);
    if (old && old->inode == pos.inode) {
      if (old->size > pos.offset) {
        auto at_end = read_lines(rotated, pos, max_lines, true, r);
        if (!at_end) return at_end.error();
        r.next = *at_end ? start_of(cur->inode) : pos;
        r.more = true;
        return r;
      }
    } else {
      r.notes.push_back({path, "",
                         "rotated file (inode " + std::to_string(pos.inode) + ") not found at " +
                             rotated + "; lines written to it after the last read are lost"});
    }
    pos = start_of(cur->inode);
  } else if (pos.inode == 0) {
    pos = start_of(cur->inode);
  } else if (cur->size < pos.offset) {
    r.notes.push_back({path, "", "file shrank (truncated in place); reading again from the start"});
    pos = start_of(cur->inode);
  } else if (pos.head != 0 && head_hash(path) != pos.head) {
    r.notes.push_back({path, "",
                       "file replaced (its first line changed); reading the new one "
                       "from the start, lines the old one gained are lost"});
    pos = start_of(cur->inode);
  }
  auto at_end = read_lines(path, pos, max_lines, false, r);
  if (!at_end) return at_end.error();
  if (pos.head == 0 && pos.offset > 0) pos.head = head_hash(path);
  r.next = pos;
  r.more = !*at_end;
  return r;
}

Result<void> TailedFileSource::health_check() {
  if (auto ok = check_regular_file(path_); !ok) return make_error(ok.error().message, name_);
  return {};
}

void write_position(json::Writer& w, const TailPosition& p) {
  w.field("inode", int64_t(p.inode));
  w.field("offset", int64_t(p.offset));
  w.field("line", int64_t(p.line));
  w.field("head", int64_t(p.head));
  w.field("skipping", p.skipping);
}

TailPosition read_position(const json::Value& cursor) {
  TailPosition p;
  p.inode = uint64_t(json::get_int(cursor, "inode").value_or(0));
  p.offset = uint64_t(json::get_int(cursor, "offset").value_or(0));
  p.line = uint64_t(json::get_int(cursor, "line").value_or(0));
  p.head = uint64_t(json::get_int(cursor, "head").value_or(0));
  p.skipping = json::get_bool(cursor, "skipping").value_or(false);
  return p;
}

}  // namespace dp::asterisk
