// Inside the config module: one value checked against its KeySpec.
#pragma once

#include "config/checker.h"

namespace dp::config {

// `text` with each ${VAR} replaced from the environment; nullopt (reported) when a
// variable is unset or the reference is malformed.
std::optional<std::string> substitute_env(Ctx& ctx, const std::string& text, const YAML::Mark& mark,
                                          const std::string& path);

// A relative path taken from the config file's folder.
std::string resolve_path(const Ctx& ctx, const std::string& path);

// Stores the checked value of `key` into `out` (values, lists or secret_keys).
// Returns false when a problem was reported; a null node stores nothing.
bool check_value(Ctx& ctx, const YAML::Node& node, const std::string& path, const KeySpec& spec,
                 const std::vector<std::string>* choices, Block& out, const std::string& key);

}  // namespace dp::config
