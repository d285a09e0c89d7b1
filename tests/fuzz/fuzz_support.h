// Shared by the fuzz targets (docs/reliability.md, "Fuzzing and sanitizers"): input
// splitting, a scratch file for readers that take a path, and the bounds every
// accepted record keeps. A broken bound aborts, so libFuzzer keeps the input as a crash
// and the replay test (replay_main.cpp) fails on it.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/records.h"

namespace dp::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Lines split on '\n' only: the readers' own line splitting (CR, CRLF, caps) is
// fuzzed through the files targets, which read a real file.
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// docs/reliability.md: durations 0..10 years, times 1970..9999 (model/time.h).
inline void check_duration(Seconds s, const std::string& what) {
  if (s < Seconds{0} || s > kLongestRecordDuration)
    broken(what + " = " + std::to_string(s.count()) + " s, outside 0..10 years");
}
inline void check_time(Time t, const std::string& what) {
  if (!record_time(t))
    broken(what + " = " + std::to_string(t.time_since_epoch().count()) + ", outside 1970..9999");
}
inline void check_time(const std::optional<Time>& t, const std::string& what) {
  if (t) check_time(*t, what);
}

inline void check_call(const Call& c) {
  const std::string& id = c.id;
  check_time(c.offered_at, id + " offered_at");
  check_time(c.answered_at, id + " answered_at");
  check_time(c.ended_at, id + " ended_at");
  check_duration(c.wait, id + " wait");
  check_duration(c.talk, id + " talk");
  check_duration(c.hold, id + " hold");
  check_duration(c.wrap, id + " wrap");
}

// One regular file per process, rewritten for each input: the file readers take a
// path and refuse what is not a regular file (so no memfd, whose /proc path is a
// symbolic link). Removed at exit.
class ScratchFile {
 public:
  static ScratchFile& get() {
    static ScratchFile f;
    return f;
  }
  const std::string& path() const { return path_; }
  void write(std::string_view text) {
    if (::ftruncate(fd_, 0) != 0 ||
        ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
      broken("cannot write the scratch file " + path_);
  }

 private:
  ScratchFile() {
    std::string templ = (std::filesystem::temp_directory_path() / "dp-fuzz-XXXXXX").string();
    fd_ = ::mkstemp(templ.data());
    if (fd_ < 0) broken("cannot create a scratch file in " + templ);
    path_ = templ;
  }
  ~ScratchFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  std::string path_;
  int fd_ = -1;
};

}  // namespace dp::fuzz
