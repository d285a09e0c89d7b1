// Inside the config module: checks one YAML map against a key table. yaml-cpp types
// stay in here; the public header does not expose them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/sections.h"

namespace dp::config {

class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Mark& mark, const std::string& key_path, std::string message);
  std::size_t count() const { return list_.size(); }
  std::vector<Diagnostic> sorted() const;

 private:
  std::string file_;
  std::vector<Diagnostic> list_;
};

struct Ctx {
  Problems& problems;
  std::string file;
  std::filesystem::path base_dir;  // relative paths are taken from here
};

std::string join_path(const std::string& path, const std::string& key);

struct Entry {
  std::string name;
  YAML::Node key;
  YAML::Node value;
};

// The entries of a map, each key a plain name and none twice. A null node (an empty
// section) has none; anything else that is not a map is reported.
std::vector<Entry> entries(Ctx& ctx, const YAML::Node& node, const std::string& path);

struct Checked {
  Block block;  // typed values as text, defaults filled in, secrets resolved
  std::map<std::string, YAML::Node> nodes;  // value node of every key present
  std::map<std::string, YAML::Mark> key_marks;
  YAML::Mark mark;  // of the map
  std::string path;
  bool ok = true;  // no problem found inside this map

  YAML::Mark where(const std::string& key) const;
  std::string at(const std::string& key) const { return join_path(path, key); }
};

// Checks types, choices and required keys; reports unknown keys with a suggestion.
// Keys of the section's sub-sections are accepted and left to the caller in `nodes`.
// `fallback` places problems of an empty map (e.g. the mark of its key).
Checked check_map(Ctx& ctx, const YAML::Node& node, const std::string& path, const Section& section,
                  const YAML::Mark& fallback = YAML::Mark::null_mark());

// check_map for a core section by its table path.
Checked check_section(Ctx& ctx, const YAML::Node& node, const std::string& path,
                      const std::string& table,
                      const YAML::Mark& fallback = YAML::Mark::null_mark());

}  // namespace dp::config
