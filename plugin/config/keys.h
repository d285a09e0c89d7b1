// Key tables: every configurable key is declared once (name, type, default, doc).
// The tables drive validation, docs/configuration.md and the example config.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/result.h"
#include "model/time.h"

namespace dp::config {

enum class KeyType {
  string,
  integer,
  number,
  boolean,
  duration,  // "30s", "5m", "24h", "2d" or a number of seconds
  secret,    // "${ENV_VAR}" or {secret_file: PATH}; never logged
  list,      // list of strings
  url,
  path,
};

struct KeySpec {
  std::string name;
  KeyType type = KeyType::string;
  std::string default_value;  // "" = no default
  std::string doc;            // one line
  bool required = false;
};

// A connector's declaration: its type name and its keys (besides `type` and `name`).
struct ConnectorSpec {
  std::string type;  // "rt", "files", "asterisk-queue-log", ...
  std::string doc;
  bool source = false;
  bool sink = false;
  std::vector<KeySpec> keys;
  // Values the example config shows for keys that have no default, so that the
  // example, with its secrets set, validates (e.g. rt's token of the token-or-password
  // pair).
  std::map<std::string, std::string> examples = {};
};

// A validated connector block: every declared key present (defaults filled in),
// secrets resolved. Values are kept as text; the accessors convert.
class Block {
 public:
  std::string type;
  std::string name;
  std::string where;         // "deskpulse.yaml:12:3 connectors.helpdesk" for messages
  int line = 0, column = 0;  // of the block's key in the file (1-based)
  std::string path;          // "connectors.helpdesk"
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists;
  std::set<std::string> secret_keys;  // keys whose values must never be printed

  bool has(const std::string& key) const {
    auto it = values.find(key);
    return (it != values.end() && !it->second.empty()) || lists.count(key);
  }
  std::string str(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  }
  long long integer(const std::string& key) const;
  double number(const std::string& key) const;
  bool boolean(const std::string& key) const;
  Seconds duration(const std::string& key) const;
  std::vector<std::string> list(const std::string& key) const {
    auto it = lists.find(key);
    return it == lists.end() ? std::vector<std::string>{} : it->second;
  }
};

// "30s" / "5m" / "2h" / "1d" / "90" -> seconds; nullopt when malformed.
std::optional<Seconds> parse_duration(const std::string& text);

}  // namespace dp::config
