#include "asterisk/lines.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dp::asterisk {

namespace {

// Room for the longest line allowed and a "\r\n": a line not ended within it is too long.
constexpr size_t kBufMax = LineReader::kMaxLine + 2;
constexpr size_t kBufStart = 64u << 10;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string what_it_is(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

Error not_regular(const std::string& path, mode_t m) {
  return make_error("cannot read " + path + ": it is " + what_it_is(m) +
                    ", not a regular file (give the path of the log file)");
}

// Opened without blocking (a FIFO with no writer blocks a plain open) and checked on
// the open descriptor, so nothing can be swapped in between the check and the read.
Result<int> open_regular(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      return not_regular(path, st.st_mode);
    return make_error("cannot read " + path + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return not_regular(path, st.st_mode);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

Result<void> check_regular_file(const std::string& path) {
  auto fd = open_regular(path);
  if (!fd) return fd.error();
  ::close(*fd);
  return {};
}

Result<LineReader> LineReader::open(const std::string& path, uint64_t offset, bool skipping) {
  auto fd = open_regular(path);
  if (!fd) return fd.error();
  LineReader r;
  r.fd_ = *fd;
  if (offset && ::lseek(r.fd_, off_t(offset), SEEK_SET) < 0)
    return make_error("cannot read " + path + ": " + std::strerror(errno));
  r.offset_ = offset;
  r.skipping_ = r.rest_ = skipping;
  r.at_start_ = offset == 0 && !skipping;
  r.buf_.resize(kBufStart);
  return r;
}

LineReader::LineReader(LineReader&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      buf_(std::move(o.buf_)),
      pos_(o.pos_),
      scan_(o.scan_),
      end_(o.end_),
      offset_(o.offset_),
      skipped_(o.skipped_),
      skipping_(o.skipping_),
      rest_(o.rest_),
      at_start_(o.at_start_),
      eof_(o.eof_),
      error_(std::move(o.error_)) {}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
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
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
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

std::string bad_line_message(LineReader::Bad bad) {
  if (bad == LineReader::Bad::too_long)
    return "line longer than " + std::to_string(LineReader::kMaxLine) +
           " bytes; skipped (a log line is never this long: a damaged file?)";
  return "line with NUL bytes (a crash or a full disk leaves runs of them); skipped";
}

Result<void> for_each_line(const std::string& path,
                           const std::function<void(uint64_t, std::string_view)>& take,
                           std::vector<Rejection>& rejected, ReplacedBytes* replaced) {
  auto in = LineReader::open(path, 0);
  if (!in) return in.error();
  uint64_t n = 0;
  while (auto l = in->next()) {
    ++n;
    if (l->bad != LineReader::Bad::none)
      rejected.push_back({path + ":" + std::to_string(n), "", bad_line_message(l->bad)});
    else {
      if (replaced && !ReplacedBytes::clean(l->text))
        replaced->see(path + ":" + std::to_string(n), l->text);
      take(n, l->text);
    }
  }
  if (!in->error().empty()) return make_error("cannot read " + path + ": " + in->error());
  return {};
}

}  // namespace dp::asterisk
