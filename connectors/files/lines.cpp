#include "files/lines.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dp::files {

std::string file_type_name(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "a regular file";
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFSOCK:
      return "a socket";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFLNK:
      return "a symbolic link";
  }
  return "not a file";
}

Result<LineReader> LineReader::open(const std::string& path, uint64_t offset, bool whole_file) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) return make_error("a symbolic link (refused)", path);
    return make_error(std::strerror(errno), path);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    int err = errno;
    ::close(fd);
    return make_error(S_ISREG(st.st_mode)
                          ? std::strerror(err)
                          : "not a regular file (" + file_type_name(st.st_mode) + ")",
                      path);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  LineReader r;
  r.file_.reset(::fdopen(fd, "rb"));
  if (!r.file_) {
    ::close(fd);
    return make_error(std::strerror(errno), path);
  }
  r.path_ = path;
  r.whole_file_ = whole_file;
  r.buf_.resize(1u << 20);
  if (auto s = r.seek(offset); !s) return s.error();
  return r;
}

Result<void> LineReader::seek(uint64_t offset) {
  pos_ = end_ = 0;
  skipped_ = 0;
  skipping_ = too_long_ = eof_ = false;
  offset_ = offset;
  // A BOM at the top is not data; an LF right after a CR that ended the last line
  // read (a tail that stopped between the two) is the rest of that line end.
  uint64_t from = offset ? offset - 1 : 0;
  if (fseeko(file_.get(), off_t(from), SEEK_SET) != 0)
    return make_error(std::strerror(errno), path_);
  char head[3] = {};
  size_t got = std::fread(head, 1, sizeof head, file_.get());
  if (offset == 0 && got == 3 && std::memcmp(head, "\xEF\xBB\xBF", 3) == 0)
    offset_ = 3;
  else if (offset > 0 && got >= 2 && head[0] == '\r' && head[1] == '\n')
    offset_ = offset + 1;
  if (fseeko(file_.get(), off_t(offset_), SEEK_SET) != 0)
    return make_error(std::strerror(errno), path_);
  return {};
}

// Moves the unread tail to the front and reads more; false at end of file.
bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= kMaxLine) {
      skipping_ = true;
      skipped_ += end_;
      end_ = 0;
    } else {
      buf_.resize(buf_.size() * 2);
    }
  }
  size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_.get());
  end_ += n;
  if (n == 0) {
    eof_ = true;
    if (std::ferror(file_.get())) read_error_ = std::strerror(errno);
  }
  return n > 0;
}

std::string_view LineReader::take(size_t len, size_t end_len) {
  const char* start = buf_.data() + pos_;
  offset_ += skipped_ + len + end_len;
  pos_ += len + end_len;
  too_long_ = skipping_;
  skipping_ = false;
  skipped_ = 0;
  if (too_long_) return std::string_view();
  return std::string_view(start, len);
}

std::optional<std::string_view> LineReader::next() {
  while (true) {
    const char* start = buf_.data() + pos_;
    const size_t avail = end_ - pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    const size_t limit = nl ? size_t(nl - start) : avail;
    const char* cr = static_cast<const char*>(std::memchr(start, '\r', limit));
    const size_t len = cr ? size_t(cr - start) : limit;
    if (len < avail) {
      if (start[len] == '\n') return take(len, 1);
      if (len + 1 < avail) return take(len, start[len + 1] == '\n' ? 2 : 1);
      // A CR last in the buffer: an LF may follow. At the end of the file it ends
      // the line alone (seek() skips the LF if one is appended later).
      if (!eof_) {
        fill();
        continue;
      }
      return take(len, 1);
    }
    if (!fill()) {
      if (read_error_.empty() && whole_file_ && (end_ > pos_ || skipping_))
        return take(end_ - pos_, 0);
      return std::nullopt;
    }
  }
}

}  // namespace dp::files
