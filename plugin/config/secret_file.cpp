#include "config/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dp::config {
namespace {

constexpr size_t kMaxSecretBytes = 64 * 1024;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
  return text;
}

}  // namespace

bool is_one_line(const std::string& secret) {
  return secret.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

Result<std::string> read_secret_file(const std::string& file) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below refuses it.
  Fd fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0)
    return make_error("cannot read secret_file " + file + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return make_error("cannot read secret_file " + file + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return make_error("secret_file " + file + " is not a regular file");
  if (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))
    return make_error("secret_file " + file + " is readable or writable by group or others (mode " +
                      octal_mode(st.st_mode) + "): chmod 600 " + file);
  // Read one byte past the cap rather than trusting st_size (the file may grow).
  std::string content(kMaxSecretBytes + 1, '\0');
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error("cannot read secret_file " + file + ": " + std::strerror(errno));
    if (n == 0) break;
    got += size_t(n);
  }
  if (got > kMaxSecretBytes) return make_error("secret_file " + file + " is larger than 64 KiB");
  content.resize(got);
  if (!content.empty() && content.back() == '\n') {
    content.pop_back();
    if (!content.empty() && content.back() == '\r') content.pop_back();
  }
  if (!is_one_line(content))
    return make_error("secret_file " + file +
                      " has a line break or NUL inside the secret: it must hold one line (one "
                      "trailing newline is allowed)");
  if (content.empty()) return make_error("secret_file " + file + " is empty");
  return content;
}

}  // namespace dp::config
