#include "tail/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace dp::tail {

namespace {

// Room for the longest line allowed and a "\r\n": a line not ended within it is too long.
constexpr size_t kBufMax = LineReader::kMaxLine + 2;
constexpr size_t kBufStart = 256u << 10;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

Error not_regular(const std::string& path, unsigned mode) {
  return make_error("not a regular file (" + file_type_name(mode) + ")", path);
}

}  // namespace

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

std::string bad_line_message(Bad bad) {
  if (bad == Bad::too_long)
    return "line longer than " + std::to_string(LineReader::kMaxLine) +
           " bytes; skipped (no record or log line is this long: a damaged file?)";
  return "line with NUL bytes (a crash or a full disk leaves runs of them); skipped";
}

// Opened without blocking (a FIFO with no writer blocks a plain open) and checked on
// the open descriptor, so nothing can be swapped in between the check and the read.
Result<File> File::open(const std::string& path, bool follow_symlinks) {
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP && !follow_symlinks) return make_error("a symbolic link (refused)", path);
    struct stat st {};
    int got = follow_symlinks ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
    if (got == 0 && !S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
    return make_error(std::strerror(err), path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return make_error(std::strerror(err), path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return not_regular(path, st.st_mode);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  File f;
  f.fd_ = fd;
  f.path_ = path;
  f.inode_ = uint64_t(st.st_ino);
  f.size_ = uint64_t(st.st_size);
  return f;
}

File::File(File&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), path_(std::move(o.path_)), inode_(o.inode_), size_(o.size_) {}

File& File::operator=(File&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    path_ = std::move(o.path_);
    inode_ = o.inode_;
    size_ = o.size_;
  }
  return *this;
}

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> check_regular_file(const std::string& path, bool follow_symlinks) {
  auto f = File::open(path, follow_symlinks);
  if (!f) return f.error();
  return {};
}

LineReader::LineReader(File file) : file_(std::move(file)) {
  buf_.resize(kBufStart);
  at_start_ = true;
}

Result<void> LineReader::seek(uint64_t offset, bool skipping) {
  pos_ = scan_ = end_ = 0;
  skipped_ = 0;
  eof_ = false;
  error_.clear();
  offset_ = offset;
  skipping_ = rest_ = skipping;
  at_start_ = offset == 0 && !skipping;
  // A "\n" right after a "\r" that ended the last line read is the rest of that line end.
  char two[2];
  if (offset > 0 && !skipping && ::pread(file_.fd(), two, 2, off_t(offset - 1)) == 2 &&
      two[0] == '\r' && two[1] == '\n')
    ++offset_;
  if (::lseek(file_.fd(), off_t(offset_), SEEK_SET) < 0)
    return make_error(std::strerror(errno), file_.path());
  return {};
}

// Moves the unread part to the front and reads more; false at the end of the file.
bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    scan_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= kBufMax) {
      // No line end in kBufMax bytes: drop what is read of the line, but keep a last
      // "\r", whose "\n" may be the next byte.
      size_t keep = buf_[end_ - 1] == '\r' ? 1 : 0;
      skipped_ += end_ - keep;
      buf_[0] = buf_[end_ - 1];
      end_ = keep;
      scan_ = 0;
      skipping_ = true;
    } else {
      buf_.resize(std::min(buf_.size() * 2, kBufMax));
    }
  }
  while (true) {
    ssize_t n = ::read(file_.fd(), buf_.data() + end_, buf_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error_ = std::strerror(errno);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    end_ += size_t(n);
    return true;
  }
}

std::optional<LineReader::Line> LineReader::next() {
  while (true) {
    const char* b = buf_.data();
    size_t i = scan_;
    while (i < end_ && b[i] != '\n' && b[i] != '\r') ++i;
    scan_ = i;
    if (i < end_) {
      if (b[i] == '\r' && i + 1 == end_ && fill()) continue;  // "\r" or "\r\n"?
      b = buf_.data();
      i = scan_;  // fill() may have moved the data
      bool crlf = b[i] == '\r' && i + 1 < end_ && b[i + 1] == '\n';
      bool sure = !(b[i] == '\r' && i + 1 == end_);
      return take(i - pos_, crlf ? 2 : 1, sure);
    }
    if (fill()) continue;
    if (pos_ == end_ && skipped_ == 0) return std::nullopt;
    return take(end_ - pos_, 0, false);
  }
}

LineReader::Line LineReader::take(size_t len, size_t end_len, bool ended) {
  Line l;
  l.ended = ended;
  l.rest = rest_;
  std::string_view text(buf_.data() + pos_, len);
  offset_ += skipped_ + len + end_len;
  pos_ += len + end_len;
  scan_ = pos_;
  if (at_start_ && text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (skipping_ || text.size() > kMaxLine)
    l.bad = Bad::too_long;
  else if (text.find('\0') != std::string_view::npos)
    l.bad = Bad::nul;
  else
    l.text = text;
  at_start_ = skipping_ = rest_ = false;
  skipped_ = 0;
  return l;
}

bool LineReader::at_end() {
  return pos_ == end_ && !fill();
}

}  // namespace dp::tail
