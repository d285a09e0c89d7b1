#include "tail/tail.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

namespace dp::tail {

namespace {

// FNV-1a 64, as files/hash.h (cursors written before the tailer was shared keep matching).
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Of the first min(n, kHeadBytes) bytes of the open file, not of the path: what was
// read is what is hashed, even when the path is replaced meanwhile.
uint64_t head_of(const File& f, uint64_t n) {
  char buf[kHeadBytes];
  ssize_t got = ::pread(f.fd(), buf, size_t(std::min(n, kHeadBytes)), 0);
  return fnv1a(std::string_view(buf, got > 0 ? size_t(got) : 0));
}

Position start_of(uint64_t inode) {
  Position p;
  p.inode = inode;
  p.head = fnv1a("");
  return p;
}

std::string hex16(uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[size_t(i)] = digits[v & 15];
  return out;
}

}  // namespace

Result<Tail> Tail::open(const std::string& path, const Position& from, Options options) {
  auto cur = File::open(path, options.follow_symlinks);
  if (!cur) return cur.error();
  std::vector<Rejection> notes;
  Position pos = from;
  std::optional<File> old;  // the rotated file, while it has lines left
  if (pos.inode == 0) {
    pos = start_of(cur->inode());
  } else if (pos.inode != cur->inode()) {
    std::string rotated = path + ".1";
    auto f = File::open(rotated, options.follow_symlinks);
    if (f && f->inode() == pos.inode) {
      if (f->size() > pos.offset) old = std::move(*f);
    } else {
      notes.push_back({path, "",
                       "file replaced (inode " + std::to_string(pos.inode) + ", read before, is " +
                           "not at " + rotated + "); reading the new one from the start, lines " +
                           "the old one gained after the last read are lost"});
    }
    if (!old) pos = start_of(cur->inode());
  } else if (cur->size() < pos.offset) {
    notes.push_back({path, "", "file shrank (truncated in place); reading again from the start"});
    pos = start_of(cur->inode());
  } else if (pos.head && *pos.head != head_of(*cur, pos.offset)) {
    notes.push_back({path, "",
                     "file replaced (its first bytes changed); reading the new one from the "
                     "start, lines the old one gained are lost"});
    pos = start_of(cur->inode());
  }
  uint64_t next_inode = cur->inode();
  bool rotated = old.has_value();
  LineReader reader(rotated ? std::move(*old) : std::move(*cur));
  if (auto s = reader.seek(pos.offset, pos.skipping); !s) return s.error();
  Tail t(std::move(reader), pos, options.final || rotated, rotated, next_inode);
  t.notes_ = std::move(notes);
  return t;
}

std::optional<Line> Tail::next() {
  while (true) {
    auto l = reader_.next();
    if (!l) return std::nullopt;
    if (l->rest) {  // of a too-long line, reported when it began
      pos_.offset = reader_.offset();
      pos_.skipping = !l->ended && !final_;
      continue;
    }
    bool too_long = l->bad == Bad::too_long;
    // Half written: read next time. Unless it is too long already: then the bytes
    // written so far are passed over now, and the rest of it next time.
    if (!l->ended && !final_ && !too_long) return std::nullopt;
    pos_.offset = reader_.offset();
    pos_.skipping = too_long && !l->ended && !final_;
    return Line{l->text, ++pos_.line, l->bad};
  }
}

Result<void> Tail::rewind(const Position& p) {
  pos_ = p;
  return reader_.seek(p.offset, p.skipping);
}

Position Tail::cursor(const Position& p) const {
  const File& f = reader_.file();
  if (rotated_) {
    struct stat st {};
    if (::fstat(f.fd(), &st) == 0 && p.offset >= uint64_t(st.st_size)) return start_of(next_inode_);
  }
  Position c = p;
  c.head = head_of(f, p.offset);
  return c;
}

Result<TailRead> tail_read(const std::string& path, const Position& from, size_t max_lines,
                           Options options) {
  auto t = Tail::open(path, from, options);
  if (!t) return make_error("cannot read " + t.error().where + ": " + t.error().message);
  TailRead r;
  r.notes = std::move(t->notes());
  size_t taken = 0;
  for (; taken < max_lines; ++taken) {
    auto l = t->next();
    if (!l) break;
    std::string where = t->where(*l);
    if (l->bad != Bad::none)
      r.notes.push_back({std::move(where), "", bad_line_message(l->bad)});
    else
      r.lines.push_back({std::move(where), std::string(l->text)});
  }
  if (!t->error().empty()) return make_error("cannot read " + t->file() + ": " + t->error());
  r.next = t->cursor();
  r.more = t->rotated() || (taken == max_lines && !t->at_end());
  return r;
}

void write_position(json::Writer& w, const Position& p) {
  w.field("offset", int64_t(p.offset));
  w.field("line", int64_t(p.line));
  w.field("inode", int64_t(p.inode));
  if (p.head) w.field("head", hex16(*p.head));
  if (p.skipping) w.field("skipping", true);
}

Result<Position> read_position(const json::Value& obj) {
  if (!obj.IsObject()) return make_error("a position is an object");
  bool bad = false;
  Position p;
  auto count = [&](const char* key) {
    int64_t v = json::get_int(obj, key, &bad).value_or(0);
    bad = bad || v < 0;
    return uint64_t(v);
  };
  p.offset = count("offset");
  p.line = count("line");
  p.inode = count("inode");
  p.skipping = json::get_bool(obj, "skipping", &bad).value_or(false);
  if (const json::Value* h = json::member(obj, "head"); h && h->IsString()) {
    std::string_view text(h->GetString(), h->GetStringLength());
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    bad = bad || ec != std::errc() || end != text.data() + text.size();
    p.head = v;
  } else if (h && !h->IsNull() && !h->IsNumber()) {
    bad = true;  // a number: the first line's hash, as an older version kept it (not known)
  }
  if (bad) return make_error("bad position: offset, line, inode, head or skipping");
  return p;
}

}  // namespace dp::tail
