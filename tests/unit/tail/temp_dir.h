// A fresh directory per test, removed afterwards, and a file writer: what the tailer's
// tests (tail_test.cpp, lines_test.cpp) share.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace dp::tail::test {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("dp_tail_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write(const fs::path& p, const std::string& text, bool append = false) {
  std::ofstream out(p, (append ? std::ios::app : std::ios::trunc) | std::ios::binary);
  out << text;
}

}  // namespace dp::tail::test
