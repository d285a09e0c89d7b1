#include "files/lines.h"

#include <cerrno>
#include <cstring>

namespace dp::files {

Result<LineReader> LineReader::open(const std::string& path, uint64_t offset) {
  LineReader r;
  r.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!r.file_) return make_error(std::strerror(errno), path);
  if (offset && fseeko(r.file_.get(), off_t(offset), SEEK_SET) != 0)
    return make_error(std::strerror(errno), path);
  r.offset_ = offset;
  r.buf_.resize(1u << 20);
  return r;
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
  if (n == 0) eof_ = true;
  return n > 0;
}

std::optional<std::string_view> LineReader::next() {
  while (true) {
    const char* start = buf_.data() + pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    if (nl) {
      size_t len = size_t(nl - start);
      offset_ += skipped_ + len + 1;
      pos_ += len + 1;
      too_long_ = skipping_;
      skipping_ = false;
      skipped_ = 0;
      if (too_long_) return std::string_view();
      if (len && start[len - 1] == '\r') --len;
      return std::string_view(start, len);
    }
    if (!fill()) return std::nullopt;
  }
}

}  // namespace dp::files
