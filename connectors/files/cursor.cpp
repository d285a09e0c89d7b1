#include "files/cursor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "files/hash.h"
#include "model/json.h"

namespace dp::files {

Result<FileCursor> parse_cursor(const std::string& text) {
  FileCursor c;
  if (text.empty()) return c;
  auto doc = json::parse(text);
  if (!doc) return make_error("bad files cursor: " + doc.error().message);
  if (!doc->IsObject()) return make_error("bad files cursor: not an object");
  for (const auto& m : doc->GetObject()) {
    FileMark f;
    bool bad = false;
    f.offset = uint64_t(json::get_int(m.value, "offset", &bad).value_or(0));
    f.line = uint64_t(json::get_int(m.value, "line", &bad).value_or(0));
    f.inode = uint64_t(json::get_int(m.value, "inode", &bad).value_or(0));
    f.reported = json::get_bool(m.value, "reported", &bad).value_or(false);
    // The hash is kept as text: JSON numbers lose precision past 2^53.
    std::string head = json::get_string(m.value, "head", &bad).value_or("0");
    auto [p, ec] = std::from_chars(head.data(), head.data() + head.size(), f.head, 16);
    bad = bad || ec != std::errc() || p != head.data() + head.size();
    if (bad || !m.value.IsObject()) return make_error("bad files cursor entry", m.name.GetString());
    c[m.name.GetString()] = f;
  }
  return c;
}

std::string format_cursor(const FileCursor& c) {
  json::Writer w;
  w.obj_begin();
  for (const auto& [name, f] : c) {
    w.key(name);
    w.obj_begin();
    w.field("offset", int64_t(f.offset));
    w.field("line", int64_t(f.line));
    w.field("inode", int64_t(f.inode));
    w.field("head", hex16(f.head));
    if (f.reported) w.field("reported", true);
    w.obj_end();
  }
  w.obj_end();
  return w.str();
}

uint64_t head_hash(const std::string& path, uint64_t n) {
  // Opened as LineReader opens (no link followed, no FIFO waited on).
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  char buf[kHeadBytes];
  ssize_t got = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    got = ::pread(fd, buf, size_t(std::min<uint64_t>(n, kHeadBytes)), 0);
  ::close(fd);
  return fnv1a(std::string_view(buf, got > 0 ? size_t(got) : 0));
}

}  // namespace dp::files
