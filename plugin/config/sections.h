// The core key tables (everything outside a connector's own keys), declared once.
// They drive validation, docs/configuration.md and the example config.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/keys.h"

namespace dp::config {

// One YAML map. `path` is dotted; a segment in angle brackets ("calendars.<name>")
// stands for a name the user chooses, so its parent is a map of such entries.
// A key named in angle brackets ("<kpi id>") accepts any name with that key's type.
struct Section {
  std::string path;
  std::string doc;
  std::vector<KeySpec> keys;
  std::map<std::string, std::vector<std::string>> choices;  // key -> allowed values
  std::map<std::string, std::string> examples;  // key -> value shown in the example file
  std::string example_name;                     // for a "<...>" section: the entry's name
};

const std::vector<Section>& core_sections();
const Section* find_section(const std::string& path);

// Direct sub-sections of `path` ("" = the root), by their last segment, in table order.
std::vector<std::string> child_sections(const std::string& path);

// The section of every connector block: type, name, enabled, interval plus `spec`'s keys.
Section connector_section(const ConnectorSpec* spec);

std::string type_name(KeyType t);
bool is_placeholder(const std::string& name);  // "<name>"

}  // namespace dp::config
