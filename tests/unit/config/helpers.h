// Shared by the config tests: fake connector types and a way to point at YAML text.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace dp::config::test {

inline std::vector<ConnectorSpec> fake_specs() {
  return {
      {"files",
       "canonical NDJSON files",
       true,
       false,
       {{"path", KeyType::path, "", "folder of the files", true}}},
      {"outbox",
       "writes to local files",
       false,
       true,
       {{"dir", KeyType::path, "", "folder written to", true}}},
      {"fake",
       "a helpdesk",
       true,
       true,
       {{"url", KeyType::url, "", "base URL", true},
        {"token", KeyType::secret, "", "API token", true},
        {"queues", KeyType::list, "", "queues to read", false},
        {"page_size", KeyType::integer, "100", "page size", false},
        {"ratio", KeyType::number, "", "a fraction", false},
        {"verbose", KeyType::boolean, "false", "talk more", false},
        {"lookback", KeyType::duration, "1d", "how far back", false}}},
  };
}

inline LoadResult load(const std::string& yaml, const std::vector<std::string>& known_kpis = {}) {
  return load_config_text(yaml, "/etc/deskpulse/t.yaml", fake_specs(), known_kpis);
}

// 1-based line and column of the first `needle` in `text` (what a user's editor shows).
struct Pos {
  int line = 0;
  int column = 0;
};
inline Pos pos_of(const std::string& text, const std::string& needle) {
  auto at = text.find(needle);
  if (at == std::string::npos) return {};
  auto line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return {line, static_cast<int>(at - line_start) + 1};
}

inline const Diagnostic* problem_at(const LoadResult& r, const std::string& key_path) {
  for (const auto& d : r.problems)
    if (d.key_path == key_path) return &d;
  return nullptr;
}

inline std::string all_problems(const LoadResult& r) {
  std::string s;
  for (const auto& d : r.problems) s += d.str() + "\n";
  return s;
}

// Asserts exactly one problem, at `key_path` and where `needle` is in `yaml`.
inline Diagnostic expect_one(const LoadResult& r, const std::string& yaml,
                             const std::string& key_path, const std::string& needle) {
  EXPECT_FALSE(r.config.has_value());
  EXPECT_EQ(r.problems.size(), 1u) << all_problems(r);
  const Diagnostic* d = problem_at(r, key_path);
  if (!d) {
    ADD_FAILURE() << "no problem at " << key_path << "; got:\n" << all_problems(r);
    return {};
  }
  Pos p = pos_of(yaml, needle);
  EXPECT_EQ(d->line, p.line) << d->str();
  EXPECT_EQ(d->column, p.column) << d->str();
  EXPECT_EQ(d->file, "/etc/deskpulse/t.yaml");
  return *d;
}

// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("dp-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
};

}  // namespace dp::config::test
