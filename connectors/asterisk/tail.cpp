#include "asterisk/tail.h"

#include <sys/stat.h>

#include <fstream>

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

// Reads complete lines from `pos`; with `final_file` a last line without newline is
// taken too (a rotated file will not grow any more). Returns true at end of file.
bool read_lines(const std::string& path, TailPosition& pos, size_t max_lines, bool final_file,
                std::vector<TailLine>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return true;
  in.seekg(std::streamoff(pos.offset));
  std::string text;
  size_t taken = 0;
  while (taken < max_lines && std::getline(in, text)) {
    bool complete = !in.eof();
    if (!complete && !final_file) return true;  // half-written: next time
    pos.offset += text.size() + (complete ? 1 : 0);
    ++pos.line;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    out.push_back({path + ":" + std::to_string(pos.line), std::move(text)});
    ++taken;
    if (!complete) return true;
  }
  return in.peek() == std::ifstream::traits_type::eof();
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
  auto cur = stat_file(path);
  if (!cur) return make_error("cannot read " + path);
  TailPosition pos = from;
  if (pos.inode != 0 && pos.inode != cur->inode) {
    std::string rotated = path + ".1";
    auto old = stat_file(rotated);
    if (old && old->inode == pos.inode) {
      if (old->size > pos.offset) {
        bool at_end = read_lines(rotated, pos, max_lines, true, r.lines);
        r.next = at_end ? TailPosition{cur->inode, 0, 0, 0} : pos;
        r.more = true;
        return r;
      }
    } else {
      r.notes.push_back({path, "",
                         "rotated file (inode " + std::to_string(pos.inode) + ") not found at " +
                             rotated + "; lines written to it after the last read are lost"});
    }
    pos = TailPosition{cur->inode, 0, 0, 0};
  } else if (pos.inode == 0) {
    pos = TailPosition{cur->inode, 0, 0, 0};
  } else if (cur->size < pos.offset) {
    r.notes.push_back({path, "", "file shrank (truncated in place); reading again from the start"});
    pos = TailPosition{cur->inode, 0, 0, 0};
  } else if (pos.head != 0 && head_hash(path) != pos.head) {
    r.notes.push_back({path, "",
                       "file replaced (its first line changed); reading the new one "
                       "from the start, lines the old one gained are lost"});
    pos = TailPosition{cur->inode, 0, 0, 0};
  }
  bool at_end = read_lines(path, pos, max_lines, false, r.lines);
  if (pos.head == 0 && pos.offset > 0) pos.head = head_hash(path);
  r.next = pos;
  r.more = !at_end;
  return r;
}

Result<void> TailedFileSource::health_check() {
  std::ifstream in(path_);
  if (!in) return make_error("cannot read " + path_, name_);
  return {};
}

void write_position(json::Writer& w, const TailPosition& p) {
  w.field("inode", int64_t(p.inode));
  w.field("offset", int64_t(p.offset));
  w.field("line", int64_t(p.line));
  w.field("head", int64_t(p.head));
}

TailPosition read_position(const json::Value& cursor) {
  TailPosition p;
  p.inode = uint64_t(json::get_int(cursor, "inode").value_or(0));
  p.offset = uint64_t(json::get_int(cursor, "offset").value_or(0));
  p.line = uint64_t(json::get_int(cursor, "line").value_or(0));
  p.head = uint64_t(json::get_int(cursor, "head").value_or(0));
  return p;
}

}  // namespace dp::asterisk
